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
    SolveStatus,
    solve,
)
from support.spend_bruteforce import best_value, objective_value, rules_hold
from support.spend_problems import OPTIONS, RISK_OPTIONS, plan_of, problems


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
