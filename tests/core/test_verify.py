"""The independent verifier catches every kind of broken rule and wrong number in a plan."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import mixplan
import pytest
from mixplan.engine import Engine
from mixplan.loading import load_scenario
from mixplan.model import Plan, Scenario
from mixplan.model.plan import Totals
from mixplan.solver import PostChoice
from support.testnet import engine_with_testnet, plan_from_posts, small_scenario

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


_plan = plan_from_posts


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
        PostChoice(item=2, channel=0, slot=9 + 24),  # a repost on a 24 h later, cool-down 48 h
        PostChoice(item=1, channel=0, slot=12),  # before its window
        PostChoice(item=1, channel=0, slot=72 + 12),  # second use on a, once per channel by default
    ]
    text = _violations(engine, scenario, _plan(engine, scenario, posts, {}))
    assert "content i3: reposted on a after 24 h, the cool-down is 48 h" in text
    assert "outside the item's availability window" in text
    assert "content i2: used 2 times on a, max_uses_per_channel is 1" in text


def test_cross_posts_same_day_verify_but_not_closer_than_their_gap(engine: Engine) -> None:
    data = small_scenario().model_dump()
    data["content"][1]["cross_post_gap_hours"] = 24  # i2
    scenario = Scenario.model_validate(data)
    # the cool-down of i3 (48 h) is for reposts on one channel: a cross-post 1 h later is fine
    fine = [PostChoice(item=2, channel=0, slot=9), PostChoice(item=2, channel=1, slot=10)]
    result = engine.verify(_plan(engine, scenario, fine, {}), scenario)
    assert result.ok, result.violations
    close = [PostChoice(item=1, channel=0, slot=9), PostChoice(item=1, channel=1, slot=14)]
    text = _violations(engine, scenario, _plan(engine, scenario, close, {}))
    assert "content i2: cross-posted to b 5 h after a, cross_post_gap_hours is 24" in text


def test_max_uses_counts_every_channel(engine: Engine) -> None:
    data = small_scenario().model_dump()
    data["content"][2]["max_uses"] = 1  # i3: once in all, although once per channel would allow two
    scenario = Scenario.model_validate(data)
    posts = [PostChoice(item=2, channel=0, slot=9), PostChoice(item=2, channel=1, slot=9)]
    text = _violations(engine, scenario, _plan(engine, scenario, posts, {}))
    assert "content i3: used 2 times, max_uses is 1" in text


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


def test_optimal_claim_needs_a_gap_within_the_tolerance(engine: Engine, scenario: Scenario, good_plan: Plan) -> None:
    report = _report(good_plan, status="optimal", objective=100.0, best_bound=105.0, gap=0.05)
    text = _violations(engine, scenario, _broken(good_plan, report=report))
    assert "report says optimal but the gap is 5.0000%, above the relative_gap 0.0001" in text


# -- every reported figure is recomputed ------------------------------------------------------
def _report(plan: Plan, **changes: Any) -> Any:
    return plan.report.model_copy(update={"parameters": {"relative_gap": 1e-4}, **changes})


@pytest.fixture
def profit_scenario() -> Scenario:
    return small_scenario(
        budget={"total": "300.00", "daily_cap": "60.00"}, objective={"kind": "max_profit", "margin": 0.4}
    )


@pytest.fixture
def profit_plan(engine: Engine, profit_scenario: Scenario, good_plan: Plan) -> Plan:
    posts = [
        PostChoice(item=0, channel=0, slot=9),
        PostChoice(item=2, channel=1, slot=24 + 10, boost_level=1),
    ]
    return _plan(engine, profit_scenario, posts, {0: [2000, 2500, 3000, 2000, 0, 0, 1000]})


def test_a_plan_with_a_margin_verifies_and_reports_its_profit(
    engine: Engine, profit_scenario: Scenario, profit_plan: Plan
) -> None:
    assert engine.verify(profit_plan, profit_scenario).ok, engine.verify(profit_plan, profit_scenario).violations
    totals = profit_plan.totals
    assert totals.profit == (totals.revenue * Decimal("0.4") - totals.spend).quantize(Decimal("0.01"))


def _tampered(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        raise AssertionError("every figure of the test plan must be set")
    if isinstance(value, int):
        return value + 1
    if isinstance(value, Decimal):
        return value + Decimal("1.00")
    return value * 1.01 + 0.5


@pytest.mark.parametrize("name", list(Totals.model_fields))
def test_every_total_is_rechecked(engine: Engine, profit_scenario: Scenario, profit_plan: Plan, name: str) -> None:
    reported = _tampered(getattr(profit_plan.totals, name))
    totals = profit_plan.totals.model_copy(update={name: reported})
    text = _violations(engine, profit_scenario, _broken(profit_plan, totals=totals))
    assert f"totals.{name} is " in text


def test_a_wrong_roas_names_the_reported_and_recomputed_value(
    engine: Engine, scenario: Scenario, good_plan: Plan
) -> None:
    totals = good_plan.totals
    roas = float((totals.paid_revenue + totals.boost_revenue) / totals.spend)
    text = _violations(engine, scenario, _broken(good_plan, totals=totals.model_copy(update={"roas": 99.0})))
    assert f"totals.roas is 99, the rows give {roas:.6g}" in text
    assert roas != pytest.approx(99.0)


def test_roas_and_profit_must_be_absent_without_spend_or_margin(
    engine: Engine, scenario: Scenario, good_plan: Plan
) -> None:
    empty = _plan(engine, scenario, [PostChoice(item=0, channel=0, slot=9)], {})
    assert empty.totals.roas is None and engine.verify(empty, scenario).ok
    text = _violations(engine, scenario, _broken(empty, totals=empty.totals.model_copy(update={"roas": 2.0})))
    assert "totals.roas is 2.0, the rows give None" in text
    profit = good_plan.totals.model_copy(update={"profit": Decimal("10.00")})
    assert "totals.profit is 10.00, margin × revenue − spend is None" in _violations(
        engine, scenario, _broken(good_plan, totals=profit)
    )


def test_marginal_roas_is_the_curve_slope_over_the_next_spend_step(
    engine: Engine, scenario: Scenario, good_plan: Plan
) -> None:
    # testnet curve: Hill 200 · s² / (s² + 40²); channel a spends 20.00 on Monday, the step is 5.00
    row = next(r for r in good_plan.spend if r.channel_id == "a" and r.day == date(2026, 11, 2))
    assert row.amount == Decimal("20.00")
    slope = (200 * 25**2 / (25**2 + 40**2) - 200 * 20**2 / (20**2 + 40**2)) / 5
    assert row.marginal_roas == pytest.approx(slope, rel=1e-12)
    rows = list(good_plan.spend)
    rows[rows.index(row)] = row.model_copy(update={"marginal_roas": 1000.0})
    text = _violations(engine, scenario, _broken(good_plan, spend=rows))
    assert f"spend on a on 2026-11-02: marginal_roas is 1000, the curve gives {slope:.6g}" in text


def test_marginal_roas_may_be_missing_only_at_the_daily_ceiling(engine: Engine, scenario: Scenario) -> None:
    # the daily cap 60.00 is the most a channel can spend on a day: 60.00 has no next step
    plan = _plan(engine, scenario, [], {0: [0, 0, 0, 0, 0, 0, 6000], 1: [0, 0, 0, 0, 0, 0, 0]})
    assert plan.spend[0].marginal_roas is None
    assert engine.verify(plan, scenario).ok
    lower = _plan(engine, scenario, [], {0: [0, 0, 0, 0, 0, 0, 5500]})
    assert lower.spend[0].marginal_roas is not None
    rows = [lower.spend[0].model_copy(update={"marginal_roas": None})]
    text = _violations(engine, scenario, _broken(lower, spend=rows))
    assert "marginal_roas is missing, but the budget allows the next step 60.00" in text


# -- the gap is recomputed from objective and bound -------------------------------------------
def test_a_consistent_report_verifies(engine: Engine, scenario: Scenario, good_plan: Plan) -> None:
    gap = 0.05 / 1000.05
    report = _report(good_plan, status="optimal", objective=1000.0, best_bound=1000.05, gap=gap)
    assert engine.verify(_broken(good_plan, report=report), scenario).ok


def test_an_optimal_claim_with_a_wide_recomputed_gap_fails(engine: Engine, scenario: Scenario, good_plan: Plan) -> None:
    report = _report(good_plan, status="optimal", objective=1000.0, best_bound=1010.0, gap=0.0)
    text = _violations(engine, scenario, _broken(good_plan, report=report))
    assert "report says optimal but the gap recomputed from its objective 1000 and bound 1010 is 0.9901%" in text
    assert "report.gap is 0, objective and bound give 0.00990099" in text


def test_a_reported_gap_must_match_objective_and_bound(engine: Engine, scenario: Scenario, good_plan: Plan) -> None:
    report = _report(good_plan, status="feasible", objective=1000.0, best_bound=1010.0, gap=0.001)
    text = _violations(engine, scenario, _broken(good_plan, report=report))
    assert "report.gap is 0.001, objective and bound give 0.00990099" in text
    assert "report says optimal" not in text


def test_a_cent_of_difference_is_rounding(engine: Engine, scenario: Scenario, good_plan: Plan) -> None:
    # 0.01 on 10.00 is a 0.1 % gap, but a cent is rounding: reported as 0 and optimal
    report = _report(good_plan, status="optimal", objective=10.0, best_bound=10.01, gap=0.0)
    assert engine.verify(_broken(good_plan, report=report), scenario).ok
    report = _report(good_plan, status="optimal", objective=10.0, best_bound=10.03, gap=0.0)
    assert "report says optimal but the gap recomputed" in _violations(
        engine, scenario, _broken(good_plan, report=report)
    )


def test_a_ratio_objective_gets_no_cent_of_slack(engine: Engine, scenario: Scenario, good_plan: Plan) -> None:
    exact = _report(good_plan, status="optimal", objective_kind="max_roas", objective=3.0, best_bound=3.0, gap=0.0)
    assert engine.verify(_broken(good_plan, report=exact), scenario).ok
    off = exact.model_copy(update={"best_bound": 3.005})
    assert "report says optimal but the gap recomputed" in _violations(engine, scenario, _broken(good_plan, report=off))


def test_an_optimal_claim_needs_an_objective_and_a_bound(engine: Engine, scenario: Scenario, good_plan: Plan) -> None:
    report = _report(good_plan, status="optimal", objective=None, best_bound=None, gap=0.0)
    text = _violations(engine, scenario, _broken(good_plan, report=report))
    assert "report says optimal but gives no objective and bound to prove it" in text
    assert "report.gap is 0 but the report has no objective and bound to give it" in text


def test_tampered_figures_of_a_solved_example_are_caught() -> None:
    scenario = load_scenario(EXAMPLES / "shop" / "scenario.yaml")
    plan = mixplan.plan(scenario, time_limit_s=10, seed=1)
    assert mixplan.verify(plan, scenario).ok, mixplan.verify(plan, scenario).violations
    assert plan.report.gap is not None and plan.spend and plan.spend[0].marginal_roas is not None
    roas = plan.model_copy(update={"totals": plan.totals.model_copy(update={"roas": 99.0})})
    assert "totals.roas is 99" in " | ".join(mixplan.verify(roas, scenario).violations)
    rows = list(plan.spend)
    rows[0] = rows[0].model_copy(update={"marginal_roas": 1000.0})
    marginal = plan.model_copy(update={"spend": rows})
    assert "marginal_roas is 1000, the curve gives" in " | ".join(mixplan.verify(marginal, scenario).violations)
    gap = plan.model_copy(update={"report": plan.report.model_copy(update={"gap": plan.report.gap + 0.01})})
    assert "report.gap is" in " | ".join(mixplan.verify(gap, scenario).violations)


def test_mixplan_verify_stays_the_function_once_the_verifier_module_is_loaded() -> None:
    import mixplan.verification

    assert callable(mixplan.verify) and mixplan.verification.Verification is mixplan.Verification


def test_an_item_restricted_rule_cross_posts_on_its_day_and_is_verified(engine: Engine) -> None:
    rule = {"kind": "post_count", "name": "i2 on both channels on Tuesday", "items": ["i2"]}
    rule |= {"start": "2026-11-03", "end": "2026-11-03"}
    scenario = small_scenario(rules=[{**rule, "min_posts": 2}])
    plan = engine.plan(scenario)
    assert engine.verify(plan, scenario).ok
    tuesday = {post.channel_id for post in plan.posts if post.content_id == "i2" and post.start.day == 3}
    assert tuesday == {"a", "b"}
    posts = [PostChoice(item=1, channel=0, slot=24 + 9), PostChoice(item=0, channel=1, slot=24 + 9)]  # i1 on b
    text = _violations(engine, scenario, _plan(engine, scenario, posts, {}))
    assert "rule 'i2 on both channels on Tuesday': 1 posts, needs at least 2" in text
    with pytest.raises(ValueError, match=r"rules\[0\].items\[0\]: unknown content item 'zz'"):
        small_scenario(rules=[{**rule, "items": ["zz"], "min_posts": 1}])
