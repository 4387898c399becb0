"""The objectives on constructed cases where the right answer is known by hand or by enumeration."""

from __future__ import annotations

import math

import pytest
from mixplan.solver import AdsData, ChannelData, ObjectiveData, Problem, SolveOptions, SolveStatus, solve
from support.spend_bruteforce import best_value, plans

OPTIONS = SolveOptions(time_limit_s=5.0, workers=1, relative_gap=1e-7)


def hill(grid: tuple[int, ...], vmax: float, half: float, shape: float) -> tuple[float, ...]:
    return tuple(vmax * g**shape / (g**shape + half**shape) for g in grid)


def channel(
    name: str, grid: tuple[int, ...], revenue: tuple[float, ...], days: int = 1, **extra: object
) -> ChannelData:
    ads = AdsData(
        grid=grid,
        revenue=revenue,
        day_factor=(1.0,) * days,
        min_daily=grid[1],
        step=grid[2] - grid[1] if len(grid) > 2 else grid[1],
        max_daily=grid[-1],
        **extra,
    )
    return ChannelData(name=name, ads=ads)


def problem(channels: tuple[ChannelData, ...], budget: int, objective: ObjectiveData, days: int = 1) -> Problem:
    return Problem(days=days, slots_per_day=1, slot_minutes=1440, budget=budget, channels=channels, objective=objective)


GRID = tuple(range(0, 2001, 100))


def test_max_profit_leaves_budget_unspent_when_margin_is_low_and_says_why() -> None:
    chans = (
        channel("meta", GRID, hill(GRID, 4000.0, 600.0, 1.0)),
        channel("google", GRID, hill(GRID, 3000.0, 400.0, 1.0)),
    )
    low = problem(chans, 4000, ObjectiveData(kind="max_profit", margin=0.4))
    high = problem(chans, 4000, ObjectiveData(kind="max_profit", margin=0.95))
    low_plan, high_plan = solve(low, OPTIONS), solve(high, OPTIONS)
    assert low_plan.status is high_plan.status is SolveStatus.OPTIMAL
    low_spend = sum(map(sum, low_plan.spend))
    high_spend = sum(map(sum, high_plan.spend))
    assert low_spend < high_spend <= 4000
    assert low_plan.objective == pytest.approx(best_value(low), rel=1e-9)
    note = " ".join(low_plan.messages)
    assert f"spend stops at {low_spend / 100:,.2f} of 40.00" in note
    assert "1/margin = 2.50" in note


def test_max_roas_equals_the_best_ratio_over_all_plans() -> None:
    grid = (0, 300, 500, 700, 900, 1100, 1300)
    chans = (
        channel("tiktok", grid, hill(grid, 5000.0, 800.0, 2.5)),
        channel("meta", grid, hill(grid, 2500.0, 300.0, 1.0)),
        channel("pinterest", grid, hill(grid, 3000.0, 600.0, 1.8)),
    )
    for min_spend in (0, 1000, 2500):
        case = problem(chans, 3000, ObjectiveData(kind="max_roas", min_spend=min_spend))
        solution = solve(case, OPTIONS)
        best = best_value(case)
        assert best is not None
        assert solution.status is SolveStatus.OPTIMAL
        assert solution.objective == pytest.approx(best, rel=1e-9)
        assert solution.best_bound is not None and solution.best_bound >= best - 1e-9
        spent = sum(map(sum, solution.spend))
        assert spent >= min_spend


def test_min_spend_for_revenue_is_the_least_spend_reaching_the_target() -> None:
    chans = (
        channel("meta", GRID, hill(GRID, 4000.0, 600.0, 2.0)),
        channel("google", GRID, hill(GRID, 3000.0, 400.0, 1.0)),
    )
    case = problem(chans, 4000, ObjectiveData(kind="min_spend_for_revenue", revenue_target=4500))
    solution = solve(case, OPTIONS)
    least = min(p.total for p in plans(case) if p.revenue >= 4500)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == least == sum(map(sum, solution.spend))


