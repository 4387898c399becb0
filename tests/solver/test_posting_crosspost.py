"""Cross-posting and reposting: per-channel uses, the cool-down on one channel, the cross-post gap,
and max_uses across channels, held by every posting method and optimal against brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from mixplan.solver import ItemData, PostCount, Problem, SolveOptions, SolveStatus
from mixplan.solver.posting import PostingResult, solve_posting
from mixplan.solver.posting.budget import Budget
from mixplan.solver.posting.decomposition import Decomposition
from mixplan.solver.posting.feasibility import required_first_start
from mixplan.solver.posting.greedy import greedy_schedule
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.local_search import LocalSearch
from mixplan.solver.posting.neighbourhood import resolve_window
from mixplan.solver.posting.schedule import Schedule
from mixplan.solver.solution import PostChoice
from support.posting_checker import brute_force, checker_value, checker_violations, item, tiny_problem

OPTIONS = SolveOptions(workers=1, relative_gap=1e-7, seed=1)
THREE = [[[1.0, 3.0, 2.0, 1.0]]] * 3  # three channels, one day, four slots: slot 1 is best everywhere


def solve(problem: Problem) -> PostingResult:
    """The whole optimizer: valid (independent checker) and optimal (brute force)."""
    result = solve_posting(problem, OPTIONS, time_limit_s=20.0)
    assert result.status is SolveStatus.OPTIMAL
    assert checker_violations(problem, result.posts) == []
    best = brute_force(problem)
    assert best is not None and result.value == pytest.approx(best, rel=1e-6)
    return result


def every_method(problem: Problem) -> dict[str, list[PostChoice]]:
    """The schedule of each posting method on its own; each must keep every rule."""
    inst = PostingInstance(problem)
    out: dict[str, list[PostChoice]] = {}
    greedy = list(greedy_schedule(inst))
    broken = checker_violations(problem, greedy)
    # the greedy does not repair post-count minimums: it may break only those (the solver then drops it)
    assert all(v.startswith("rule ") for v in broken), broken
    if not broken:
        out["greedy"] = greedy
    dec = Decomposition(inst, Budget(SolveOptions(workers=1), 5.0))
    dec.run()
    assert dec.best.found
    out["decomposition"] = list(dec.best.posts)
    start = required_first_start(inst, Budget(SolveOptions(workers=1), 5.0), 5.0)
    if start is not None:
        out["feasibility"] = start
    # the LNS window re-solve and the local search from an empty schedule
    sched = Schedule(inst)
    assert resolve_window(inst, sched, 0, inst.n_slots - 1, Budget(SolveOptions(workers=1), 5.0), 5.0)
    out["window"] = sched.posts()
    filled = Schedule(inst)
    search = LocalSearch(inst, filled)
    search.repair()
    search.improve(rounds=2, fill_slots=[(k, t) for k in inst.posting_channels for t in range(inst.n_slots)])
    out["local search"] = filled.posts()
    for name, posts in out.items():
        assert checker_violations(problem, posts) == [], name
    return out


def test_one_item_is_cross_posted_to_three_channels_on_the_same_day() -> None:
    launch = item("launch", [1.0, 1.0, 1.0], uses=10, per_channel=1, cross_gap=0)
    problem = tiny_problem(THREE, [launch])
    result = solve(problem)
    assert sorted((p.channel, p.slot) for p in result.posts) == [(0, 1), (1, 1), (2, 1)]
    for name, posts in every_method(problem).items():
        if name != "feasibility":
            assert {p.channel for p in posts} == {0, 1, 2}, name


def test_the_cool_down_spaces_reposts_on_one_channel_but_not_cross_posts() -> None:
    # cool-down 3 slots: on each channel only the two ends of the day; across channels none applies
    edges = [[[2.0, 1.0, 1.0, 2.0]]] * 2
    evergreen = item("evergreen", [1.0, 1.0], uses=8, per_channel=4, cooldown=3, cross_gap=0)
    problem = tiny_problem(edges, [evergreen])
    result = solve(problem)
    for k in (0, 1):
        slots = sorted(p.slot for p in result.posts if p.channel == k)
        assert slots == [0, 3]
    loose = tiny_problem(edges, [item("evergreen", [1.0, 1.0], uses=8, per_channel=4, cross_gap=0)])
    assert brute_force(loose) > result.value + 1e-9  # the cool-down binds
    for posts in every_method(problem).values():
        for k in (0, 1):
            on_k = sorted(p.slot for p in posts if p.channel == k)
            assert all(b - a >= 3 for a, b in itertools.pairwise(on_k))


def test_the_cross_post_gap_spaces_uses_on_different_channels() -> None:
    spaced = item("spaced", [1.0, 1.0], uses=2, per_channel=1, cross_gap=2)
    problem = tiny_problem(THREE[:2], [spaced])
    result = solve(problem)
    assert len(result.posts) == 2
    first, second = sorted(p.slot for p in result.posts)
    assert second - first >= 2  # the best slot (1) on both channels would be 0 apart
    together = tiny_problem(THREE[:2], [item("spaced", [1.0, 1.0], uses=2, per_channel=1, cross_gap=0)])
    assert brute_force(together) > result.value + 1e-9
    for posts in every_method(problem).values():
        slots = sorted(p.slot for p in posts)
        assert len(slots) < 2 or slots[1] - slots[0] >= 2


def test_max_uses_caps_the_uses_on_all_channels_together() -> None:
    capped = item("capped", [1.0, 2.0, 3.0], uses=2, per_channel=1, cross_gap=0)
    problem = tiny_problem(THREE, [capped])
    result = solve(problem)
    assert sorted(p.channel for p in result.posts) == [1, 2]  # the two most valuable channels
    for posts in every_method(problem).values():
        assert len(posts) <= 2


def test_a_count_minimum_is_met_by_moving_a_used_up_item_to_another_channel() -> None:
    # one item, once per channel, at most once in all: it must go to channel 1 (a count minimum there)
    # although channel 0 is worth more
    only = item("only", [5.0, 1.0], uses=1, per_channel=1, cross_gap=0)
    minimum = PostCount("channel 1 needs a post", (1,), None, 0, 3, None, 1, None)
    problem = tiny_problem(THREE[:2], [only], post_counts=(minimum,))
    result = solve(problem)
    assert [(p.channel, p.slot) for p in result.posts] == [(1, 1)]
    inst = PostingInstance(problem)
    sched = Schedule.from_posts(inst, [(0, 0, 1)])
    LocalSearch(inst, sched).repair()
    assert [(p.channel, p.slot) for p in sched.posts()] == [(1, 1)]


def test_solver_defaults_keep_the_old_rule_one_cool_down_between_any_two_uses() -> None:
    legacy = ItemData("legacy", 0, (1.0, 1.0), 0, 3, 2, 3)  # per channel and cross gap unset
    problem = tiny_problem(THREE[:2], [legacy])
    result = solve(problem)
    slots = sorted(p.slot for p in result.posts)
    assert len(slots) < 2 or slots[1] - slots[0] >= 3
    assert checker_value(problem, result.posts) == pytest.approx(result.value)
    assert np.array_equal(PostingInstance(problem).cross_gap, [3])


def test_an_item_restricted_count_rule_puts_one_item_on_three_channels_in_every_method() -> None:
    # "the launch on all three channels on day 1": counted are the launch's posts only
    grid = [[[3.0, 1.0], [1.0, 1.0]]] * 3  # three channels, two days of two slots; day 0 is worth more
    launch = item("launch", [2.0, 2.0, 2.0], uses=3, per_channel=1, cross_gap=0)
    other = item("other", [1.0, 1.0, 1.0], uses=3, per_channel=1, cross_gap=0)
    on_day_1 = PostCount("launch on three channels on day 1", None, None, 2, 3, None, 3, None, items=(0,))
    problem = tiny_problem(grid, [launch, other], post_counts=(on_day_1,))
    without = tiny_problem(grid, [launch, other])
    assert brute_force(without) > brute_force(problem) + 1e-9  # the rule binds: the launch would take day 0
    result = solve(problem)
    assert sorted(p.channel for p in result.posts if p.item == 0 and p.slot >= 2) == [0, 1, 2]
    for name, posts in every_method(problem).items():
        assert sorted(p.channel for p in posts if p.item == 0 and p.slot >= 2) == [0, 1, 2], name
