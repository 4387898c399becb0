"""Benchmark: the bundled example scenario (examples/shop), posting + spend + boosts solved jointly.

Run:  .venv/bin/python benchmarks/bench_example.py [--time-limit 10] [--markdown]

Prints, for mixplan and for the baselines (greedy by value for the posts plus greedy marginal return
for the spend), the objective as % of mixplan's proven upper bound, the wall time and the gap.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baselines_posting import greedy_value  # noqa: E402
from baselines_spend import greedy_marginal  # noqa: E402
from mixplan import Engine, load_scenario  # noqa: E402
from mixplan.solver import SolveOptions  # noqa: E402
from mixplan.solver.solve_problem import solve  # noqa: E402

EXAMPLE = HERE.parent / "examples" / "shop" / "scenario.yaml"


def main() -> None:
    """Solve the example and the baselines; print one row each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--markdown", action="store_true", help="print Markdown table rows")
    arguments = parser.parse_args()

    engine = Engine()
    scenario = load_scenario(EXAMPLE)
    started = time.perf_counter()
    problem = engine.compile(scenario).problem
    compile_seconds = time.perf_counter() - started

    started = time.perf_counter()
    solution = solve(problem, SolveOptions(time_limit_s=arguments.time_limit, seed=arguments.seed))
    seconds = time.perf_counter() - started
    bound = solution.best_bound or float("nan")
    objective = solution.objective or 0.0

    started = time.perf_counter()
    _posts, organic = greedy_value(problem)
    paid_channels = tuple(channel for channel in problem.channels if channel.ads is not None)
    spend_only = dataclasses.replace(problem, channels=paid_channels, items=(), spend_bounds=())
    greedy_spend = greedy_marginal(spend_only)
    baseline_seconds = time.perf_counter() - started
    baseline = organic + greedy_spend.value

    rows = [
        ("mixplan (joint)", objective, seconds, solution.gap, solution.status.value),
        ("greedy posts + greedy spend", baseline, baseline_seconds, None, "no bound"),
    ]
    print(
        f"example: {len(problem.items)} items, {len(problem.channels)} channels, {problem.days} days; "
        f"compile {compile_seconds:.2f} s; upper bound {bound / 100:,.2f}"
    )
    for name, value, wall, gap, status in rows:
        share = 100.0 * value / bound
        gap_text = "–" if gap is None else f"{gap:.3%}"
        if arguments.markdown:
            print(f"| example joint | {name} | {share:.2f} % | {wall:.2f} s | {gap_text} | {status} |")
        else:
            print(f"{name:<30} {share:7.2f} % of bound  {wall:6.2f} s  gap {gap_text:>8}  {status}")


if __name__ == "__main__":
    main()
