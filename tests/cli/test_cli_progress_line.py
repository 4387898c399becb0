"""The progress line names the objective and its unit from the first line on."""

from __future__ import annotations

from mixplan.cli.solving import ProgressBoard
from mixplan.solver import Progress


def test_the_first_line_names_the_objective_before_any_report() -> None:
    board = ProgressBoard("max_revenue in EUR")
    first = board.line().plain
    assert "max_revenue in EUR" in first and "best –" in first
    board.update(Progress(elapsed_s=1.0, objective=1234.5, best_bound=1300.0, gap=0.05, phase="spend"))
    later = board.line().plain
    assert "max_revenue in EUR" in later and "best 1,234.50" in later and "gap 5.00%" in later
