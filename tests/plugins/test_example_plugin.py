"""The example third-party plugin (examples/mixplan-bluesky) installs with pip and loads like a built-in.

The package is installed into the test interpreter's environment from a copy of its source (so the
source tree gets no build artefacts) and uninstalled again at the end of the module.
"""

from __future__ import annotations

import dataclasses
import importlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
from mixplan.model import Channel, ContentItem, PlatformSpec
from mixplan.plugin_host import PluginHost, PluginInfo, RegisteredPlatform

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "mixplan-bluesky"
DISTRIBUTION = "mixplan-bluesky"


def _pip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def installed_example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Install the example package (idempotent: a second install replaces the first); uninstall afterwards."""
    source = tmp_path_factory.mktemp("example") / "mixplan-bluesky"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", ".*"))
    result = _pip("install", "--no-deps", "--no-build-isolation", "--no-index", str(source))
    assert result.returncode == 0, f"pip install failed:\n{result.stdout}\n{result.stderr}"
    importlib.invalidate_caches()
    try:
        yield version(DISTRIBUTION)
    finally:
        _pip("uninstall", "--yes", DISTRIBUTION)
        importlib.invalidate_caches()


@pytest.mark.slow
def test_installed_example_registers_like_a_builtin(installed_example: str) -> None:
    host = PluginHost(environ={})
    bluesky = host.platform("bluesky")
    instagram = host.platform("instagram")
    assert type(bluesky) is type(instagram) is RegisteredPlatform
    assert isinstance(bluesky.spec, PlatformSpec)
    assert PlatformSpec.model_validate_json(bluesky.spec.model_dump_json()) == bluesky.spec
    assert dataclasses.fields(bluesky.plugin) == dataclasses.fields(PluginInfo)
    assert bluesky.plugin == PluginInfo(name="bluesky", version=installed_example, source="entry point")
    assert installed_example == "0.1.0"
    assert not bluesky.plugin.builtin and instagram.plugin.builtin
    assert bluesky.spec.sources, "the example documents its defaults too"


@pytest.mark.slow
def test_installed_example_answers_its_hooks_and_obeys_load_plugins(installed_example: str) -> None:
    host = PluginHost(environ={"MIXPLAN_LOAD_PLUGINS": "bluesky"})
    assert set(host.platforms) == {"bluesky"}
    spec = host.platform("bluesky").spec
    text = spec.format("text")
    assert text is not None
    item = ContentItem(id="long", title="Long", category="news", formats=["text"], caption="é" * 301)
    results = host.call(
        "mixplan_validate_content", item=item, channel=Channel(id="b", platform="bluesky"), platform=spec, format=text
    )
    assert results == [("bluesky", ["post has 301 graphemes; Bluesky allows 300"])]


@pytest.mark.slow
def test_reinstalling_is_harmless(installed_example: str, tmp_path: Path) -> None:
    source = tmp_path / "mixplan-bluesky"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", ".*"))
    result = _pip("install", "--no-deps", "--no-build-isolation", "--no-index", str(source))
    assert result.returncode == 0, result.stderr
    importlib.invalidate_caches()
    assert "bluesky" in PluginHost(environ={"MIXPLAN_LOAD_PLUGINS": "bluesky"}).platforms


def test_the_examples_own_tests_pass() -> None:
    """The example's test suite (the one the plugin guide walks through) passes from a source checkout."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
