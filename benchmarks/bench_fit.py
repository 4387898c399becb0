"""Curve fitting on seeded synthetic history: recovery of the true revenue and the cost to a plan.

For each seed: generate history for the five default synthetic channels (known Hill curves with
carry-over, shape 0.9–2.6, 8 % log-normal revenue noise), fit each channel, plan a 28-day budget
on the true curves and on the fitted curves with ``mixplan.plan``, and evaluate both plans on the
TRUE curves. Prints per channel the fitted curve's error at the spend planned on it, and the
plan-quality ratio (true revenue of the fitted-curve plan ÷ that of the true-curve plan).

    .venv/bin/python benchmarks/bench_fit.py [--seeds 0 1 2] [--days 90 120 180] [--time-limit 20]

Targets (issue 5): every channel within 10 %, plan ratio at least 97 %.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from mixplan.fitting import FitOptions, fit_channel

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the dev-only helpers in tests/support
from support.recovery import recovery_study
from support.synthetic import DEFAULT_CHANNELS, generate_history


def fit_speed(days: int, samples: int) -> float:
    """Seconds to fit one channel of `days` days with `samples` bootstrap samples (median of the five)."""
    rows = generate_history(DEFAULT_CHANNELS, days=days, seed=0)
    timings = []
    for channel in DEFAULT_CHANNELS:
        began = time.perf_counter()
        fit_channel(channel.channel_id, rows, FitOptions(bootstrap_samples=samples))
        timings.append(time.perf_counter() - began)
    return sorted(timings)[len(timings) // 2]


def main() -> None:
    """Run the study for every seed × history length and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--days", type=int, nargs="+", default=[90, 120, 180])
    parser.add_argument("--time-limit", type=float, default=20.0)
    args = parser.parse_args()
    names = [channel.channel_id for channel in DEFAULT_CHANNELS]
    print(f"{'days':>4} {'seed':>4} " + " ".join(f"{name[:13]:>13}" for name in names) + f" {'worst':>6} {'plan':>7}")
    worst_error, worst_ratio = 0.0, 1.0
    for days in args.days:
        for seed in args.seeds:
            report = recovery_study(seed=seed, history_days=days, time_limit_s=args.time_limit)
            errors = {channel.channel_id: channel.error for channel in report.channels}
            worst_error = max(worst_error, report.worst_error)
            worst_ratio = min(worst_ratio, report.plan_ratio)
            print(
                f"{days:>4} {seed:>4} "
                + " ".join(f"{errors[name]:>+13.1%}" for name in names)
                + f" {report.worst_error:>6.1%} {report.plan_ratio:>7.2%}"
            )
    print(f"worst channel error {worst_error:.1%} (target < 10 %); worst plan ratio {worst_ratio:.2%} (target >= 97 %)")
    for days in (90, 365):
        print(f"fit time, {days} days, 20 bootstrap samples: {fit_speed(days, 20):.2f} s per channel (median)")


if __name__ == "__main__":
    main()
