"""The independent verifier catches every kind of broken rule and wrong number in a plan."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from mixplan.decode import build_plan
from mixplan.engine import Engine
from mixplan.model import Plan, Scenario
from mixplan.solver import PostChoice, Solution, SolveStatus
from support.testnet import engine_with_testnet, small_scenario


def _plan(engine: Engine, scenario: Scenario, posts: list[PostChoice], spend: dict[int, list[int]]) -> Plan:
    compiled = engine.compile(scenario)
    days = scenario.horizon.days
    solution = Solution(
        status=SolveStatus.FEASIBLE,
        objective=None,
        best_bound=None,
        gap=None,
        wall_time_s=0.0,
        spend=tuple(tuple(spend.get(c, [0] * days)) for c in range(len(scenario.channels))),
        posts=tuple(posts),
    )
    return build_plan(compiled, solution, "hash", seed=0)


@pytest.fixture
def engine() -> Engine:
    return engine_with_testnet()


@pytest.fixture
def scenario() -> Scenario:
    return small_scenario(budget={"total": "300.00", "daily_cap": "60.00"})


@pytest.fixture
def good_plan(engine: Engine, scenario: Scenario) -> Plan:
    posts = [
        PostChoice(item=0, channel=0, slot=9),  # Mon 09:00 on a
        PostChoice(item=1, channel=0, slot=12),  # Mon 12:00 on a (second post of the day: decayed)
        PostChoice(item=2, channel=1, slot=24 + 10, boost_level=1),  # Tue 10:00 on b, boosted 5.00
        PostChoice(item=0, channel=1, slot=72 + 18),  # Thu 18:00 on b (second use of i1)
    ]
    spend = {0: [2000, 2500, 3000, 2000, 0, 0, 1000], 1: [0, 1500, 1500, 1500, 1500, 1500, 1500]}
    return _plan(engine, scenario, posts, spend)


def test_a_plan_that_keeps_every_rule_verifies(engine: Engine, scenario: Scenario, good_plan: Plan) -> None:
    result = engine.verify(good_plan, scenario)
    assert result.ok, result.violations
    assert good_plan.totals.posts == 4 and len(good_plan.boosts) == 1
    # the second post on Monday gets the 0.5 decay: i2 (video, weight 2) is worth 20.00, i1 5.00
    monday = [post for post in good_plan.posts if post.start.day == 2]
    assert sorted(post.expected_revenue for post in monday) == [Decimal("2.50"), Decimal("20.00")]


def _broken(plan: Plan, **changes: Any) -> Plan:
    return plan.model_copy(update=changes)


def _post(plan: Plan, index: int, **changes: Any) -> list[Any]:
    posts = list(plan.posts)
    posts[index] = posts[index].model_copy(update=changes)
    return posts


def _violations(engine: Engine, scenario: Scenario, plan: Plan) -> str:
    result = engine.verify(plan, scenario)
    assert not result.ok
    return " | ".join(result.violations)


def test_blackout_hour(engine: Engine, scenario: Scenario, good_plan: Plan) -> None:
    start = good_plan.posts[0].start.replace(hour=3)
    plan = _broken(good_plan, posts=_post(good_plan, 0, start=start))
    assert "3:00 is a blackout hour of a" in _violations(engine, scenario, plan)


def test_post_not_on_a_slot_start(engine: Engine, scenario: Scenario, good_plan: Plan) -> None:
    start = good_plan.posts[0].start + timedelta(minutes=7)
    plan = _broken(good_plan, posts=_post(good_plan, 0, start=start))
    assert "not the start of a slot" in _violations(engine, scenario, plan)


def test_too_many_posts_per_day_and_too_close(engine: Engine, scenario: Scenario) -> None:
    posts = [
        PostChoice(item=0, channel=0, slot=9),
        PostChoice(item=1, channel=0, slot=10),
        PostChoice(item=2, channel=0, slot=20),
    ]
    plan = _plan(engine, scenario, posts, {})
    text = _violations(engine, scenario, plan)
    assert "a: 3 posts on 2026-11-02, the limit is 2" in text
    assert "posts 60 minutes apart, the minimum gap is 120" in text


def test_publishing_quota(engine: Engine, scenario: Scenario) -> None:
    # 2 on Monday evening + 2 on Tuesday morning: 4 within 24 h, quota 3
    posts = [
        PostChoice(item=0, channel=0, slot=18),
        PostChoice(item=1, channel=0, slot=21),
        PostChoice(item=2, channel=0, slot=24 + 8),
        PostChoice(item=0, channel=0, slot=24 + 12),
    ]
    plan = _plan(engine, scenario, posts, {})
    assert "the publishing quota is 3" in _violations(engine, scenario, plan)


def test_max_uses_cooldown_and_window(engine: Engine) -> None:
    data = small_scenario().model_dump()
    data["content"][1]["available_from"] = "2026-11-04"
    scenario = Scenario.model_validate(data)
    posts = [
        PostChoice(item=2, channel=0, slot=9),
        PostChoice(item=2, channel=1, slot=9 + 24),  # 24 h later, cool-down 48 h
        PostChoice(item=1, channel=0, slot=12),  # before its window
        PostChoice(item=1, channel=1, slot=72 + 12),  # second use, max_uses 1
    ]
    text = _violations(engine, scenario, _plan(engine, scenario, posts, {}))
    assert "content i3: reposted after 24 h, the cool-down is 48 h" in text
    assert "outside the item's availability window" in text
    assert "content i2: used 2 times, max_uses is 1" in text


def test_required_items_and_channels(engine: Engine) -> None:
    data = small_scenario().model_dump()
    data["content"][0]["required"] = True
    data["content"][2]["required_channels"] = ["b"]
    scenario = Scenario.model_validate(data)
    text = _violations(engine, scenario, _plan(engine, scenario, [PostChoice(item=2, channel=0, slot=9)], {}))
    assert "content i1: required but not scheduled" in text
    assert "content i3: must go to b but does not" in text


def test_category_mix_and_weekday_rotation(engine: Engine) -> None:
    scenario = small_scenario(
        policy={"category_mix": [{"category": "ugc", "min_share": 0.5}], "category_by_weekday": {"monday": "ugc"}}
    )
    plan = _plan(engine, scenario, [PostChoice(item=0, channel=0, slot=9), PostChoice(item=1, channel=1, slot=40)], {})
    text = _violations(engine, scenario, plan)
    assert "0 of 2 posts are 'ugc', below 50%" in text
    assert "on mondays only 'ugc' is posted" in text


def test_spend_minimum_step_change_cap_and_budget(engine: Engine, scenario: Scenario) -> None:
    spend = {0: [500, 1200, 6000, 1500, 0, 0, 0], 1: [6000, 6000, 6000, 6000, 6000, 0, 0]}
    text = _violations(engine, scenario, _plan_unchecked(engine, scenario, spend))
    assert "5.00 is below the minimum daily budget 10.00" in text
    assert "12.00 is not a multiple of the spend step 5.00" in text
    assert "beyond the ±50% day-over-day limit" in text
    assert "exceeds the daily cap 60.00" in text
    assert "total spend 392.00 exceeds the budget 300.00" in text


def _plan_unchecked(engine: Engine, scenario: Scenario, spend: dict[int, list[int]]) -> Plan:
    """A plan with spend amounts off the grid (the decoder only accepts grid points, so build rows by hand)."""
    base = _plan(engine, scenario, [], {})
    from mixplan.model import SpendAllocation

    rows = []
    for channel_index, amounts in spend.items():
        for day, amount in enumerate(amounts):
            if amount:
                rows.append(
                    SpendAllocation(
                        channel_id=scenario.channels[channel_index].id,
                        day=date(2026, 11, 2) + timedelta(days=day),
                        amount=Decimal(amount) / 100,
                        expected_revenue=Decimal("0.00"),
                    )
                )
    return base.model_copy(update={"spend": rows})


def test_wrong_expected_revenue_and_totals(engine: Engine, scenario: Scenario, good_plan: Plan) -> None:
    rows = list(good_plan.spend)
    rows[0] = rows[0].model_copy(update={"expected_revenue": rows[0].expected_revenue + 5})
    totals = good_plan.totals.model_copy(update={"posts": 99, "spend": good_plan.totals.spend + 1})
    text = _violations(engine, scenario, _broken(good_plan, spend=rows, totals=totals))
    assert "the curve gives" in text
    assert "totals.posts is 99" in text
    assert "totals.spend is" in text


def test_boost_on_an_unscheduled_post_or_off_level(engine: Engine, scenario: Scenario, good_plan: Plan) -> None:
    boost = good_plan.boosts[0]
    moved = boost.model_copy(update={"start": boost.start + timedelta(hours=1)})
    text = _violations(engine, scenario, _broken(good_plan, boosts=[moved]))
    assert "the post is not scheduled" in text
    odd = boost.model_copy(update={"amount": Decimal("7.00")})
    assert "is not one of the boost levels" in _violations(engine, scenario, _broken(good_plan, boosts=[odd]))


def test_optimal_claim_needs_a_zero_gap(engine: Engine, scenario: Scenario, good_plan: Plan) -> None:
    report = good_plan.report.model_copy(update={"status": "optimal", "gap": 0.05})
    assert "report says optimal but the gap is" in _violations(engine, scenario, _broken(good_plan, report=report))
