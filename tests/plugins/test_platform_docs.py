"""docs/platforms.md lists every default of every built-in platform with its source and year, generated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from mixplan.model import Channel
from mixplan.plugin_host import PluginHost
from reference_docs import platforms_markdown
from support.platforms import BUILTIN_IDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "platforms.md"


def section(text: str, heading: str) -> str:
    """The text under a '## ' heading, up to the next one."""
    start = text.index(heading)
    following = text.find("\n## ", start + len(heading))
    return text[start : following if following != -1 else len(text)]


def test_the_generated_tables_are_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert text == platforms_markdown(text), "regenerate with: python scripts/reference_docs.py docs/"


@pytest.mark.parametrize("platform_id", BUILTIN_IDS)
def test_every_builtin_platform_has_a_section_with_its_generated_table(
    builtin_host: PluginHost, platform_id: str
) -> None:
    spec = builtin_host.platform(platform_id).spec
    text = DOC.read_text(encoding="utf-8")
    heading = f"## {spec.name} (`{platform_id}`)"
    assert heading in text, f"docs/platforms.md has no section {heading!r}"
    assert f"<!-- generated: the defaults of {platform_id} " in section(text, heading)


def test_a_table_of_an_unknown_platform_is_refused() -> None:
    stale = "<!-- generated: the defaults of myspace (old) -->\n| x |\n<!-- end generated -->"
    with pytest.raises(KeyError, match="myspace"):
        platforms_markdown(stale)


def test_the_override_example_is_a_valid_scenario_fragment(builtin_host: PluginHost) -> None:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", section(text, "## Overriding a default"), flags=re.DOTALL)
    assert block is not None
    for raw in yaml.safe_load(block.group(1))["channels"]:
        channel = Channel.model_validate(raw)
        assert channel.platform in builtin_host.platforms
