"""Benchmark: every rule family on and off, worst seed and median, against greedy, idle and under load.

Run:  .venv/bin/python benchmarks/bench_families.py [--seeds 10] [--families spend-day-lo,post-rules]
                                                   [--no-load-check] [--markdown rows.md]

For each family of ``families.py`` and each seed, in the same process:
- mixplan: ``solve()`` with the family's time limit, deterministic mode (the default);
- greedy: the cheap constructive method a user would write first — for spend, greedy marginal
  allocation that meets the minimums first and then jumps to the best average return
  (``greedy_solution``, after the single-channel-day rules are folded into the grid, as any greedy
  on a grid does: without that step it finds no plan on the minimum families); for posts, greedy by value
  (``baselines_posting.greedy_by_value``).
Both are scored as % of the same valid upper bound (mixplan's proven bound, and for spend also the
concave-envelope LP). The table gives the median and the worst seed, the slowest solve, how often
mixplan was below greedy or had no plan where greedy had one, and ``stopped_by``.

The load check (on by default) re-solves the first seed of every family beside two CPU-burning
processes and reports whether the plan stayed byte-identical.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baselines_posting import greedy_by_value  # noqa: E402
from families import POSTING_FAMILIES, SPEND_FAMILIES  # noqa: E402
from mixplan.solver import Problem, Solution, SolveOptions, solve  # noqa: E402
from mixplan.solver.posting.instance import PostingInstance  # noqa: E402
from mixplan.solver.posting.rules import schedule_violations  # noqa: E402
from mixplan.solver.posting.value import posting_value  # noqa: E402
from mixplan.solver.spend.build import build_spend_model  # noqa: E402
from mixplan.solver.spend.greedy import greedy_solution  # noqa: E402
from mixplan.solver.spend.presolve import presolve  # noqa: E402
from mixplan.solver.spend.relax import envelope_lp, lagrangian  # noqa: E402


@dataclass
class Outcome:
    """One seed of one family."""

    share: float | None  # mixplan, % of the bound (None: no plan)
    greedy: float | None  # greedy, % of the bound (None: no plan)
    seconds: float
    stopped_by: str
    plan: str  # a fingerprint of the plan, for the load check


def _fingerprint(solution: Solution) -> str:
    return repr((solution.spend, solution.posts))


def spend_greedy(problem: Problem) -> float | None:
    """The spend greedy's objective (None when it finds no feasible plan)."""
    model = presolve(build_spend_model(problem))
    choice = greedy_solution(model)
    return None if choice is None else model.objective_of(choice)


def posting_greedy(problem: Problem) -> float | None:
    """Greedy by value's schedule value (None when its schedule breaks a rule)."""
    posts = greedy_by_value(problem)
    inst = PostingInstance(problem)
    if schedule_violations(inst, posts):
        return None
    return float(posting_value(problem, posts))


def run_one(problem: Problem, limit: float, seed: int, spend: bool) -> Outcome:
    """Solve with mixplan and greedy; both as % of the tightest valid bound known."""
    started = time.perf_counter()
    solution = solve(problem, SolveOptions(time_limit_s=limit, seed=seed))
    seconds = time.perf_counter() - started
    greedy = spend_greedy(problem) if spend else posting_greedy(problem)
    bounds = [b for b in (solution.best_bound,) if b is not None]
    if spend:
        model = build_spend_model(problem)
        bounds.append(lagrangian(model, envelope_lp(model).duals).bound)
    bound = min(bounds) if bounds else None
    if bound is not None and solution.objective is not None:
        bound = max(bound, solution.objective)
    if bound is not None and greedy is not None:
        bound = max(bound, greedy)

    def pct(value: float | None) -> float | None:
        if value is None or bound is None or bound <= 0:
            return None
        return 100.0 * value / bound

    return Outcome(pct(solution.objective), pct(greedy), seconds, solution.stopped_by, _fingerprint(solution))


def _burn(seconds: float) -> None:
    end = time.perf_counter() + seconds
    x = 0
    while time.perf_counter() < end:
        x += 1


def under_load(problem: Problem, limit: float, seed: int) -> str:
    """The plan's fingerprint, solved beside two CPU-burning processes (bounded in time)."""
    burners = [multiprocessing.Process(target=_burn, args=(4 * limit + 30,), daemon=True) for _ in range(2)]
    for p in burners:
        p.start()
    try:
        return _fingerprint(solve(problem, SolveOptions(time_limit_s=limit, seed=seed)))
    finally:
        for p in burners:
            p.terminate()
            p.join()


def _fmt(value: float | None) -> str:
    return "no plan" if value is None else f"{value:.3f} %"


def main() -> None:
    """Run the families and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--families", default="", help="comma-separated names (default: all)")
    parser.add_argument("--no-load-check", action="store_true")
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    chosen = [f for f in args.families.split(",") if f]
    families = {
        **{k: (*v, True) for k, v in SPEND_FAMILIES.items()},
        **{k: (*v, False) for k, v in POSTING_FAMILIES.items()},
    }
    lines = [
        "| family | seeds | mixplan median | mixplan worst | greedy median | greedy worst | below greedy | "
        "no plan (greedy has one) | max s | stopped_by | same plan under load |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    print(lines[0], flush=True)
    for name, (make, limit, spend) in families.items():
        if chosen and name not in chosen:
            continue
        outcomes = []
        for seed in range(args.seeds):
            outcome = run_one(make(seed), limit, seed, spend)
            outcomes.append(outcome)
            print(
                f"  {name} seed {seed}: mixplan {_fmt(outcome.share)}, greedy {_fmt(outcome.greedy)}, "
                f"{outcome.seconds:.2f} s, {outcome.stopped_by}",
                flush=True,
            )
        shares = [o.share if o.share is not None else 0.0 for o in outcomes]
        greedy = [o.greedy if o.greedy is not None else 0.0 for o in outcomes]
        below = sum(1 for o in outcomes if o.greedy is not None and (o.share or 0.0) < o.greedy - 1e-9)
        missing = sum(1 for o in outcomes if o.share is None and o.greedy is not None)
        stops = ", ".join(sorted({o.stopped_by for o in outcomes}))
        same = "not checked"
        if not args.no_load_check:
            same = "yes" if under_load(make(0), limit, 0) == outcomes[0].plan else "NO"
        row = (
            f"| {name} | {len(outcomes)} | {statistics.median(shares):.3f} % | {min(shares):.3f} % | "
            f"{statistics.median(greedy):.3f} % | {min(greedy):.3f} % | {below} | {missing} | "
            f"{max(o.seconds for o in outcomes):.2f} | {stops} | {same} |"
        )
        lines.append(row)
        print(row, flush=True)
    print("\n".join(lines))
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
