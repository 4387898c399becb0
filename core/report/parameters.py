"""The solver settings of a plan in words a marketer reads, instead of the raw parameter dictionary."""

from __future__ import annotations

from mixplan.model.objective import MONEY_OBJECTIVES
from mixplan.model.plan import SolveReport
from mixplan.report.formatting import Formatter


def solve_parameters(report: SolveReport, fmt: Formatter) -> list[tuple[str, str]]:
    """(label, value) pairs for the settings a reader can act on; internal statistics are left out."""
    params = report.parameters
    rows: list[tuple[str, str]] = []
    if isinstance(params.get("time_limit_s"), int | float):
        rows.append(("Time limit", f"{fmt.number(params['time_limit_s'], 0)} s of solver work"))
    if isinstance(params.get("posting_time_limit_s"), int | float):
        rows.append(("Of which for posts", f"{fmt.number(params['posting_time_limit_s'], 1)} s"))
    if isinstance(params.get("deadline_s"), int | float):
        rows.append(("Wall-clock safety net", f"{fmt.number(params['deadline_s'], 0)} s"))
    if isinstance(params.get("relative_gap"), int | float):
        rows.append(("Stop within", f"{fmt.percent(params['relative_gap'], 2)} of the best possible plan"))
    if isinstance(params.get("workers"), int):
        rows.append(("Solver threads", str(params["workers"])))
    if isinstance(params.get("deterministic"), bool):
        rows.append(
            (
                "Repeatable",
                "yes: the same scenario and seed give the same plan"
                if params["deterministic"]
                else "no: runs may differ",
            )
        )
    return rows


def objective_value(kind: str, value: float | None, fmt: Formatter) -> str:
    """The objective's value in its unit: money for revenue, profit and spend objectives, a ratio otherwise."""
    if value is None:
        return "–"
    return fmt.money(round(value, 2)) if kind in MONEY_OBJECTIVES else fmt.ratio(value)
