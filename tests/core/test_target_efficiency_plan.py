"""target_roas and target_cpa through the library: planned, kept, verified and explained."""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import Plan, Scenario
from mixplan.model.objective import Objective
from mixplan.solver import PostChoice
from support.testnet import engine_with_testnet, plan_from_posts, small_scenario

_plan = plan_from_posts


def _scenario(objective: dict[str, object], boost: bool = False) -> Scenario:
    channels = [
        {"id": "a", "platform": "testnet", "ads": {"boost": boost}},
        {"id": "b", "platform": "testnet", "ads": {"boost": boost}},
    ]
    return small_scenario(budget={"total": "300.00", "daily_cap": "60.00"}, objective=objective, channels=channels)


def _roas(plan: Plan) -> float:
    paid = plan.totals.paid_revenue + plan.totals.boost_revenue
    return float(paid / plan.totals.spend) if plan.totals.spend else 0.0


def test_target_roas_holds_and_verifies() -> None:
    """The testnet curve's average return rises up to the cap, so a target above it stops all spend."""
    engine = engine_with_testnet()
    free = engine.plan(_scenario({"kind": "max_revenue"}))
    reachable = _scenario({"kind": "target_roas", "target_roas": round(_roas(free) * 0.9, 2)})
    plan = engine.plan(reachable)
    assert plan.totals.spend == free.totals.spend
    assert plan.report.status == "optimal"
    assert engine.verify(plan, reachable).ok
    above = _scenario({"kind": "target_roas", "target_roas": round(_roas(free) * 1.02, 2)})
    held = engine.plan(above)
    assert held.totals.spend == 0
    assert engine.verify(held, above).ok
    assert any("spend stops at 0.00 of 300.00" in message for message in held.report.messages)


def test_blended_basis_counts_organic_revenue() -> None:
    engine = engine_with_testnet()
    paid = engine.plan(_scenario({"kind": "target_roas", "target_roas": 6}))
    blended = engine.plan(_scenario({"kind": "target_roas", "target_roas": 6, "roas_basis": "blended"}))
    assert blended.totals.spend >= paid.totals.spend
    assert float(blended.totals.revenue / blended.totals.spend) >= 6 - 1e-6 if blended.totals.spend else True


def test_target_cpa_verifies() -> None:
    engine = engine_with_testnet()
    scenario = _scenario({"kind": "target_cpa", "target_cpa": "20.00", "cpa_on": "orders"})
    plan = engine.plan(scenario)
    assert engine.verify(plan, scenario).ok


def test_verifier_flags_a_plan_below_the_target_roas() -> None:
    engine = engine_with_testnet()
    scenario = _scenario({"kind": "target_roas", "target_roas": 50})
    posts = [PostChoice(item=0, channel=0, slot=9)]
    plan = _plan(engine, scenario, posts, {0: [6000] * 5 + [0, 0]})
    result = engine.verify(plan, scenario)
    assert any("below the objective's target_roas 50" in v for v in result.violations), result.violations


def test_objective_needs_its_parameter() -> None:
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="target_roas needs target_roas"):
        Objective(kind="target_roas")
    with pytest.raises(ValidationError, match="target_cpa needs target_cpa"):
        Objective(kind="target_cpa")
    assert Objective(kind="target_cpa", target_cpa=Decimal("12.50")).cpa_on == "orders"
