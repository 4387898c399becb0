"""docs/platforms.md lists every default of every built-in platform with its source and year."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from mixplan.model import Channel
from mixplan.plugin_host import PluginHost
from support.platforms import BUILTIN_IDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "platforms.md"


def section(text: str, heading: str) -> str:
    """The text under a '## ' heading, up to the next one."""
    start = text.index(heading)
    following = text.find("\n## ", start + len(heading))
    return text[start : following if following != -1 else len(text)]


@pytest.mark.parametrize("platform_id", BUILTIN_IDS)
def test_every_sourced_default_is_documented(builtin_host: PluginHost, platform_id: str) -> None:
    spec = builtin_host.platform(platform_id).spec
    text = DOC.read_text(encoding="utf-8")
    heading = f"## {spec.name} (`{platform_id}`)"
    assert heading in text, f"docs/platforms.md has no section {heading!r}"
    body = section(text, heading)
    for fact in spec.sources:
        row = f"| `{fact.fact}` | {fact.source} | {fact.year if fact.year is not None else '—'} |"
        assert row in body, f"docs/platforms.md, {spec.name}: missing or outdated row for {fact.fact!r}"
    documented = len(re.findall(r"^\| `", body, flags=re.MULTILINE))
    assert documented == len(spec.sources), f"{spec.name}: the docs list defaults the plugin no longer declares"


def test_the_override_example_is_a_valid_scenario_fragment(builtin_host: PluginHost) -> None:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", section(text, "## Overriding a default"), flags=re.DOTALL)
    assert block is not None
    for raw in yaml.safe_load(block.group(1))["channels"]:
        channel = Channel.model_validate(raw)
        assert channel.platform in builtin_host.platforms
