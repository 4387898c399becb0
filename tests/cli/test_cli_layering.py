"""The command line imports only the `mixplan` package face, never the solver directly."""

from __future__ import annotations

import ast
from pathlib import Path

import mixplan

CLI = Path(__file__).resolve().parents[2] / "cli"


def test_cli_never_imports_the_solver() -> None:
    offenders = []
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            offenders += [f"{path.name}: {name}" for name in names if name.startswith("mixplan.solver")]
    assert offenders == []


def test_progress_and_exporter_are_exported() -> None:
    from mixplan.exporters import Exporter
    from mixplan.solver.options import Progress

    assert mixplan.Progress is Progress and mixplan.Exporter is Exporter
    assert {"Progress", "Exporter"} <= set(mixplan.__all__)
