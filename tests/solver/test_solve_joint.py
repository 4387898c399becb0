"""solve() on problems with posts and boosts: against a hand-written enumeration of the joint problem."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from mixplan.solver import (
    AdsData,
    BoostData,
    ChannelData,
    ItemData,
    ObjectiveData,
    PostingData,
    Problem,
    Solution,
    SolveOptions,
    SolveStatus,
    solve,
)

OPTIONS = SolveOptions(time_limit_s=5.0, workers=1, relative_gap=1e-7)
SLOT_VALUE = ((1.0, 0.8, 0.5), (1.2, 1.0, 0.0))
BOOST = BoostData(levels=(0, 500, 1000), revenue=(0.0, 900.0, 1300.0), day_factor=(1.0, 1.5))
ADS_GRID = (0, 500, 1000, 1500)
ADS_REVENUE = (0.0, 300.0, 1900.0, 2300.0)


def joint_problem(
    budget: int, objective: ObjectiveData, caps: tuple[int | None, ...] = (), boost_max: int | None = None
) -> Problem:
    ig = ChannelData(
        "ig_shop",
        posting=PostingData(
            slot_value=SLOT_VALUE,
            max_per_day=1,
            max_per_week=None,
            min_gap_slots=1,
            quota=None,
            quota_window_slots=1,
            same_day_decay=(1.0,),
            boost=BOOST,
        ),
    )
    meta = ChannelData(
        "meta",
        ads=AdsData(grid=ADS_GRID, revenue=ADS_REVENUE, day_factor=(1.0, 0.8), min_daily=500, step=500, max_daily=1500),
    )
    items = (
        ItemData("sofa", 0, (1000.0, 0.0), 0, 5, max_uses=1, cooldown_slots=0, boost_weight=1.0),
        ItemData("lamp", 0, (700.0, 0.0), 0, 5, max_uses=1, cooldown_slots=0, boost_weight=2.0),
    )
    return Problem(
        days=2,
        slots_per_day=3,
        slot_minutes=480,
        budget=budget,
        channels=(ig, meta),
        items=items,
        categories=("home",),
        daily_cap=caps,
        boost_max_total=boost_max,
        objective=objective,
    )


def enumerate_joint(problem: Problem) -> float:
    """Best objective over every schedule (<= 1 post a day, each item once), boost level and ads level."""
    items = problem.items
    per_day = [None, *[(i, s) for i in range(len(items)) for s in range(3) if SLOT_VALUE and True]]
    margin = problem.objective.margin or 1.0
    best = -float("inf")
    for day0, day1 in itertools.product(per_day, repeat=2):
        posts = [(0, day0), (1, day1)]
        used = [p[1][0] for p in posts if p[1] is not None]
        if len(used) != len(set(used)):
            continue
        if any(p[1] is not None and SLOT_VALUE[p[0]][p[1][1]] == 0 for p in posts):
            continue
        organic = sum(items[p[1][0]].value[0] * SLOT_VALUE[p[0]][p[1][1]] for p in posts if p[1] is not None)
        boostable = [(day, choice) for day, choice in posts if choice is not None]
        for levels in itertools.product(range(len(BOOST.levels)), repeat=len(boostable)):
            for ads in itertools.product(range(len(ADS_GRID)), repeat=2):
                day_spend = [ADS_GRID[ads[0]], ADS_GRID[ads[1]]]
                boost_total = 0
                revenue = organic
                for (day, (item, _slot)), level in zip(boostable, levels, strict=True):
                    day_spend[day] += BOOST.levels[level]
                    boost_total += BOOST.levels[level]
                    revenue += items[item].boost_weight * BOOST.revenue[level] * BOOST.day_factor[day]
                revenue += ADS_REVENUE[ads[0]] * 1.0 + ADS_REVENUE[ads[1]] * 0.8
                if sum(day_spend) > problem.budget:
                    continue
                if any(cap is not None and day_spend[d] > cap for d, cap in enumerate(problem.daily_cap)):
                    continue
                if problem.boost_max_total is not None and boost_total > problem.boost_max_total:
                    continue
                value = revenue if problem.objective.kind == "max_revenue" else margin * revenue - sum(day_spend)
                best = max(best, value)
    return best


def recomputed(problem: Problem, solution: Solution) -> tuple[float, int]:
    """Revenue and paid spend of the solution, recomputed from the Problem's semantics."""
    revenue, spend = 0.0, 0
    for post in solution.posts:
        day, slot = divmod(post.slot, problem.slots_per_day)
        item = problem.items[post.item]
        revenue += item.value[post.channel] * SLOT_VALUE[day][slot]
        revenue += item.boost_weight * BOOST.revenue[post.boost_level] * BOOST.day_factor[day]
        spend += BOOST.levels[post.boost_level]
    for day, amount in enumerate(solution.spend[1]):
        revenue += ADS_REVENUE[ADS_GRID.index(amount)] * (1.0, 0.8)[day]
        spend += amount
    return revenue, spend


