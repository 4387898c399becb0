"""Infeasible spend rules are explained in the user's terms, with their numbers."""

from __future__ import annotations

from mixplan.solver import AdsData, ChannelData, Problem, SolveOptions, SolveStatus, SpendBound, solve

OPTIONS = SolveOptions(time_limit_s=5, workers=1)


def ads(grid: tuple[int, ...], days: int, **extra: object) -> AdsData:
    revenue = tuple(float(g) * 2.0 for g in grid)
    return AdsData(
        grid=grid,
        revenue=revenue,
        day_factor=(1.0,) * days,
        min_daily=grid[1],
        step=grid[2] - grid[1] if len(grid) > 2 else grid[1],
        max_daily=grid[-1],
        **extra,
    )


def test_channel_minimum_above_the_budget() -> None:
    tiktok = ChannelData("tiktok_shop", ads=ads((0, 2000, 3000), 30, min_total=60_000))
    case = Problem(days=30, slots_per_day=1, slot_minutes=1440, budget=50_000, channels=(tiktok,))
    solution = solve(case, OPTIONS)
    assert solution.status is SolveStatus.INFEASIBLE
    assert solution.conflicts == (
        "tiktok_shop: minimum spend 600.00 (20.00/day x 30 days at least) required by min_total exceeds the "
        "budget of 500.00",
    )
    assert solution.conflict_details[0]["rule"] == "min_total>budget"
    assert solution.conflict_details[0]["min_total"] == 60_000


def test_channel_minimums_add_up_to_more_than_the_budget() -> None:
    chans = (
        ChannelData("meta", ads=ads((0, 1000, 2000), 10, min_total=120_000)),
        ChannelData("google", ads=ads((0, 1000, 2000), 10, min_total=110_000)),
    )
    case = Problem(days=10, slots_per_day=1, slot_minutes=1440, budget=200_000, channels=chans)
    solution = solve(case, OPTIONS)
    assert solution.status is SolveStatus.INFEASIBLE
    text = " ".join(solution.conflicts)
    assert "channel minimums add up to 2,300.00" in text and "more than the budget 2,000.00" in text


def test_minimum_out_of_reach_under_daily_caps() -> None:
    chans = (ChannelData("pinterest", ads=ads((0, 2000, 4000), 3, min_total=10_000)),)
    case = Problem(
        days=3, slots_per_day=1, slot_minutes=1440, budget=50_000, channels=chans, daily_cap=(5000, 3000, 2500)
    )
    solution = solve(case, OPTIONS)
    assert solution.status is SolveStatus.INFEASIBLE
    assert "pinterest: min_total 100.00 cannot be reached" in solution.conflicts[0]
    assert "at most 80.00" in solution.conflicts[0]


def test_change_limit_budget_and_minimum_conflict_found_by_assumptions() -> None:
    # 40.00 over two days needs 10.00 + 30.00 (a 200 % jump, limit 50 %) or 30.00 + 30.00 (over the budget)
    chans = (ChannelData("tiktok", ads=ads((0, 1000, 3000), 2, min_total=4000, max_change=0.5)),)
    case = Problem(days=2, slots_per_day=1, slot_minutes=1440, budget=4500, channels=chans)
    solution = solve(case, OPTIONS)
    assert solution.status is SolveStatus.INFEASIBLE
    text = " | ".join(solution.conflicts)
    assert "tiktok: day-over-day change limit of 50 %" in text
    assert "tiktok: total minimum 40.00 (min_total)" in text
    assert "the budget of 45.00" in text
    assert len(solution.conflicts) == 3
    assert {d["rule"] for d in solution.conflict_details} == {"max_change", "min_total", "budget"}


def test_group_minimum_against_a_daily_cap() -> None:
    chans = (
        ChannelData("meta", ads=ads((0, 1000, 2000), 3)),
        ChannelData("google", ads=ads((0, 1000, 2000), 3)),
    )
    rule = SpendBound("launch push", (0, 1), 1, 1, lo=3000, hi=None)
    case = Problem(
        days=3,
        slots_per_day=1,
        slot_minutes=1440,
        budget=100_000,
        channels=chans,
        daily_cap=(None, 2500, None),
        spend_bounds=(rule,),
    )
    solution = solve(case, OPTIONS)
    assert solution.status is SolveStatus.INFEASIBLE
    text = " | ".join(solution.conflicts)
    assert "rule 'launch push': at least 30.00 on meta, google over day 1" in text
    assert "the daily cap of 25.00 on day 1" in text
