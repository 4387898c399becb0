"""Each posting rule on a case where it binds: the optimizer obeys it and is optimal (brute force)."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from mixplan.solver import CategoryShare, ChannelData, PostCount, Problem, SolveOptions, SolveStatus
from mixplan.solver.posting import PostingResult, posting_value, solve_posting
from support.posting_checker import brute_force, checker_value, checker_violations, item, tiny_problem

OPTIONS = SolveOptions(workers=1, relative_gap=1e-7, seed=1)


def solve(problem: Problem, bonus: np.ndarray | None = None) -> PostingResult:
    result = solve_posting(problem, OPTIONS, time_limit_s=20.0, bonus=bonus)
    assert result.status is SolveStatus.OPTIMAL
    assert checker_violations(problem, result.posts) == []
    best = brute_force(problem, bonus)
    assert best is not None
    assert result.value == pytest.approx(best, rel=1e-6)
    assert checker_value(problem, result.posts, bonus) == pytest.approx(result.value, rel=1e-9)
    assert result.bound >= result.value - 1e-9
    return result


def binds(with_rule: Problem, without_rule: Problem) -> None:
    """The rule costs value: the optimum without it is higher."""
    a, b = brute_force(with_rule), brute_force(without_rule)
    assert a is not None and b is not None and b > a + 1e-9


FOUR = [[[1.0, 2.0, 3.0, 4.0]]]  # one channel, one day, four slots


def test_max_per_day() -> None:
    items = [item(f"i{j}", [1.0]) for j in range(4)]
    p = tiny_problem(FOUR, items, max_per_day=2)
    binds(p, tiny_problem(FOUR, items))
    r = solve(p)
    assert len(r.posts) == 2 and {q.slot for q in r.posts} == {2, 3}


def test_max_per_week_counts_days_by_seven() -> None:
    grid = [[[1.0 + d] for d in range(9)]]  # 9 days, one slot a day; days 7 and 8 are week 1
    items = [item("a", [1.0], uses=9)]
    p = tiny_problem(grid, items, max_per_week=2)
    binds(p, tiny_problem(grid, items))
    r = solve(p)
    weeks = [q.slot // 7 for q in r.posts]
    assert weeks.count(0) == 2 and weeks.count(1) == 2


def test_min_gap() -> None:
    items = [item(f"i{j}", [1.0]) for j in range(4)]
    p = tiny_problem(FOUR, items, min_gap_slots=2)
    binds(p, tiny_problem(FOUR, items))
    slots = sorted(q.slot for q in solve(p).posts)
    assert slots == [1, 3]


def test_one_post_per_slot_even_without_gap() -> None:
    items = [item(f"i{j}", [1.0]) for j in range(3)]
    p = tiny_problem([[[1.0]]], items, min_gap_slots=0)
    assert len(solve(p).posts) == 1


def test_blackout_slots_take_no_post() -> None:
    p = tiny_problem([[[5.0, 0.0, 1.0]]], [item("a", [1.0], uses=3), item("b", [1.0]), item("c", [1.0])])
    r = solve(p)
    assert 1 not in {q.slot for q in r.posts} and len(r.posts) == 2


def test_publish_quota_in_a_rolling_window() -> None:
    items = [item(f"i{j}", [1.0]) for j in range(4)]
    p = tiny_problem(FOUR, items, quota=1, quota_window_slots=3)
    binds(p, tiny_problem(FOUR, items))
    slots = sorted(q.slot for q in solve(p).posts)
    assert all(b - a >= 3 for a, b in itertools.pairwise(slots))


def test_item_window() -> None:
    p = tiny_problem(FOUR, [item("late", [10.0], first=0, last=1), item("other", [1.0])], max_per_day=2)
    r = solve(p)
    assert [q.slot for q in r.posts if q.item == 0] == [1]


def test_max_uses_across_channels() -> None:
    grid = [[[1.0, 1.0]], [[1.0, 1.0]]]
    p = tiny_problem(grid, [item("a", [3.0, 3.0], uses=2), item("b", [1.0, 1.0], uses=4)])
    binds(p, tiny_problem(grid, [item("a", [3.0, 3.0], uses=4), item("b", [1.0, 1.0], uses=4)]))
    r = solve(p)
    assert sum(1 for q in r.posts if q.item == 0) == 2


def test_cooldown_across_channels_and_within_the_same_slot() -> None:
    grid = [[[3.0, 1.0, 1.0, 3.0]], [[3.0, 1.0, 1.0, 3.0]]]
    p = tiny_problem(grid, [item("a", [5.0, 5.0], uses=4, cooldown=3)], max_per_day=4)
    r = solve(p)
    slots = sorted(q.slot for q in r.posts)
    assert slots == [0, 3]  # not both channels at slot 0: distance 0 is below the cool-down


def test_required_item_is_posted_even_if_worth_less() -> None:
    items = [item("big", [10.0]), item("must", [1.0], required=True)]
    p = tiny_problem([[[1.0]]], items)
    r = solve(p)
    assert [q.item for q in r.posts] == [1]


def test_required_channel() -> None:
    grid = [[[2.0]], [[1.0]]]
    p = tiny_problem(grid, [item("a", [5.0, 1.0], required_channels=(1,)), item("b", [1.0, 1.0])])
    r = solve(p)
    assert (0, 1) in {(q.item, q.channel) for q in r.posts}


def test_value_zero_means_not_allowed() -> None:
    grid = [[[1.0]], [[9.0]]]
    r = solve(tiny_problem(grid, [item("a", [2.0, 0.0])]))
    assert [(q.item, q.channel) for q in r.posts] == [(0, 0)]


def test_channel_without_posting_takes_no_posts() -> None:
    p = tiny_problem([[[1.0]]], [item("a", [1.0, 8.0])])
    p = replace(p, channels=(*p.channels, ChannelData(name="ads-only")))
    r = solve(p)
    assert {q.channel for q in r.posts} == {0}


def test_day_rotation() -> None:
    grid = [[[1.0], [1.0]]]  # two days, one slot
    items = [item("p", [5.0], category=0, uses=2), item("q", [1.0], category=1, uses=2)]
    p = tiny_problem(grid, items, day_category=(1, None))
    r = solve(p)
    assert [q.item for q in r.posts if q.slot == 0] == [1]


def test_minimum_category_share() -> None:
    items = [item("p", [5.0], category=0, uses=4), item("q", [1.0], category=1)]
    p = tiny_problem(FOUR, items, category_shares=(CategoryShare(1, 0.25, None),))
    binds(p, tiny_problem(FOUR, items))
    r = solve(p)
    assert any(q.item == 1 for q in r.posts)


def test_maximum_category_share() -> None:
    items = [item("p", [5.0], category=0, uses=4), item("q", [1.0], category=1)]
    p = tiny_problem(FOUR, items, category_shares=(CategoryShare(0, None, 0.5),))
    binds(p, tiny_problem(FOUR, items))
    r = solve(p)
    cats = [0 if q.item == 0 else 1 for q in r.posts]
    assert cats.count(0) <= len(cats) / 2


def test_post_count_sliding_window_minimum_and_maximum() -> None:
    items = [item(f"i{j}", [1.0]) for j in range(4)]
    grid = [[[1.0, 1.0, 1.0, 9.0]]]
    at_most_one = PostCount("calm", None, None, 0, 3, 2, 0, 1)
    p = tiny_problem(grid, items, post_counts=(at_most_one,))
    binds(p, tiny_problem(grid, items))
    slots = sorted(q.slot for q in solve(p).posts)
    assert all(b - a >= 2 for a, b in itertools.pairwise(slots))
    weak = [item("w", [0.0, 1.0]), item("s", [5.0, 0.0])]
    two_channels = [[[1.0, 1.0]], [[1.0, 1.0]]]
    must = PostCount("second channel", (1,), None, 0, 1, None, 2, None)
    r = solve(tiny_problem(two_channels, [*weak[:1], replace(weak[0], name="w2"), weak[1]], post_counts=(must,)))
    assert sum(1 for q in r.posts if q.channel == 1) >= 2


def test_post_count_by_category() -> None:
    items = [item("p", [5.0], category=0, uses=4), item("q", [1.0], category=1, uses=4)]
    rule = PostCount("no more than one p", None, (0,), 0, 3, None, 0, 1)
    p = tiny_problem(FOUR, items, post_counts=(rule,))
    binds(p, tiny_problem(FOUR, items))
    r = solve(p)
    assert sum(1 for q in r.posts if q.item == 0) == 1


def test_same_day_decay_ranks_by_value_not_by_time() -> None:
    # worth: slot 0 holds a (1 × 4 = 4), slot 1 holds b (3 × 1 = 3); sorted 4, 3 → 4 × 1 + 3 × 0.5
    p = tiny_problem([[[4.0, 1.0]]], [item("a", [1.0]), item("b", [3.0])], same_day_decay=(1.0, 0.5))
    r = solve(p)
    assert r.value == pytest.approx(max(4.0 + 0.5 * 3.0, 3.0 * 4.0 + 0.5 * 1.0))
    assert posting_value(p, r.posts) == pytest.approx(r.value)


def test_decay_makes_a_second_day_better_than_a_second_post() -> None:
    grid = [[[2.0, 2.0], [1.5, 0.0]]]  # day 0 has two good slots, day 1 one slightly worse
    items = [item("a", [1.0]), item("b", [1.0])]
    r = solve(tiny_problem(grid, items, same_day_decay=(1.0, 0.5)))
    assert sorted(q.slot // 2 for q in r.posts) == [0, 1]


def test_bonus_is_added_outside_the_decay() -> None:
    p = tiny_problem([[[1.0, 1.0]]], [item("a", [2.0]), item("b", [2.0])], same_day_decay=(1.0, 0.5))
    bonus = np.zeros((2, 1, 1))
    bonus[1, 0, 0] = 10.0
    r = solve(p, bonus)
    assert r.value == pytest.approx(2.0 + 2.0 * 0.5 + 10.0)
    assert posting_value(p, r.posts, bonus) == pytest.approx(r.value)


def test_bonus_shape_is_checked() -> None:
    p = tiny_problem([[[1.0]]], [item("a", [1.0])])
    with pytest.raises(ValueError, match="bonus must have shape"):
        solve_posting(p, OPTIONS, time_limit_s=1.0, bonus=np.zeros((2, 2, 2)))
