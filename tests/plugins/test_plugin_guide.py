"""docs/plugin-guide.md stays true to the example plugin and names every hook and loading control."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
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


EXAMPLE_BLOCK = re.compile(r"<!-- example file: (?P<path>[\w/.]+) -->\n```python\n(?P<code>.*?)```", flags=re.DOTALL)


def guide_files() -> dict[str, str]:
    """The example's files as the guide prints them, by path inside the example package."""
    return {match["path"]: match["code"] for match in EXAMPLE_BLOCK.finditer(GUIDE.read_text(encoding="utf-8"))}


def test_the_guide_prints_the_whole_example_package() -> None:
    files = guide_files()
    package = sorted(path.relative_to(EXAMPLE).as_posix() for path in (EXAMPLE / "mixplan_bluesky").glob("*.py"))
    assert sorted(files) == package
    for path, code in files.items():
        assert code == (EXAMPLE / path).read_text(encoding="utf-8"), f"docs/plugin-guide.md shows an old {path}"


BUILD_AND_USE = """
from mixplan.model import Channel, ContentItem
from mixplan.plugin_host import PluginHost
import mixplan_bluesky

assert mixplan_bluesky.__file__.startswith({root!r}), mixplan_bluesky.__file__
host = PluginHost(load_entry_points=False, extra_plugins={{"bluesky": mixplan_bluesky}}, environ={{}})
spec = host.platform("bluesky").spec
assert spec.posting.publish_quota == 1666 and not spec.ads.supports_ads
assert "posting.publish_quota = 1666" in [fact.fact for fact in spec.sources]
item = ContentItem(id="long", title="Long", category="news", formats=["text"], caption="🇯🇵" * 301)
results = host.call(
    "mixplan_validate_content", item=item, channel=Channel(id="b", platform="bluesky"), platform=spec,
    format=spec.format("text"),
)
print(results)
"""


def test_the_guides_code_blocks_build_a_working_plugin(tmp_path: Path) -> None:
    for path, code in guide_files().items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(code, encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", BUILD_AND_USE.format(root=str(tmp_path))],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "post has 301 graphemes; Bluesky allows 300" in result.stdout
