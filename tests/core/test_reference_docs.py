"""The generated reference pages are current, every hook is documented, and every hook has a test."""

from __future__ import annotations

from pathlib import Path

import pytest
from reference_docs import hook_names, hooks_markdown, plan_markdown, scenario_markdown

ROOT = Path(__file__).resolve().parents[2]
REGENERATE = "regenerate with: python scripts/reference_docs.py docs/"


def test_scenario_reference_matches_the_model() -> None:
    assert (ROOT / "docs" / "scenario.md").read_text(encoding="utf-8") == scenario_markdown(), REGENERATE


def test_plan_reference_matches_the_model() -> None:
    assert (ROOT / "docs" / "plan.md").read_text(encoding="utf-8") == plan_markdown(), REGENERATE


def test_hook_reference_matches_the_hookspecs() -> None:
    assert (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8") == hooks_markdown(), REGENERATE


@pytest.mark.parametrize("hook", hook_names())
def test_every_hook_is_documented_with_a_docstring(hook: str) -> None:
    page = (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8")
    section = page.split(f"## `{hook}`", 1)
    assert len(section) == 2, f"{hook} is missing from docs/hooks.md"
    body = section[1].split("\n## ", 1)[0]
    assert len(body.split()) > 20, f"{hook} needs a real description"


@pytest.mark.parametrize("hook", hook_names())
def test_every_hook_has_a_test(hook: str) -> None:
    this_file = Path(__file__).resolve()
    mentions = [
        path
        for path in (ROOT / "tests").rglob("test_*.py")
        if path.resolve() != this_file and hook in path.read_text(encoding="utf-8")
    ]
    assert mentions, f"no test exercises the hook {hook}"


def test_hook_list_is_what_the_plugin_manager_knows() -> None:
    from mixplan.plugin_host import PluginHost

    host = PluginHost(load_entry_points=False, environ={"MIXPLAN_LOAD_PLUGINS": ""})
    known = {name for name in dir(host.manager.hook) if name.startswith("mixplan_")}
    assert known == set(hook_names())
