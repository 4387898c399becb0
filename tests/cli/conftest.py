"""Fixtures for command-line tests: a CliRunner bound to a fresh SQLite database and runs stored in it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from mixplan.cli.main import cli

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "shop" / "scenario.yaml"

Invoke = Callable[..., Result]


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh SQLite database for the test."""
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def mixplan(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Invoke:
    """Run `mixplan ARGS…` in-process against the test database, with the working directory in tmp_path."""
    monkeypatch.setenv("MIXPLAN_DB", db_url)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke
