"""Infeasible posting problems come back INFEASIBLE with the conflicting rules named, with their numbers."""

from __future__ import annotations

from dataclasses import replace

from mixplan.solver import CategoryShare, PostCount, Problem, SolveOptions, SolveStatus
from mixplan.solver.posting import PostingResult, solve_posting
from support.posting_checker import item, tiny_problem

OPTIONS = SolveOptions(workers=1, seed=2)


def infeasible(problem: Problem) -> str:
    result: PostingResult = solve_posting(problem, OPTIONS, time_limit_s=20.0)
    assert result.status is SolveStatus.INFEASIBLE
    assert result.posts == ()
    assert result.conflicts
    return " | ".join(result.conflicts)


def named(problem: Problem, names: list[str]) -> Problem:
    return replace(problem, channels=tuple(replace(c, name=n) for c, n in zip(problem.channels, names, strict=True)))


def test_required_item_in_blackout_hours() -> None:
    grid = [[[0.0, 0.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]]]  # day 0 slots 0-1 are blackout
    p = named(tiny_problem(grid, [item("bf-teaser", [2.0], first=0, last=1, required=True)]), ["tiktok_shop"])
    text = infeasible(p)
    assert "bf-teaser" in text and "tiktok_shop" in text and "blackout" in text
    assert "day 0 00:00 – day 0 02:00" in text


def test_required_item_not_allowed_anywhere() -> None:
    p = named(tiny_problem([[[1.0]], [[1.0]]], [item("promo", [0.0, 0.0], required=True)]), ["instagram", "x"])
    text = infeasible(p)
    assert "promo" in text and "not allowed on instagram" in text and "not allowed on x" in text


def test_more_required_items_than_posts() -> None:
    grid = [[[1.0] * 6] * 2]  # 2 days, 6 slots
    items = [item(f"r{j}", [1.0], required=True) for j in range(12)]
    text = infeasible(tiny_problem(grid, items, max_per_day=5))
    assert "12 required items but the channels allow only 10 posts in total" in text


def test_required_channels_beyond_max_uses() -> None:
    p = named(
        tiny_problem([[[1.0]], [[1.0]], [[1.0]]], [item("hero", [1.0, 1.0, 1.0], uses=2, required_channels=(0, 1, 2))]),
        ["a", "b", "c"],
    )
    text = infeasible(p)
    assert "hero" in text and "3 channels" in text and "max_uses is 2" in text


def test_cooldown_too_long_for_the_window() -> None:
    grid = [[1.0] * 24] * 3  # 3 days of 24 one-hour slots
    p = tiny_problem(
        [grid, grid], [item("drop", [1.0, 1.0], first=0, last=29, uses=2, cooldown=48, required_channels=(0, 1))]
    )
    text = infeasible(p)
    assert "drop" in text and "30 h" in text and "48 h" in text


def test_category_mix_against_required_posts() -> None:
    grid = [[[1.0] * 2] * 14]  # two weeks, 2 slots a day
    week2 = 7 * 2
    items = [item(f"promo{j}", [1.0], first=week2, last=week2 + 13, required=True, category=1) for j in range(3)]
    items.append(item("prod", [1.0], category=0, uses=1))
    p = tiny_problem(grid, items, categories=("product", "promo"), category_shares=(CategoryShare(0, 0.4, None),))
    text = infeasible(p)
    assert "40%" in text and "'product'" in text and "week 1" in text and "only 1" in text


def test_post_count_minimum_beyond_channel_capacity() -> None:
    rule = PostCount("launch burst", None, None, 0, 3, None, 3, None)
    p = tiny_problem([[[1.0, 1.0, 1.0, 1.0]]], [item("a", [1.0], uses=4)], max_per_day=2, post_counts=(rule,))
    text = infeasible(p)
    assert "launch burst" in text and "at least 3" in text and "only 2" in text


def test_two_required_items_for_one_slot_named_by_assumptions() -> None:
    items = [item("alpha", [1.0, 0.0], required=True), item("beta", [1.0, 0.0], required=True)]
    p = named(tiny_problem([[[1.0]], [[1.0]]], items), ["pinterest", "x"])
    text = infeasible(p)
    assert "alpha" in text and "beta" in text and "pinterest" in text
    assert "cannot all hold together" in text