def test_min_spend_for_revenue_out_of_reach_is_explained_with_numbers() -> None:
    chans = (channel("meta", GRID, hill(GRID, 4000.0, 600.0, 2.0)),)
    case = problem(chans, 1000, ObjectiveData(kind="min_spend_for_revenue", revenue_target=900_000))
    solution = solve(case, OPTIONS)
    assert solution.status is SolveStatus.INFEASIBLE
    text = solution.conflicts[0]
    assert "revenue target 9,000.00" in text and "budget of 10.00" in text and "at most" in text


def test_s_curve_where_marginal_local_search_stalls() -> None:
    """A steep S-curve pays off only after a jump: one-step marginal ascent never takes it; mixplan does."""
    chans = (
        channel("tiktok", GRID, hill(GRID, 9000.0, 1200.0, 3.0)),
        channel("meta", GRID, hill(GRID, 1500.0, 300.0, 0.8)),
    )
    case = problem(chans, 2000, ObjectiveData(kind="max_revenue"))
    best = best_value(case)
    solution = solve(case, OPTIONS)
    assert solution.status is SolveStatus.OPTIMAL and solution.objective == pytest.approx(best, rel=1e-12)
    assert solution.spend[0][0] >= 1200  # the S-curve channel is funded past its inflection point

    # one grid step at a time by best marginal return (what a local optimizer does from zero)
    levels = [0, 0]
    revenue = [c.ads.revenue for c in chans]
    while sum(GRID[j] for j in levels) + 100 <= 2000:
        gains = [
            revenue[c][levels[c] + 1] - revenue[c][levels[c]] if levels[c] + 1 < len(GRID) else -1 for c in range(2)
        ]
        c = max(range(2), key=lambda k: gains[k])
        levels[c] += 1
    local = sum(revenue[c][levels[c]] for c in range(2))
    assert best is not None and local < 0.8 * best


def risky_channels() -> tuple[ChannelData, ...]:
    grid = (0, 1000)
    # "bold" earns more on average, but in some samples almost nothing; "steady" always earns the same
    bold = (0.0, 3000.0)
    bold_samples = ((0.0, 5800.0), (0.0, 5600.0), (0.0, 300.0), (0.0, 300.0))
    steady = (0.0, 2400.0)
    steady_samples = tuple((0.0, 2400.0) for _ in range(4))
    return (
        ChannelData("bold", ads=AdsData(grid, bold, (1.0,), 1000, 1000, 1000, samples=bold_samples)),
        ChannelData("steady", ads=AdsData(grid, steady, (1.0,), 1000, 1000, 1000, samples=steady_samples)),
    )


@pytest.mark.parametrize(
    "objective",
    [
        ObjectiveData(kind="risk_aware", risk_measure="cvar", risk_alpha=0.5),
        ObjectiveData(kind="risk_aware", risk_measure="mean_sd", risk_lambda=1.0),
    ],
)
def test_risk_aware_picks_the_safer_channel(objective: ObjectiveData) -> None:
    chans = risky_channels()
    expected = solve(problem(chans, 1000, ObjectiveData(kind="max_revenue")), OPTIONS)
    careful = solve(problem(chans, 1000, objective), OPTIONS)
    assert expected.spend == ((1000,), (0,))
    assert careful.spend == ((0,), (1000,))
    assert careful.status is SolveStatus.OPTIMAL
    assert careful.objective == pytest.approx(2400.0)


def test_cvar_value_is_the_mean_of_the_worst_samples() -> None:
    chans = risky_channels()
    # alpha 0.5 of 4 samples: the worst 2; both channels funded (budget 2000)
    case = problem(chans, 2000, ObjectiveData(kind="risk_aware", risk_measure="cvar", risk_alpha=0.5))
    solution = solve(case, OPTIONS)
    assert solution.spend == ((1000,), (1000,))
    assert solution.objective == pytest.approx((300.0 + 2400.0 + 300.0 + 2400.0) / 2)
    assert math.isclose(solution.best_bound or 0.0, solution.objective or 0.0, rel_tol=1e-6)
