"""solve_posting on random tiny problems against brute force, checked with the independent rule checker."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mixplan.solver import (
    CategoryShare,
    ChannelData,
    ItemData,
    PostCount,
    PostingData,
    Problem,
    SolveOptions,
    SolveStatus,
)
from mixplan.solver.posting import solve_posting
from support.posting_checker import allowed_triples, brute_force, checker_value, checker_violations

OPTIONS = SolveOptions(workers=1, relative_gap=1e-6, seed=3)
TOLERANCE = 1e-6
MAX_TRIPLES = 16  # brute force stays fast


@st.composite
def tiny_problems(draw: st.DrawFn) -> tuple[Problem, np.ndarray | None]:
    days = draw(st.sampled_from([1, 2, 3, 8]))
    spd = draw(st.integers(1, 4)) if days < 8 else 1
    n_channels = draw(st.integers(1, 2))
    n_items = draw(st.integers(2, 5))
    n_cat = draw(st.integers(1, 2))
    slot_values = st.sampled_from([0.0, 0.5, 1.0, 2.0])
    channels = []
    for k in range(n_channels):
        if k == 1 and draw(st.booleans()) and draw(st.booleans()):
            channels.append(ChannelData(name=f"ads-only-{k}"))
            continue
        grid = tuple(tuple(draw(slot_values) for _ in range(spd)) for _ in range(days))
        decay = tuple(sorted(draw(st.lists(st.sampled_from([1.0, 0.8, 0.5, 0.2]), min_size=1, max_size=3)),
                             reverse=True))
        channels.append(ChannelData(name=f"ch{k}", posting=PostingData(
            slot_value=grid,
            max_per_day=draw(st.sampled_from([None, 1, 2])),
            max_per_week=draw(st.sampled_from([None, None, 1, 3])),
            min_gap_slots=draw(st.integers(0, 3)),
            quota=draw(st.sampled_from([None, None, 1, 2])),
            quota_window_slots=draw(st.integers(1, 4)),
            same_day_decay=decay,
        )))
    n_slots = days * spd
    items = []
    for i in range(n_items):
        first = draw(st.integers(0, n_slots - 1)) if draw(st.booleans()) else 0
        last = draw(st.integers(first, n_slots - 1)) if draw(st.booleans()) else n_slots - 1
        value = tuple(draw(st.sampled_from([0.0, 1.0, 2.5, 4.0])) for _ in range(n_channels))
        required_channels = tuple(k for k in range(n_channels) if draw(st.integers(0, 9)) == 0)
        items.append(ItemData(
            name=f"it{i}", category=draw(st.integers(0, n_cat - 1)), value=value, first_slot=first, last_slot=last,
            max_uses=draw(st.integers(0, 3)), cooldown_slots=draw(st.integers(0, 4)),
            required=draw(st.integers(0, 4)) == 0, required_channels=required_channels,
        ))
    shares: tuple[CategoryShare, ...] = ()
    if n_cat > 1 and draw(st.booleans()):
        shares = (CategoryShare(0, draw(st.sampled_from([None, 0.25, 0.5])), draw(st.sampled_from([None, 0.5, 0.75]))),)
    day_category: tuple[int | None, ...] = ()
    if draw(st.integers(0, 3)) == 0:
        day_category = tuple(draw(st.sampled_from([None, 0, 1])) for _ in range(days))
    counts: tuple[PostCount, ...] = ()
    if draw(st.integers(0, 3)) == 0:
        counts = (PostCount("count", None, draw(st.sampled_from([None, (0,)])), 0, n_slots - 1,
                            draw(st.sampled_from([None, 2, 3])), draw(st.integers(0, 1)),
                            draw(st.sampled_from([None, 1, 2]))),)
    problem = Problem(days=days, slots_per_day=spd, slot_minutes=60, budget=0, channels=tuple(channels),
                      items=tuple(items), categories=("a", "b"), category_shares=shares, day_category=day_category,
                      post_counts=counts)
    bonus = None
    if draw(st.integers(0, 3)) == 0:
        bonus = np.array(draw(st.lists(st.sampled_from([0.0, 0.5, 3.0]), min_size=n_items * n_channels * days,
                                       max_size=n_items * n_channels * days))).reshape(n_items, n_channels, days)
    return problem, bonus


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(tiny_problems())
def test_optimal_is_optimal_and_every_schedule_is_valid(case: tuple[Problem, np.ndarray | None]) -> None:
    problem, bonus = case
    if len(allowed_triples(problem)) > MAX_TRIPLES:
        return
    best = brute_force(problem, bonus)
    result = solve_posting(problem, OPTIONS, time_limit_s=20.0, bonus=bonus)
    if best is None:
        assert result.status is SolveStatus.INFEASIBLE
        assert result.conflicts and all(isinstance(c, str) and c for c in result.conflicts)
        return
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    assert checker_violations(problem, result.posts) == []
    assert abs(checker_value(problem, result.posts, bonus) - result.value) <= TOLERANCE * max(1.0, abs(best))
    assert result.bound >= best - TOLERANCE * max(1.0, abs(best))
    if result.status is SolveStatus.OPTIMAL:
        assert result.value >= best - 1e-5 * max(1.0, abs(best))
