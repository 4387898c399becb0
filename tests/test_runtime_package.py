"""Dev-only modules stay out of the installed package: they live in tests/support/ and scripts/."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("module", ["mixplan.synthetic", "mixplan.reference_docs", "mixplan.fitting.recovery"])
def test_dev_only_module_is_not_in_the_runtime_package(module: str) -> None:
    assert importlib.util.find_spec(module) is None, f"{module} ships with mixplan; it belongs in tests/ or scripts/"


@pytest.mark.parametrize(
    "path", ["tests/support/synthetic.py", "tests/support/recovery.py", "scripts/reference_docs.py"]
)
def test_the_dev_tools_are_where_the_docs_say(path: str) -> None:
    assert (ROOT / path).is_file()
    mentioned = " ".join(page.read_text(encoding="utf-8") for page in (ROOT / "docs").glob("*.md"))
    assert path in mentioned or Path(path).name in mentioned
