"""A hook gets private copies of its model arguments: what it changes never reaches mixplan or the next call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mixplan import hookimpl
from mixplan.engine import Engine
from mixplan.loading import load_scenario
from mixplan.plugin_host import PluginHost

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "shop" / "scenario.yaml"


class Mutator:
    """Changes every argument it is given and records what it saw."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, int, str]] = []

    @hookimpl
    def mixplan_validate_content(self, item: Any, channel: Any, platform: Any, format: Any) -> list[str]:
        self.seen.append((item.title, format.caption_max_chars, platform.name))
        item.title = "changed by a plugin"
        format.caption_max_chars = 1
        platform.name = "changed"
        channel.account = "changed"
        return []


def test_a_hook_that_changes_its_arguments_changes_nothing_outside_its_call() -> None:
    scenario = load_scenario(EXAMPLE)
    channel = scenario.channels[0]
    platform = Engine().platform_specs()[channel.platform]
    fmt = platform.formats[0]
    item = scenario.content[0]
    before = (item.model_copy(deep=True), channel.model_copy(deep=True), platform.model_copy(deep=True))
    mutator = Mutator()
    host = PluginHost(load_entry_points=False, extra_plugins={"mutator": mutator})
    for _ in range(3):
        host.call("mixplan_validate_content", only="mutator", item=item, channel=channel, platform=platform, format=fmt)
    assert (item, channel, platform) == before
    assert mutator.seen == [(before[0].title, fmt.caption_max_chars, before[2].name)] * 3
