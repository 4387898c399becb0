"""Presence per channel and binding KPI targets: planned, verified, explained when out of reach."""

from __future__ import annotations

from collections import Counter

import pytest
from mixplan.errors import InfeasibleError
from mixplan.goals import goal_rules
from support.testnet import engine_with_testnet, small_scenario

CHANNELS = [
    {"id": "a", "platform": "testnet", "posting": {"min_posts_per_week": 3}},
    {"id": "b", "platform": "testnet"},
]


def test_min_posts_per_week_is_planned_and_verified() -> None:
    engine = engine_with_testnet()
    scenario = small_scenario(channels=CHANNELS)
    plan = engine.plan(scenario)
    assert Counter(post.channel_id for post in plan.posts)["a"] >= 3
    assert engine.verify(plan, scenario).ok


def test_verifier_names_a_missed_presence_minimum() -> None:
    engine = engine_with_testnet()
    plan = engine.plan(small_scenario())
    posts_on_a = sum(1 for post in plan.posts if post.channel_id == "a")
    demanding = [{"id": "a", "platform": "testnet", "posting": {"min_posts_per_week": posts_on_a + 1}}, CHANNELS[1]]
    result = engine.verify(plan, small_scenario(channels=demanding))
    assert any("posting.min_posts_per_week" in violation for violation in result.violations), result.violations


def test_binding_posts_target_met_and_unreachable_one_explained() -> None:
    engine = engine_with_testnet()
    scenario = small_scenario(kpis=[{"metric": "posts", "target": "5", "binding": True}])
    plan = engine.plan(scenario)
    assert plan.totals.posts >= 5
    assert engine.verify(plan, scenario).ok
    with pytest.raises(InfeasibleError, match=r"binding KPI target.*only \d+"):
        engine.plan(small_scenario(kpis=[{"metric": "posts", "target": "500", "binding": True}]))


def test_weekly_binding_posts_target_and_unsupported_metric() -> None:
    scenario = small_scenario(
        horizon={"start": "2026-11-02", "days": 10, "timezone": "Europe/Berlin"},
        kpis=[{"metric": "posts", "target": "3", "binding": True, "per": "week"}],
    )
    assert [getattr(rule, "min_posts", None) for rule in goal_rules(scenario)] == [3, 1]  # short last week: 3 x 3 / 7
    engine = engine_with_testnet()
    plan = engine.plan(scenario)
    assert engine.verify(plan, scenario).ok
    with pytest.raises(ValueError, match="binding targets are supported for posts"):
        small_scenario(kpis=[{"metric": "reach", "target": "1000", "binding": True}])


def test_binding_spend_target_met_and_unreachable_one_explained() -> None:
    engine = engine_with_testnet()
    thrifty = {"kind": "max_profit", "margin": 0.05}  # spending barely pays: left alone it spends little
    unbound = engine.plan(small_scenario(objective=thrifty))
    assert sum(allocation.amount for allocation in unbound.spend) < 250
    scenario = small_scenario(objective=thrifty, kpis=[{"metric": "spend", "target": "250", "binding": True}])
    plan = engine.plan(scenario)
    ad_spend = sum(allocation.amount for allocation in plan.spend)
    assert ad_spend >= 250
    assert engine.verify(plan, scenario).ok
    with pytest.raises(InfeasibleError, match=r"binding KPI target"):
        engine.plan(small_scenario(kpis=[{"metric": "spend", "target": "400", "binding": True}]))