@pytest.mark.parametrize(
    ("budget", "caps", "boost_max", "objective"),
    [
        (1500, (), None, ObjectiveData(kind="max_revenue")),
        (2500, (1500, None), None, ObjectiveData(kind="max_revenue")),
        (2500, (), 500, ObjectiveData(kind="max_revenue")),
        (3000, (), None, ObjectiveData(kind="max_profit", margin=0.6)),
        (1000, (600, 600), None, ObjectiveData(kind="max_profit", margin=0.9)),
    ],
)
def test_joint_plan_is_optimal_and_its_bound_valid(
    budget: int, caps: tuple[int | None, ...], boost_max: int | None, objective: ObjectiveData
) -> None:
    problem = joint_problem(budget, objective, caps, boost_max)
    best = enumerate_joint(problem)
    solution = solve(problem, OPTIONS)
    # the plan is the best one; the joint bound (Lagrangian prices on budget and caps) proves it
    # only where the prices close the duality gap, so OPTIMAL is not required here
    assert solution.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE), solution.messages
    revenue, spend = recomputed(problem, solution)
    value = revenue if objective.kind == "max_revenue" else (objective.margin or 0) * revenue - spend
    assert solution.objective == pytest.approx(value, rel=1e-9)
    assert value == pytest.approx(best, rel=1e-9)
    assert solution.best_bound is not None and solution.best_bound >= best - 1e-6
    assert spend <= budget
    per_day = [
        solution.spend[1][d] + sum(BOOST.levels[p.boost_level] for p in solution.posts if p.slot // 3 == d)
        for d in range(2)
    ]
    assert all(cap is None or per_day[d] <= cap for d, cap in enumerate(caps))
    if boost_max is not None:
        assert sum(BOOST.levels[p.boost_level] for p in solution.posts) <= boost_max


def test_boosts_sit_only_on_scheduled_posts_and_the_report_says_how_posting_went() -> None:
    problem = joint_problem(2500, ObjectiveData(kind="max_revenue"))
    solution = solve(problem, OPTIONS)
    assert solution.posts and all(p.channel == 0 for p in solution.posts)
    assert any(p.boost_level > 0 for p in solution.posts)
    assert any(m.startswith("posting pass 1:") for m in solution.messages)
    assert "posting_time_limit_s" in solution.parameters


def test_joint_max_roas_counts_boosts_as_paid() -> None:
    problem = joint_problem(2500, ObjectiveData(kind="max_roas", min_spend=500))
    solution = solve(problem, OPTIONS)
    assert solution.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    revenue, spend = recomputed(problem, solution)
    organic = sum(problem.items[p.item].value[0] * SLOT_VALUE[p.slot // 3][p.slot % 3] for p in solution.posts)
    assert spend >= 500
    assert solution.objective == pytest.approx((revenue - organic) / spend, rel=1e-9)
    assert solution.best_bound is not None and solution.best_bound >= solution.objective - 1e-12


def test_joint_solve_is_deterministic_for_a_seed() -> None:
    problem = joint_problem(2500, ObjectiveData(kind="max_revenue"), (1500, None))
    options = SolveOptions(time_limit_s=2.0, seed=4)
    first, second = solve(problem, options), solve(problem, options)
    assert dataclasses.replace(first, wall_time_s=0.0) == dataclasses.replace(second, wall_time_s=0.0)


def test_risk_aware_without_curve_samples_is_exactly_max_revenue() -> None:
    """No samples means no risk to weigh: the same plan and the same proof as the expected revenue."""
    options = SolveOptions(time_limit_s=5.0, seed=4)
    expected = solve(joint_problem(2500, ObjectiveData(kind="max_revenue"), (1500, None)), options)
    risk = solve(joint_problem(2500, ObjectiveData(kind="risk_aware"), (1500, None)), options)
    assert risk.status is expected.status
    assert risk.objective == pytest.approx(expected.objective, rel=1e-12)
    assert risk.best_bound == pytest.approx(expected.best_bound, rel=1e-12)
    assert risk.posts == expected.posts and risk.spend == expected.spend
