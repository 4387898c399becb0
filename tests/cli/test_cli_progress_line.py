"""The progress line shows the plan's objective in the plan's unit and the whole plan's gap, in every phase."""

from __future__ import annotations

from mixplan import Progress
from mixplan.cli.solving import LINE_WIDTH, ProgressBoard


def _report(phase: str, objective: float | None, bound: float | None, plan: float | None, plan_gap: float | None):
    return Progress(
        elapsed_s=1.0,
        objective=objective,
        best_bound=bound,
        gap=None,
        phase=phase,
        plan_objective=plan,
        plan_bound=None,
        plan_gap=plan_gap,
    )


def test_the_first_line_names_the_objective_before_any_report() -> None:
    board = ProgressBoard("max_revenue", time_limit_s=10.0, unit="EUR")
    first = board.line().plain
    assert first.startswith("solving") and "/10 s" in first and "0%" in first
    assert "max_revenue no plan yet" in first and "gap –" in first and first.endswith("starting")


def test_every_phase_shows_the_plans_objective_in_its_unit_not_the_phases_own_figures() -> None:
    board = ProgressBoard("max_revenue", time_limit_s=10.0, unit="EUR")
    lines = []
    for phase, own, plan, gap in (
        ("first plan", 65_582.84, 65_582.84, None),
        ("bound: column generation", 30_101.98, 65_582.84, 0.1055),  # a calendar value, not the plan's
        ("spend: greedy", 73_289.09, 73_289.09, 0.000096),
    ):
        board.update(_report(phase, own, own * 1.01, plan, gap))
        lines.append(board.line().plain)
    assert "max_revenue 65,582.84 EUR · gap –" in lines[0]
    assert "max_revenue 65,582.84 EUR · gap 10.55%" in lines[1] and "30,101.98" not in lines[1]
    assert "max_revenue 73,289.09 EUR · gap 0.01%" in lines[2]
    phases = ["first plan", "bound: column generation", "spend: greedy"]
    for line, phase in zip(lines, phases, strict=True):  # the phase comes last, cut to fit 80 columns
        assert len(line) <= LINE_WIDTH and phase.startswith(line.rsplit(" · ", 1)[1].rstrip("…"))


def test_a_ratio_objective_has_no_currency() -> None:
    board = ProgressBoard("max_roas", time_limit_s=10.0)
    board.update(_report("max_roas", 4.2, 4.4, 4.2, 0.0455))
    assert "max_roas 4.20 · gap 4.55%" in board.line().plain


def test_without_a_time_limit_the_line_still_shows_elapsed_time_and_gap() -> None:
    board = ProgressBoard("max_profit", unit="EUR")
    board.update(_report("bound: flow prices", None, 10.0, None, None))
    line = board.line().plain
    assert line.startswith("solving") and "no plan yet" in line and "gap –" in line


def test_the_line_fits_80_columns_with_a_long_phase_and_a_large_amount() -> None:
    board = ProgressBoard("min_spend_for_revenue", time_limit_s=3600.0, unit="EUR")
    board.update(_report("bound: column generation (after presolve), round 12", 1.0, 2.0, 123_456_789.12, 0.0004))
    line = board.line().plain
    assert len(line) <= LINE_WIDTH and "123,456,789.12 EUR" in line and line.endswith("…")


def test_stopping_replaces_the_phase() -> None:
    board = ProgressBoard("max_revenue", time_limit_s=10.0, unit="EUR")
    board.update(_report("spend: greedy", 1.0, 2.0, 1.0, 0.5))
    board.stopping = True
    assert "keeping the best plan so far" in board.line().plain
