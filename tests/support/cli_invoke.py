"""Paths and types shared by the command-line tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "shop" / "scenario.yaml"

Invoke = Callable[..., Result]
"""`mixplan(*args)` from the `mixplan` fixture: runs the command line in-process."""
