"""Tests of the example plugin, the way a plugin author would write them.

They load the plugin into a real mixplan PluginHost (no mocks): once handed in directly, which
works from a source checkout, and the installed package is found through its entry point too.
"""

from __future__ import annotations

import mixplan_bluesky
import pytest
from mixplan.model import ContentItem
from mixplan.plugin_host import PluginHost
from mixplan_bluesky.text import graphemes


def host() -> PluginHost:
    """A host with the built-ins and this plugin handed in directly (entry points off: no second copy)."""
    return PluginHost(load_entry_points=False, extra_plugins={"bluesky": mixplan_bluesky}, environ={})


def test_registers_bluesky() -> None:
    registered = host().platform("bluesky")
    assert registered.plugin.name == "bluesky"
    assert registered.spec.ads.supports_ads is False
    assert registered.spec.posting.publish_quota == 1_666


def test_counts_graphemes_not_code_points() -> None:
    spec = host().platform("bluesky").spec
    flags = "🇯🇵" * 300  # 600 code points, 300 graphemes
    fits = ContentItem(id="a", title="Flags", category="fun", formats=["text"], caption=flags)
    too_long = ContentItem(id="b", title="Flags", category="fun", formats=["text"], caption=flags + "!")
    text = spec.format("text")
    assert text is not None
    assert mixplan_bluesky.mixplan_validate_content(fits, None, spec, text) == []  # type: ignore[arg-type]
    problems = mixplan_bluesky.mixplan_validate_content(too_long, None, spec, text)  # type: ignore[arg-type]
    assert problems is not None
    assert "301 graphemes; Bluesky allows 300" in problems[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc", 3),
        ("e\u0301", 1),  # e + combining acute accent
        ("🇯🇵🇫🇷", 2),  # two flags, four regional indicators
        ("👩\u200d💻", 1),  # woman + zero-width joiner + laptop
        ("👍🏽", 1),  # thumbs up + skin tone
        ("❤\ufe0f", 1),  # heart + variation selector
    ],
)
def test_graphemes(text: str, expected: int) -> None:
    assert graphemes(text) == expected
