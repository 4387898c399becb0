"""Property tests of the whole pipeline: random small scenarios are solved, and every plan verifies;
on tiny ones, a plan the solver calls optimal is as good as the best plan found by brute force."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mixplan.decode import build_plan
from mixplan.engine import Engine, PlanOptions
from mixplan.errors import InfeasibleError
from mixplan.model import Scenario
from mixplan.solver import PostChoice, Solution, SolveStatus
from support.testnet import engine_with_testnet

ENGINE: Engine = engine_with_testnet()


@st.composite
def small_scenarios(draw: st.DrawFn) -> Scenario:
    """Up to 3 channels, 1–4 days, 2–6 items, budgets that make the minimum spend bind or not."""
    days = draw(st.integers(1, 4))
    channel_count = draw(st.integers(1, 3))
    channels = []
    for index in range(channel_count):
        channel: dict[str, Any] = {"id": f"c{index}", "platform": "testnet"}
        if draw(st.booleans()):
            channel["posting"] = {
                "max_posts_per_day": draw(st.integers(1, 3)),
                "min_gap_minutes": draw(st.sampled_from([0, 60, 180])),
            }
        channel["ads"] = {
            "enabled": draw(st.booleans()),
            "boost": draw(st.booleans()),
            "curve": {
                "kind": "hill",
                "max_revenue": str(draw(st.integers(20, 400))),
                "half_saturation": str(draw(st.integers(5, 80))),
                "shape": draw(st.floats(0.8, 3.0)),
                "carryover": draw(st.sampled_from([0.0, 0.3])),
            },
        }
        channels.append(channel)
    items = []
    for index in range(draw(st.integers(2, 6))):
        items.append(
            {
                "id": f"i{index}",
                "title": f"Item {index}",
                "category": draw(st.sampled_from(["product", "ugc"])),
                "formats": draw(st.sampled_from([["image"], ["video"], ["image", "video"]])),
                "value": draw(st.floats(0.5, 2.0)),
                "max_uses": draw(st.integers(1, 3)),
                "cooldown_hours": draw(st.sampled_from([0, 24, 48])),
            }
        )
    budget: dict[str, Any] = {"total": str(draw(st.integers(0, 200)))}
    if draw(st.booleans()):
        budget["daily_cap"] = str(draw(st.integers(10, 80)))
    return Scenario.model_validate(
        {
            "name": "property",
            "horizon": {"start": "2026-11-02", "days": days, "timezone": "Europe/Berlin", "slot_minutes": 120},
            "channels": channels,
            "content": items,
            "budget": budget,
        }
    )


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(small_scenarios())
def test_every_plan_of_a_random_small_scenario_verifies(scenario: Scenario) -> None:
    try:
        plan = ENGINE.plan(scenario, PlanOptions(time_limit_s=5, seed=3, verify=False))
    except InfeasibleError as error:
        assert error.conflicts, "infeasible without an explanation"
        return
    result = ENGINE.verify(plan, scenario)
    assert result.ok, result.violations
    assert (
        plan.report.best_bound is None
        or plan.report.objective is None
        or (plan.report.best_bound >= plan.report.objective - 1e-6 * max(1.0, abs(plan.report.objective)))
    )


@st.composite
def tiny_scenarios(draw: st.DrawFn) -> Scenario:
    """One channel, one day of four 6-hour slots, two items, a handful of spend levels: brute-forceable."""
    blackout = draw(st.sampled_from([[0, 1, 2, 3, 4, 5], [], [12, 13, 14, 15, 16, 17]]))
    return Scenario.model_validate(
        {
            "name": "tiny",
            "horizon": {"start": "2026-11-04", "days": 1, "timezone": "Europe/Berlin", "slot_minutes": 360},
            "channels": [
                {
                    "id": "c",
                    "platform": "testnet",
                    "posting": {
                        "max_posts_per_day": draw(st.integers(1, 3)),
                        "min_gap_minutes": 0,
                        "blackout_hours": blackout,
                    },
                    "audience": {"activity": [[float(1 + (h // 6) * draw(st.integers(0, 2))) for h in range(24)]] * 7},
                    "ads": {
                        "boost": False,
                        "curve": {
                            "kind": "hill",
                            "max_revenue": str(draw(st.integers(20, 200))),
                            "half_saturation": str(draw(st.integers(5, 40))),
                            "shape": draw(st.floats(0.8, 3.0)),
                        },
                    },
                }
            ],
            "content": [
                {
                    "id": "x",
                    "title": "X",
                    "category": "p",
                    "formats": ["image"],
                    "value": draw(st.floats(0.5, 2)),
                    "max_uses": draw(st.integers(1, 2)),
                },
                {"id": "y", "title": "Y", "category": "p", "formats": ["video"], "value": draw(st.floats(0.5, 2))},
            ],
            "budget": {"total": str(draw(st.sampled_from([0, 10, 15, 25])))},
        }
    )


def _brute_force_best(scenario: Scenario) -> Decimal:
    """Best total revenue over every plan that the verifier accepts."""
    compiled = ENGINE.compile(scenario)
    ads = compiled.problem.channels[0].ads
    levels = ads.grid if ads is not None else (0,)
    best = Decimal("-1")
    for assignment in itertools.product([None, 0, 1], repeat=4):
        posts = tuple(
            PostChoice(item=item, channel=0, slot=slot) for slot, item in enumerate(assignment) if item is not None
        )
        for level in levels:
            solution = Solution(SolveStatus.FEASIBLE, None, None, None, 0.0, spend=((level,),), posts=posts)
            plan = build_plan(compiled, solution, "brute", seed=0)
            if ENGINE.verify(plan, scenario).ok:
                best = max(best, plan.totals.revenue)
    return best


@settings(max_examples=60, deadline=None, derandomize=True)
@given(tiny_scenarios())
def test_optimal_is_as_good_as_brute_force(scenario: Scenario) -> None:
    plan = ENGINE.plan(scenario, PlanOptions(time_limit_s=10, seed=0))
    best = _brute_force_best(scenario)
    event(f"status {plan.report.status}")
    assert plan.totals.revenue <= best + Decimal("0.05"), "the plan beats every valid plan: the verifier is too lax"
    if plan.report.status == "optimal":
        # revenues are rounded to cents per post/row: allow a few cents of rounding
        assert plan.totals.revenue >= best - Decimal("0.05"), (plan.totals.revenue, best)
