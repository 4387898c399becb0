"""docs/plugin-guide.md stays true to the example plugin and names every hook and loading control."""

from __future__ import annotations

import inspect
import tomllib
from pathlib import Path

from mixplan import hookspecs

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "plugin-guide.md"
EXAMPLE = ROOT / "examples" / "mixplan-bluesky"


def test_the_guide_shows_the_examples_real_entry_point() -> None:
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    entry_points = project["entry-points"]["mixplan"]
    guide = GUIDE.read_text(encoding="utf-8")
    for name, target in entry_points.items():
        assert f'{name} = "{target}"' in guide
    assert f'name = "{project["name"]}"' in guide
    assert f'version = "{project["version"]}"' in guide


def test_the_guide_names_every_hook_and_loading_control() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    hooks = [name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("mixplan_")]
    assert len(hooks) >= 7
    for hook in hooks:
        assert f"`{hook}(" in guide, f"the plugin guide does not mention {hook}"
    for control in ("MIXPLAN_LOAD_PLUGINS", "MIXPLAN_TRACE_PLUGINS", "--plugins-dir", "unknown hook", "extra_plugins"):
        assert control in guide
