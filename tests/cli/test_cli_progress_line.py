"""The progress line names the objective from the first line on, in the same measures in every phase."""

from __future__ import annotations

from mixplan.cli.solving import ProgressBoard
from mixplan.solver import Progress


def test_the_first_line_names_the_objective_before_any_report() -> None:
    board = ProgressBoard("max_revenue", time_limit_s=10.0)
    first = board.line().plain
    assert "max_revenue" in first and "gap –" in first and "/10 s" in first and "0%" in first


def test_every_phase_shows_the_same_measures_and_no_raw_figures_of_another_unit() -> None:
    board = ProgressBoard("max_revenue", time_limit_s=10.0)
    lines = []
    for phase, objective, bound, gap in (
        ("posting: greedy", 17.25, 40.5, 0.5741),  # posting value, not money
        ("spend", 1234.5, 1300.0, 0.05),  # revenue in EUR
        ("max_roas", 4.2, 4.4, 0.0455),  # a ratio
    ):
        board.update(Progress(elapsed_s=1.0, objective=objective, best_bound=bound, gap=gap, phase=phase))
        lines.append(board.line().plain)
    for line, figures, gap in zip(lines, ("17.25", "1,234.50", "4.20"), ("57.41%", "5.00%", "4.55%"), strict=True):
        assert f"gap {gap}" in line and "/10 s" in line and "plan found" in line
        assert figures not in line
    assert [line.split(" · ")[0][:8] for line in lines] == ["solving "] * 3
    assert [len(line.split(" · ")) for line in lines] == [5, 5, 5]


def test_without_a_time_limit_the_line_still_shows_elapsed_time_and_gap() -> None:
    board = ProgressBoard("max_profit")
    board.update(Progress(elapsed_s=1.0, objective=None, best_bound=10.0, gap=None, phase="bound: flow prices"))
    line = board.line().plain
    assert line.startswith("solving") and "no plan yet" in line and "gap –" in line


def test_the_line_fits_80_columns_with_a_typical_phase() -> None:
    board = ProgressBoard("max_revenue", time_limit_s=30.0)
    board.update(Progress(elapsed_s=1.0, objective=1.0, best_bound=2.0, gap=0.0004, phase="master duals"))
    assert len(board.line().plain) <= 80
