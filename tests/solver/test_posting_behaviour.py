"""solve_posting as a component: determinism, time limit, stop requests, progress, the bound and the value."""

from __future__ import annotations

import itertools
import threading
import time

import numpy as np
import pytest
from mixplan.solver import (
    CategoryShare,
    ChannelData,
    ItemData,
    PostingData,
    Problem,
    Progress,
    SolveOptions,
    SolveStatus,
)
from mixplan.solver.posting import posting_value, posting_violations, solve_posting
from support.posting_checker import checker_value, checker_violations


def random_problem(n_items: int, n_channels: int, days: int, seed: int) -> Problem:
    """Hourly slots with evening peaks and night blackout, ≤3 posts a day, 3 h gap, 48 h cool-down, category mix."""
    rng = np.random.default_rng(seed)
    hours = np.arange(24)
    channels = []
    for k in range(n_channels):
        curve = 0.3 + np.exp(-0.5 * ((hours - rng.uniform(18, 21)) / 2.0) ** 2)
        curve[:6] = 0.0
        grid = curve[None, :] * rng.uniform(0.8, 1.2, size=(days, 24))
        channels.append(
            ChannelData(
                name=f"ch{k}",
                posting=PostingData(
                    slot_value=tuple(tuple(float(v) for v in row) for row in grid),
                    max_per_day=3,
                    max_per_week=None,
                    min_gap_slots=3,
                    quota=None,
                    quota_window_slots=24,
                    same_day_decay=(1.0, 0.75, 0.5),
                ),
            )
        )
    items = tuple(
        ItemData(
            name=f"item{i}",
            category=int(rng.integers(0, 3)),
            value=tuple(float(v) for v in rng.uniform(0.0, 10.0, size=n_channels)),
            first_slot=0,
            last_slot=days * 24 - 1,
            max_uses=int(rng.integers(1, 4)),
            cooldown_slots=48,
        )
        for i in range(n_items)
    )
    return Problem(
        days=days,
        slots_per_day=24,
        slot_minutes=60,
        budget=0,
        channels=tuple(channels),
        items=items,
        categories=("product", "promo", "story"),
        category_shares=(CategoryShare(0, 0.25, None),),
    )


def test_same_seed_same_schedule() -> None:
    problem = random_problem(40, 3, 7, seed=5)
    options = SolveOptions(seed=11, workers=1, deterministic=True)
    first = solve_posting(problem, options, time_limit_s=30.0)
    second = solve_posting(problem, options, time_limit_s=30.0)
    assert first.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    assert first.posts == second.posts
    assert first.value == second.value and first.bound == second.bound


def test_large_instance_respects_the_time_limit_and_reports_a_valid_bound() -> None:
    problem = random_problem(300, 6, 28, seed=1)
    start = time.perf_counter()
    result = solve_posting(problem, SolveOptions(workers=1), time_limit_s=4.0)
    elapsed = time.perf_counter() - start
    assert elapsed <= 3 * 4.0
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    assert checker_violations(problem, result.posts) == []
    assert abs(checker_value(problem, result.posts) - result.value) <= 1e-6 * result.value
    assert result.bound >= result.value
    assert result.gap is not None and result.gap >= 0.0


def test_stop_request_returns_the_best_schedule_so_far() -> None:
    problem = random_problem(200, 6, 28, seed=2)
    stop = threading.Event()
    seen: list[Progress] = []

    def on_progress(p: Progress) -> None:
        seen.append(p)
        if p.objective is not None:
            stop.set()

    result = solve_posting(problem, SolveOptions(workers=1, stop=stop, on_progress=on_progress), time_limit_s=60.0)
    assert stop.is_set() and seen
    assert result.status is SolveStatus.FEASIBLE
    assert result.posts and posting_violations(problem, result.posts) == []
    assert result.bound >= result.value
    assert any("stop requested" in m for m in result.messages)


def test_stop_before_start_gives_no_solution_quickly() -> None:
    problem = random_problem(200, 6, 28, seed=3)
    stop = threading.Event()
    stop.set()
    start = time.perf_counter()
    result = solve_posting(problem, SolveOptions(workers=1, stop=stop), time_limit_s=60.0)
    assert time.perf_counter() - start < 20.0
    assert result.status in (SolveStatus.NO_SOLUTION, SolveStatus.FEASIBLE)


def test_progress_reports_bound_and_objective() -> None:
    seen: list[Progress] = []
    problem = random_problem(30, 3, 7, seed=4)
    result = solve_posting(problem, SolveOptions(workers=1, on_progress=seen.append), time_limit_s=20.0)
    assert seen
    assert all(a.elapsed_s <= b.elapsed_s for a, b in itertools.pairwise(seen))
    with_objective = [p for p in seen if p.objective is not None]
    assert with_objective and all(p.best_bound is not None for p in with_objective)
    assert max(p.objective for p in with_objective if p.objective is not None) <= result.value + 1e-6


def test_posting_value_matches_the_independent_value() -> None:
    problem = random_problem(20, 3, 7, seed=6)
    result = solve_posting(problem, SolveOptions(workers=1), time_limit_s=5.0)
    assert posting_value(problem, result.posts) == pytest.approx(checker_value(problem, result.posts), rel=1e-12)
    fewer = list(result.posts[1:])
    assert posting_value(problem, fewer) == pytest.approx(checker_value(problem, fewer), rel=1e-12)
    assert posting_value(problem, fewer) < posting_value(problem, result.posts)


def test_nothing_to_post_is_optimal_and_empty() -> None:
    problem = Problem(days=1, slots_per_day=2, slot_minutes=60, budget=100, channels=(ChannelData(name="ads"),))
    result = solve_posting(problem, SolveOptions(), time_limit_s=1.0)
    assert result.status is SolveStatus.OPTIMAL and result.posts == () and result.value == 0.0 == result.bound
