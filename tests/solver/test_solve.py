"""solve(): report fields, determinism, stop and progress, JSON round trip, rules on larger cases, errors."""

from __future__ import annotations

import dataclasses
import threading

import numpy as np
import pytest
from mixplan.solver import (
    AdsData,
    ChannelData,
    ObjectiveData,
    Problem,
    ProblemError,
    Progress,
    Solution,
    SolveOptions,
    SolveStatus,
    SpendBound,
    solve,
)
from support.spend_bruteforce import rules_hold


def generated(channels: int = 6, days: int = 14, seed: int = 1) -> Problem:
    """Hill curves (shapes 0.8-3), a third with minimum daily spend, seasonality, caps, change limits."""
    rng = np.random.default_rng(seed)
    chans = []
    total_half = 0.0
    season = 1.0 + 0.3 * np.sin(np.arange(days) / 2.0)
    for c in range(channels):
        half = float(rng.uniform(5_000, 50_000))
        total_half += half
        shape = float(rng.uniform(0.8, 3.0))
        low = int(half * 0.4) // 100 * 100 if c % 3 == 0 else 0
        step = max(100, int(3 * half / 30) // 100 * 100)
        first = low if low else step
        grid = (0, *range(first, int(3 * half) + 1, step))
        revenue = tuple(3 * half * g**shape / (g**shape + half**shape) for g in grid)
        factor = tuple(float(x) for x in season * rng.uniform(0.9, 1.1, days))
        chans.append(
            ChannelData(
                f"ch{c}",
                ads=AdsData(
                    grid=grid,
                    revenue=revenue,
                    day_factor=factor,
                    min_daily=grid[1],
                    step=step,
                    max_daily=grid[-1],
                    max_change=0.5 if c % 2 == 0 else None,
                ),
            )
        )
    budget = int(0.5 * total_half * days)
    caps = tuple(int(1.3 * budget / days) if d % 4 else int(0.9 * budget / days) for d in range(days))
    return Problem(
        days=days,
        slots_per_day=1,
        slot_minutes=1440,
        budget=budget,
        channels=tuple(chans),
        daily_cap=caps,
        spend_bounds=(SpendBound("first week", (0, 1), 0, min(6, days - 1), lo=int(0.05 * budget), hi=None),),
    )


def without_time(solution: Solution) -> Solution:
    return dataclasses.replace(solution, wall_time_s=0.0)


def test_report_fields_and_rules_on_a_multi_day_case() -> None:
    case = generated()
    solution = solve(case, SolveOptions(time_limit_s=2, seed=3))
    assert solution.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    assert solution.objective is not None and solution.best_bound is not None
    assert solution.best_bound >= solution.objective
    assert solution.gap is not None and solution.gap <= 1e-2
    assert solution.wall_time_s > 0
    assert rules_hold(case, solution.spend)
    for c, ch in enumerate(case.channels):
        assert ch.ads is not None
        assert all(x in ch.ads.grid for x in solution.spend[c])  # 0 or a grid level >= the minimum
    parameters = solution.parameters
    assert parameters["seed"] == 3 and parameters["workers"] == 2 and "ortools_version" in parameters
    assert parameters["deterministic"] is True


def test_same_seed_same_solution() -> None:
    case = generated(channels=8, days=10, seed=5)
    # the deterministic budget of a 0.5 s limit ends this search after about 0.45 s; the wall-clock
    # safety net (2 x limit + 1 s) is 4 times further, so a loaded machine does not cut it first
    options = SolveOptions(time_limit_s=0.5, seed=11, workers=2)
    assert without_time(solve(case, options)) == without_time(solve(case, options))


def test_stop_before_the_search_returns_the_best_plan_so_far() -> None:
    case = generated(seed=2)
    stop = threading.Event()
    stop.set()
    solution = solve(case, SolveOptions(time_limit_s=10, stop=stop))
    assert solution.status is SolveStatus.INTERRUPTED
    assert solution.objective is not None and rules_hold(case, solution.spend)


def test_stop_from_a_progress_callback_interrupts() -> None:
    case = generated(channels=12, days=30, seed=4)
    stop = threading.Event()
    seen: list[Progress] = []

    def on_progress(progress: Progress) -> None:
        seen.append(progress)
        stop.set()

    solution = solve(case, SolveOptions(time_limit_s=20, stop=stop, on_progress=on_progress))
    assert seen and seen[0].phase.startswith("spend")
    assert solution.status is SolveStatus.INTERRUPTED
    assert solution.wall_time_s < 10
    assert rules_hold(case, solution.spend)


def test_progress_reports_objective_and_bound() -> None:
    seen: list[Progress] = []
    solve(generated(seed=6), SolveOptions(time_limit_s=1, on_progress=seen.append))
    assert seen
    last = seen[-1]
    assert last.objective is not None and last.best_bound is not None and last.best_bound >= last.objective
    assert all(p.elapsed_s >= 0 for p in seen)


def test_json_round_trip_gives_the_same_problem_and_solution() -> None:
    case = dataclasses.replace(generated(seed=7), objective=ObjectiveData(kind="max_profit", margin=0.6))
    again = Problem.from_json(case.to_json())
    assert again == case
    options = SolveOptions(time_limit_s=1, seed=1)
    assert without_time(solve(again, options)) == without_time(solve(case, options))


def test_malformed_problem_raises_problem_error_naming_the_field() -> None:
    case = generated(seed=1)
    broken = dataclasses.replace(case, daily_cap=(100,))
    with pytest.raises(ProblemError, match="daily_cap"):
        solve(broken)
    ads = case.channels[0].ads
    assert ads is not None
    bad_channel = dataclasses.replace(case.channels[0], ads=dataclasses.replace(ads, grid=(5, *ads.grid[1:])))
    with pytest.raises(ProblemError, match=r"channels\[0\] \(ch0\)\.ads\.grid"):
        solve(dataclasses.replace(case, channels=(bad_channel, *case.channels[1:])))


def test_no_ads_and_no_items_is_an_empty_optimal_plan() -> None:
    case = Problem(days=3, slots_per_day=1, slot_minutes=1440, budget=1000, channels=(ChannelData("blog"),))
    solution = solve(case)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == 0.0 and solution.spend == ((0, 0, 0),)
