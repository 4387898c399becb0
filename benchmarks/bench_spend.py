"""Benchmark: ad spend only, on seeded generated instances (``instances.py``).

Run:  .venv/bin/python benchmarks/bench_spend.py [--seeds 3] [--markdown docs-rows.md] [--quick]

Instances: N = 5, 20, 100, 500 channels in one period, and N = 20 channels x 90 days with daily
caps, seasonality and change limits (Hill curves, shapes 0.8-3, a third with a minimum daily spend).
Methods, in the same run:
- mixplan: ``solve()`` with default options except the time limit (2 s single period, 5 s for 20 x 90);
- scipy SLSQP from a uniform start (continuous, as the marketing-mix tools run it), maxiter 2000 and a
  wall cap per run of 30 s (single period) or 60 s (20 x 90), repaired to a feasible grid plan
  (see ``baselines_spend.py``);
- greedy marginal return, one grid step at a time.
Each plan is scored as % of a valid upper bound: "UB" is the smaller of the LP over every
channel-day's concave envelope (change limits dropped; evaluated as a Lagrangian bound on the grid so
it does not depend on the LP solver's tolerance) and mixplan's proven bound (which keeps the change
limits and, where CP-SAT finished, the integrality); "% of LP" uses the envelope LP alone. The table
is the median over seeds, with the worst seed's percentage in brackets.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baselines_spend import feasible, greedy_marginal, grid_value, slsqp  # noqa: E402
from instances import HillChannel, spend_multi_day, spend_single_period  # noqa: E402
from mixplan.solver import Problem, SolveOptions, solve  # noqa: E402
from mixplan.solver.spend.build import build_spend_model  # noqa: E402
from mixplan.solver.spend.relax import envelope_lp, lagrangian  # noqa: E402

Generator = Callable[[int], tuple[Problem, list[HillChannel]]]


@dataclass(frozen=True)
class Row:
    """One method on one instance family: medians over seeds."""

    case: str
    method: str
    share: float
    worst: float
    lp_share: float
    seconds: float
    max_seconds: float
    gap: float | None
    note: str


def envelope_bound(problem: Problem) -> float:
    """The concave-envelope LP bound (change limits dropped), as a Lagrangian bound on the grid."""
    model = build_spend_model(problem)
    return lagrangian(model, envelope_lp(model).duals).bound


def run_case(label: str, make: Generator, seeds: list[int], limit: float, slsqp_cap: float) -> list[Row]:
    """Solve every seed with every method; one row per method with the median over seeds."""
    results: dict[str, list[tuple[float, float, float | None, str, float]]] = {"mixplan": [], "SLSQP": [], "greedy": []}
    for seed in seeds:
        problem, channels = make(seed)
        lp = envelope_bound(problem)
        started = time.perf_counter()
        solution = solve(problem, SolveOptions(time_limit_s=limit, seed=seed))
        seconds = time.perf_counter() - started
        plan = np.asarray(solution.spend)
        assert feasible(problem, plan), "mixplan returned an infeasible plan"
        value = grid_value(problem, plan)
        bound = min(lp, solution.best_bound) if solution.best_bound is not None else lp
        results["mixplan"].append((value / bound, seconds, solution.gap, solution.status.value, value / lp))
        fitted = slsqp(problem, channels, time_cap_s=slsqp_cap)
        assert feasible(problem, fitted.spend), "SLSQP repair produced an infeasible plan"
        continuous = (
            ""
            if fitted.continuous_value is None
            else f"; continuous plan {100 * fitted.continuous_value / bound:.2f} %"
        )
        results["SLSQP"].append(
            (fitted.value / bound, fitted.seconds, None, fitted.note + continuous, fitted.value / lp)
        )
        greedy = greedy_marginal(problem)
        assert feasible(problem, greedy.spend), "greedy produced an infeasible plan"
        results["greedy"].append((greedy.value / bound, greedy.seconds, None, greedy.note, greedy.value / lp))
    rows = []
    for method, entries in results.items():
        gaps = [e[2] for e in entries if e[2] is not None]
        rows.append(
            Row(
                case=label,
                method=method,
                share=statistics.median(e[0] for e in entries),
                worst=min(e[0] for e in entries),
                lp_share=statistics.median(e[4] for e in entries),
                seconds=statistics.median(e[1] for e in entries),
                max_seconds=max(e[1] for e in entries),
                gap=max(gaps) if gaps else None,
                note=entries[len(entries) // 2][3],
            )
        )
    return rows


def _single(count: int) -> Generator:
    def make(seed: int) -> tuple[Problem, list[HillChannel]]:
        return spend_single_period(count, seed)

    return make


def _multi_day(seed: int) -> tuple[Problem, list[HillChannel]]:
    return spend_multi_day(20, 90, seed)


def main() -> None:
    """Run the cases and print the table (and Markdown rows when asked)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="N=5, 20, 100 only, one seed")
    parser.add_argument("--markdown", type=Path, help="write the rows as a Markdown table to this file")
    parser.add_argument("--slsqp-cap", type=float, default=30.0, help="SLSQP wall cap per run (s); doubled for 20x90")
    arguments = parser.parse_args()
    seeds = list(range(1, (1 if arguments.quick else arguments.seeds) + 1))
    cases: list[tuple[str, Generator, float]] = [(f"N={n}, 1 period", _single(n), 2.0) for n in (5, 20, 100, 500)]
    cases.append(("N=20 x 90 days", _multi_day, 5.0))
    if arguments.quick:
        cases = cases[:3]
    rows: list[Row] = []
    for label, make, limit in cases:
        case_seeds = seeds[:2] if "90" in label else seeds
        print(f"{label}: {len(case_seeds)} seeds ...", flush=True)
        cap = 2 * arguments.slsqp_cap if "90" in label else arguments.slsqp_cap
        for row in run_case(label, make, case_seeds, limit, cap):
            rows.append(row)
            gap = "–" if row.gap is None else f"{row.gap:.4%}"
            print(
                f"  {row.method:<8} {100 * row.share:8.3f} % of UB (worst {100 * row.worst:.3f} %,"
                f" {100 * row.lp_share:.3f} % of LP)"
                f"  {row.seconds:7.2f} s (max {row.max_seconds:.2f})  gap {gap:>9}  {row.note}",
                flush=True,
            )
    if arguments.markdown:
        lines = [
            "| instance | method | % of UB (median, worst) | % of LP bound | wall time (median, max) "
            "| proven gap (worst) | notes |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in rows:
            gap = "–" if row.gap is None else f"{row.gap:.4%}"
            lines.append(
                f"| {row.case} | {row.method} | {100 * row.share:.3f} % ({100 * row.worst:.3f} %) | "
                f"{100 * row.lp_share:.3f} % | "
                f"{row.seconds:.2f} s ({row.max_seconds:.2f} s) | {gap} | {row.note} |"
            )
        arguments.markdown.write_text("\n".join(lines) + "\n")
        print(f"wrote {arguments.markdown}")


if __name__ == "__main__":
    main()
