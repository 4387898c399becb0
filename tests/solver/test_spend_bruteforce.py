"""mixplan.solver.solve on tiny random spend problems against brute-force enumeration."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mixplan.solver import (
    AdsData,
    ChannelData,
    ObjectiveData,
    Problem,
    SolveOptions,
    SolveStatus,
    SpendBound,
    solve,
)
from support.spend_bruteforce import Plan, best_value, objective_value, rules_hold

OPTIONS = SolveOptions(time_limit_s=5.0, workers=1, relative_gap=1e-7)
RISK_OPTIONS = SolveOptions(time_limit_s=5.0, workers=1, relative_gap=1e-4)  # CVaR scales samples coarsely


def plan_of(problem: Problem, spend: tuple[tuple[int, ...], ...]) -> Plan:
    """Revenue and totals of the solver's spend table, recomputed here."""
    revenue, samples_count = 0.0, max((len(c.ads.samples) for c in problem.channels if c.ads), default=0)
    samples = [0.0] * samples_count
    for c, channel in enumerate(problem.channels):
        ads = channel.ads
        if ads is None:
            assert all(x == 0 for x in spend[c])
            continue
        for d, amount in enumerate(spend[c]):
            j = ads.grid.index(amount)
            revenue += ads.revenue[j] * ads.day_factor[d]
            for s in range(samples_count):
                curve = ads.samples[s] if ads.samples else ads.revenue
                samples[s] += curve[j] * ads.day_factor[d]
    total = sum(sum(row) for row in spend)
    return Plan(spend, revenue, total, tuple(samples))


@st.composite
def channels(draw: st.DrawFn, days: int) -> ChannelData:
    levels = draw(st.integers(1, 3))
    minimum = draw(st.integers(1, 6)) * 100
    step = draw(st.integers(1, 4)) * 100
    grid = (0, *[minimum + step * k for k in range(levels)])
    shape = draw(st.sampled_from([0.8, 1.0, 2.0, 3.0]))
    half = draw(st.integers(2, 10)) * 100.0
    vmax = draw(st.integers(2, 6)) * half
    revenue = tuple(vmax * g**shape / (g**shape + half**shape) for g in grid)
    factor = tuple(draw(st.sampled_from([0.5, 1.0, 1.5, 2.0])) for _ in range(days))
    min_total = draw(st.sampled_from([0, 0, 0, 0, minimum, 2 * minimum]))
    max_total = draw(st.sampled_from([None, None, grid[-1], grid[-1] + minimum]))
    change = draw(st.sampled_from([None, None, 0.2, 0.5, 1.0]))
    name = draw(st.sampled_from(["tiktok", "meta", "google", "pinterest"]))
    return ChannelData(
        name=name,
        ads=AdsData(
            grid=grid,
            revenue=revenue,
            day_factor=factor,
            min_daily=minimum,
            step=step,
            max_daily=grid[-1],
            min_total=min_total,
            max_total=max_total,
            max_change=change,
        ),
    )


