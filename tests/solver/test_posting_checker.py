"""The independent posting rule checker and brute force (tests/support/posting_checker.py) on hand-made cases."""

from __future__ import annotations

from mixplan.solver import CategoryShare, PostChoice, PostCount
from support.posting_checker import brute_force, checker_value, checker_violations, item, tiny_problem


def test_checker_sees_each_broken_rule() -> None:
    p = tiny_problem(
        [[[1.0, 1.0, 0.0, 1.0]]], [item("a", [2.0], uses=2, cooldown=2), item("b", [1.0], first=3)], min_gap_slots=2
    )
    assert checker_violations(p, [PostChoice(0, 0, 0), PostChoice(0, 0, 3)]) == []
    assert checker_violations(p, [PostChoice(0, 0, 2)])  # blackout
    assert checker_violations(p, [PostChoice(1, 0, 0)])  # outside the window
    assert checker_violations(p, [PostChoice(0, 0, 0), PostChoice(1, 0, 1)])  # gap
    assert checker_violations(p, [PostChoice(0, 0, 0), PostChoice(0, 0, 1)])  # cool-down (and gap)
    p2 = tiny_problem([[[1.0, 1.0, 1.0]], [[1.0, 1.0, 1.0]]], [item("a", [1.0, 1.0], uses=2, cooldown=1)])
    assert checker_violations(p2, [PostChoice(0, 0, 1), PostChoice(0, 1, 1)])  # same slot, two channels
    assert checker_violations(p2, [PostChoice(0, 0, 0), PostChoice(0, 1, 2)]) == []


def test_checker_shares_and_counts() -> None:
    items = [item("p", [1.0], uses=3, category=0), item("q", [1.0], uses=3, category=1)]
    p = tiny_problem([[[1.0] * 3]], items, category_shares=(CategoryShare(0, 0.5, None),))
    assert checker_violations(p, [PostChoice(1, 0, 0)])
    assert checker_violations(p, [PostChoice(0, 0, 0), PostChoice(1, 0, 1)]) == []
    rule = PostCount("two", None, None, 0, 2, 2, 1, 1)
    p = tiny_problem([[[1.0] * 3]], items, post_counts=(rule,))
    assert checker_violations(p, [PostChoice(0, 0, 0), PostChoice(1, 0, 1)])  # 2 in window [0, 1]
    assert checker_violations(p, [PostChoice(0, 0, 0)])  # 0 in window [1, 2]
    assert checker_violations(p, [PostChoice(0, 0, 1)]) == []


def test_checker_value_sorts_before_decay() -> None:
    p = tiny_problem([[[1.0, 3.0]]], [item("a", [1.0]), item("b", [2.0])], same_day_decay=(1.0, 0.5))
    # worths: a at slot 1 = 3, b at slot 0 = 2 → 3 * 1 + 2 * 0.5
    assert checker_value(p, [PostChoice(0, 0, 1), PostChoice(1, 0, 0)]) == 4.0


def test_brute_force_finds_the_obvious_optimum() -> None:
    p = tiny_problem([[[1.0, 2.0]]], [item("a", [1.0]), item("b", [3.0])], max_per_day=1)
    assert brute_force(p) == 6.0
    infeasible = tiny_problem([[[0.0, 0.0]]], [item("a", [1.0], required=True)])
    assert brute_force(infeasible) is None
