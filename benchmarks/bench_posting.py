"""Benchmark: the posting calendar alone on seeded generated instances (items × channels × days of hourly slots).

Run:  .venv/bin/python benchmarks/bench_posting.py [--sizes 50x8x7 200x8x28 1000x8x28] [--seeds 1 2 3]
      [--time-limit 10] [--time-limit-large 60] [--variant "no mix" | rules-heavy] [--markdown]

For each instance (benchmarks/posting_instances.py) it runs mixplan's ``solve_posting`` and the
greedy-by-value baseline (benchmarks/baselines_posting.py) and prints the objective as % of
mixplan's proven upper bound, the wall time, the proven gap and the status; every schedule is
checked against every rule first. Instances with more than 500 items get ``--time-limit-large``.
The solver runs with ``deterministic=True`` (work budget = 70 % of the limit, wall limit as safety).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baselines_posting import greedy_by_value  # noqa: E402
from mixplan.solver import SolveOptions  # noqa: E402
from mixplan.solver.posting import posting_value, posting_violations, solve_posting  # noqa: E402
from posting_instances import posting_problem, rules_heavy_problem  # noqa: E402


def run(
    n_items: int, n_channels: int, days: int, seed: int, limit: float, workers: int, variant: str = ""
) -> list[dict[str, object]]:
    """Solve one instance with mixplan and the greedy baseline; one row per method."""
    if variant == "rules-heavy":
        problem = rules_heavy_problem(n_items, n_channels, days, seed)
    else:
        problem = posting_problem(n_items, n_channels, days, seed, category_mix=variant != "no mix")
    name = f"{n_items}×{n_channels}×{days}" + (f" {variant}" if variant else "")
    started = time.perf_counter()
    result = solve_posting(problem, SolveOptions(seed=0, workers=workers), time_limit_s=limit)
    seconds = time.perf_counter() - started
    problems = posting_violations(problem, result.posts)
    bound = result.bound
    rows: list[dict[str, object]] = [
        {
            "size": name,
            "seed": seed,
            "method": "mixplan",
            "limit": limit,
            "pct": 100.0 * result.value / bound if bound > 0 else float("nan"),
            "seconds": seconds,
            "gap": result.gap,
            "status": result.status.value if not problems else f"INVALID: {problems[0]}",
            "value": result.value,
            "bound": bound,
        }
    ]
    started = time.perf_counter()
    posts = greedy_by_value(problem)
    seconds = time.perf_counter() - started
    value = posting_value(problem, posts)
    problems = posting_violations(problem, posts)
    rows.append(
        {
            "size": name,
            "seed": seed,
            "method": "greedy by value",
            "limit": None,
            "pct": 100.0 * value / bound if bound > 0 else float("nan"),
            "seconds": seconds,
            "gap": (bound - value) / value if value > 0 else None,
            "status": "feasible" if not problems else f"INVALID: {problems[0]}",
            "value": value,
            "bound": bound,
        }
    )
    return rows


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["50x8x7", "50x8x28", "200x8x28", "1000x8x28"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--time-limit-large", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--variant",
        choices=["", "no mix", "rules-heavy"],
        default="",
        help="'no mix': without the weekly category shares; 'rules-heavy': every rule family",
    )
    parser.add_argument("--markdown", action="store_true", help="print Markdown table rows")
    arguments = parser.parse_args()
    load = os.getloadavg()
    print(f"# load average before the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    header = ("instance", "seed", "method", "% of bound", "wall s", "gap", "status")
    if arguments.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
    else:
        print(
            f"{header[0]:<24} {header[1]:>4}  {header[2]:<16} {header[3]:>10} {header[4]:>7} {header[5]:>8}  "
            f"{header[6]}"
        )
    for size in arguments.sizes:
        n_items, n_channels, days = (int(x) for x in size.lower().split("x"))
        limit = arguments.time_limit_large if n_items > 500 else arguments.time_limit
        for seed in arguments.seeds:
            for row in run(n_items, n_channels, days, seed, limit, arguments.workers, arguments.variant):
                gap = "—" if row["gap"] is None else f"{100.0 * float(row['gap']):.2f} %"  # type: ignore[arg-type]
                pct = f"{float(row['pct']):.2f}"  # type: ignore[arg-type]
                secs = f"{float(row['seconds']):.1f}"  # type: ignore[arg-type]
                cells = (str(row["size"]), str(row["seed"]), str(row["method"]), pct, secs, gap, str(row["status"]))
                if arguments.markdown:
                    print("| " + " | ".join(cells) + " |", flush=True)
                else:
                    print(
                        f"{cells[0]:<24} {cells[1]:>4}  {cells[2]:<16} {cells[3]:>10} {cells[4]:>7} {cells[5]:>8}  "
                        f"{cells[6]}",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
