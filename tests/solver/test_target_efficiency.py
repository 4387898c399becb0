"""target_roas and target_cpa: reached and optimal on tiny problems against brute-force enumeration."""

from __future__ import annotations

import math
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mixplan.solver import AdsData, ChannelData, ObjectiveData, Problem, SolveStatus, solve
from support.spend_bruteforce import best_value, objective_value
from support.spend_problems import OPTIONS, plan_of, problems


def check(problem: Problem) -> None:
    """Feasible, proven optimal, equal to the enumeration's best, target met, bound valid."""
    best = best_value(problem)
    solution = solve(problem, OPTIONS)
    if best is None:
        assert solution.status is SolveStatus.INFEASIBLE
        assert solution.conflicts
        return
    assert solution.status is SolveStatus.OPTIMAL, (solution.status, solution.messages)
    plan = plan_of(problem, solution.spend)
    if problem.objective.kind == "target_cpa":
        weights = problem.objective.conversions_per_revenue
        conversions = 0.0
        for c, channel in enumerate(problem.channels):
            assert channel.ads is not None
            for d, amount in enumerate(solution.spend[c]):
                conversions += (
                    channel.ads.revenue[channel.ads.grid.index(amount)] * channel.ads.day_factor[d] * weights[c]
                )
        plan = replace(plan, conversions=conversions)
    value = objective_value(problem.objective, plan)
    assert value is not None, "the plan breaks the target"
    assert solution.objective is not None and solution.best_bound is not None
    assert math.isclose(solution.objective, value, rel_tol=1e-9, abs_tol=1e-6)
    assert math.isclose(value, best, rel_tol=1e-6, abs_tol=1e-6), (value, best)
    assert solution.best_bound >= best - 1e-6 * max(1.0, abs(best))


@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    problems(
        st.builds(ObjectiveData, kind=st.just("target_roas"), target_roas=st.sampled_from([0.5, 1.0, 1.5, 2.5, 4.0]))
    )
)
def test_target_roas_matches_bruteforce(problem: Problem) -> None:
    check(problem)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(problems(st.just(ObjectiveData(kind="target_cpa"))), st.sampled_from([500.0, 1500.0, 3000.0]), st.data())
def test_target_cpa_matches_bruteforce(problem: Problem, cpa: float, data: st.DataObject) -> None:
    weights = tuple(data.draw(st.sampled_from([1 / 2000, 1 / 4000, 1 / 1000])) for _ in problem.channels)
    objective = ObjectiveData(kind="target_cpa", target_cpa=cpa, conversions_per_revenue=weights)
    check(replace(problem, objective=objective))


def test_target_roas_holds_spend_below_the_budget() -> None:
    """A concave curve: the target stops spend where the average return falls to the target."""
    grid = tuple(range(0, 1100, 100))
    revenue = tuple(3000.0 * g / (g + 400.0) for g in grid)
    ads = AdsData(grid=grid, revenue=revenue, day_factor=(1.0,), min_daily=100, step=100, max_daily=1000)
    problem = Problem(
        days=1,
        slots_per_day=1,
        slot_minutes=1440,
        budget=1000,
        channels=(ChannelData(name="meta", ads=ads),),
        objective=ObjectiveData(kind="target_roas", target_roas=3.0),
    )
    solution = solve(problem, OPTIONS)
    spent = solution.spend[0][0]
    # 3000 g / (g + 400) >= 3 g  <=>  g <= 600
    assert spent == 600
    assert solution.status is SolveStatus.OPTIMAL
    assert any("ROAS (paid) 3.00 against the target 3.00" in m for m in solution.messages), solution.messages