@st.composite
def problems(draw: st.DrawFn, objective: st.SearchStrategy[ObjectiveData]) -> Problem:
    days = draw(st.integers(1, 3))
    count = draw(st.integers(1, 3 if days == 1 else 2))
    chans = tuple(draw(channels(days)) for _ in range(count))
    most = sum(c.ads.grid[-1] for c in chans if c.ads) * days
    budget = draw(st.one_of(st.integers(0, most), st.integers(most // 3, most)))
    caps: tuple[int | None, ...] = ()
    if draw(st.booleans()):
        caps = tuple(draw(st.sampled_from([None, 300, 600, 1000, 2000])) for _ in range(days))
    bounds: tuple[SpendBound, ...] = ()
    if draw(st.booleans()):
        first = draw(st.integers(0, days - 1))
        last = draw(st.integers(first, days - 1))
        bounds = (
            SpendBound(
                name="group",
                channels=draw(st.sampled_from([None, (0,)])),
                first_day=first,
                last_day=last,
                lo=draw(st.sampled_from([0, 200, 500])),
                hi=draw(st.sampled_from([None, 500, 1000])),
            ),
        )
    return Problem(
        days=days,
        slots_per_day=1,
        slot_minutes=1440,
        budget=budget,
        channels=chans,
        daily_cap=caps,
        spend_bounds=bounds,
        objective=draw(objective),
    )


def check_against_bruteforce(problem: Problem) -> None:
    """The solver's answer is feasible, proven optimal, equal to the enumeration's best, and its bound valid."""
    best = best_value(problem)
    solution = solve(problem, OPTIONS)
    if best is None:
        assert solution.status is SolveStatus.INFEASIBLE
        assert solution.conflicts
        return
    assert solution.status is SolveStatus.OPTIMAL, (solution.status, solution.messages)
    assert rules_hold(problem, solution.spend)
    value = objective_value(problem.objective, plan_of(problem, solution.spend))
    assert value is not None
    sense = -1.0 if problem.objective.kind == "min_spend_for_revenue" else 1.0
    assert solution.objective is not None and solution.best_bound is not None
    assert math.isclose(sense * solution.objective, value, rel_tol=1e-9, abs_tol=1e-6)
    assert math.isclose(value, best, rel_tol=1e-6, abs_tol=1e-6), (value, best)
    assert sense * solution.best_bound >= best - 1e-6 * max(1.0, abs(best))


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(problems(st.just(ObjectiveData(kind="max_revenue"))))
def test_max_revenue_matches_bruteforce(problem: Problem) -> None:
    check_against_bruteforce(problem)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(problems(st.builds(ObjectiveData, kind=st.just("max_profit"), margin=st.sampled_from([0.2, 0.35, 0.5, 0.9]))))
def test_max_profit_matches_bruteforce(problem: Problem) -> None:
    check_against_bruteforce(problem)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    problems(
        st.builds(
            ObjectiveData,
            kind=st.just("min_spend_for_revenue"),
            revenue_target=st.sampled_from([0, 500, 1500, 3000, 6000]),
        )
    )
)
def test_min_spend_for_revenue_matches_bruteforce(problem: Problem) -> None:
    check_against_bruteforce(problem)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(problems(st.builds(ObjectiveData, kind=st.just("max_roas"), min_spend=st.sampled_from([0, 300, 800, 1500]))))
def test_max_roas_dinkelbach_matches_bruteforce_ratio(problem: Problem) -> None:
    check_against_bruteforce(problem)


@st.composite
def risky(draw: st.DrawFn) -> Problem:
    base = draw(problems(st.just(ObjectiveData(kind="max_revenue"))))
    rng = np.random.default_rng(draw(st.integers(0, 10_000)))
    count = draw(st.integers(2, 6))
    chans = []
    for channel in base.channels:
        ads = channel.ads
        assert ads is not None
        samples = tuple(tuple(float(v) * float(rng.uniform(0.5, 1.5)) for v in ads.revenue) for _ in range(count))
        chans.append(ChannelData(channel.name, ads=AdsData(**{**ads.__dict__, "samples": samples})))
    measure = draw(st.sampled_from(["cvar", "cvar", "mean_sd"]))
    objective = ObjectiveData(kind="risk_aware", risk_measure=measure, risk_alpha=0.34, risk_lambda=0.5)
    return Problem(**{**base.__dict__, "channels": tuple(chans), "objective": objective})


@settings(max_examples=50, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(risky())
def test_risk_aware_never_beats_bruteforce_and_cvar_is_exact(problem: Problem) -> None:
    best = best_value(problem)
    solution = solve(problem, RISK_OPTIONS)
    if best is None:
        assert solution.status is SolveStatus.INFEASIBLE
        return
    assert solution.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    assert rules_hold(problem, solution.spend)
    value = objective_value(problem.objective, plan_of(problem, solution.spend))
    assert value is not None and solution.objective is not None and solution.best_bound is not None
    assert math.isclose(solution.objective, value, rel_tol=1e-9, abs_tol=1e-6)
    assert value <= best + 1e-6 * max(1.0, abs(best))
    assert solution.best_bound >= best - 1e-6 * max(1.0, abs(best))
    if problem.objective.risk_measure == "cvar" or solution.status is SolveStatus.OPTIMAL:
        assert solution.status is SolveStatus.OPTIMAL
        assert math.isclose(value, best, rel_tol=1e-4, abs_tol=1e-6)


@pytest.mark.parametrize("seed", range(3))
def test_solution_objective_is_the_plans_revenue(seed: int) -> None:
    rng = np.random.default_rng(seed)
    grid = (0, 500, 700, 900, 1100)
    chans = tuple(
        ChannelData(
            f"c{c}",
            ads=AdsData(
                grid=grid,
                revenue=tuple(float(x) for x in np.cumsum(rng.uniform(0, 900, len(grid))) - 0.0),
                day_factor=(1.0, 1.2),
                min_daily=500,
                step=200,
                max_daily=1100,
            ),
        )
        for c in range(3)
    )
    problem = Problem(days=2, slots_per_day=1, slot_minutes=1440, budget=3000, channels=chans)
    solution = solve(problem, OPTIONS)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == pytest.approx(plan_of(problem, solution.spend).revenue, rel=1e-12)
