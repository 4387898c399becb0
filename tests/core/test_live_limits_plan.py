"""Stored live limits in plans: the live publishing quota and minimum daily budget replace the platform
defaults, the scenario's own settings win, a currency mismatch is refused with a note, and the
independent verifier (resolving through the same path) holds plans to the same rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from mixplan.api import verify
from mixplan.engine import Engine, PlanOptions
from mixplan.model import Plan, Scenario
from mixplan.model.live import LiveLimits
from mixplan.resolve import ResolvedChannel
from mixplan.storage import Store
from support.testnet import engine_with_testnet, small_scenario

FETCHED = datetime(2026, 10, 30, 7, 45, tzinfo=UTC)
ORIGIN = "fetched 2026-10-30 07:45 UTC"
CONCAVE = {"kind": "hill", "max_revenue": "300.00", "half_saturation": "20.00", "shape": 1.0}
OPTIONS = PlanOptions(time_limit_s=20)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return engine_with_testnet()


def limits(**fields: Any) -> LiveLimits:
    """Live limits of testnet channel 'a' as a plugin would report them."""
    values: dict[str, Any] = {"channel_id": "a", "platform": "testnet", "fetched_at": FETCHED, **fields}
    values.setdefault("source", "testnet:limits")
    return LiveLimits.model_validate(values)


def posting_scenario(**channel: Any) -> Scenario:
    """One organic-only testnet channel with more content than a week can hold (quota 3 per 24 h, 2 a day)."""
    content = [{"id": f"p{i}", "title": f"Post {i}", "category": "product", "formats": ["image"]} for i in range(14)]
    return small_scenario(
        channels=[{"id": "a", "platform": "testnet", "ads": {"enabled": False}, **channel}],
        content=content,
        budget={"total": "0"},
    )


def spend_scenario(total: str = "70.00", **ads: Any) -> Scenario:
    """One paid-only testnet channel on a concave curve: without a high minimum it spreads spend thinly."""
    return small_scenario(
        channels=[{"id": "a", "platform": "testnet", "organic": False, "ads": {"curve": CONCAVE, **ads}}],
        content=[],
        budget={"total": total},
    )


def resolved(engine: Engine, scenario: Scenario, store: Store | None) -> ResolvedChannel:
    (channel,) = engine.resolve(scenario, store)
    return channel


def most_posts_within(plan: Plan, hours: int) -> int:
    """The most posts of the plan that start within any `hours`-long stretch."""
    starts = sorted(post.start for post in plan.posts)
    window = timedelta(hours=hours)
    return max((sum(1 for other in starts if start <= other < start + window) for start in starts), default=0)


def paid_amounts(plan: Plan) -> list[Decimal]:
    return [allocation.amount for allocation in plan.spend if allocation.amount > 0]


# -- publishing quota -----------------------------------------------------------------------------


def test_a_live_quota_below_the_default_caps_every_window_and_the_verifier_holds_plans_to_it(
    engine: Engine, store: Store
) -> None:
    scenario = posting_scenario()
    unlimited = engine.plan(scenario, OPTIONS, store)
    assert most_posts_within(unlimited, 24) >= 2  # the platform default (3 per 24 h) lets it post twice a day

    store.save_live_limits(limits(publish_quota=1, publish_quota_window_hours=24, quota_used=3))
    limited = engine.plan(scenario, OPTIONS, store)
    assert limited.posts
    assert most_posts_within(limited, 24) == 1
    assert len(limited.posts) <= 7
    note = (
        f"a: publishing quota 1 per 24 h from testnet:limits, {ORIGIN} (platform default 3 per 24 h; "
        "the 3 posts used at fetch time are not subtracted)"
    )
    assert note in limited.report.messages

    assert verify(limited, scenario, engine=engine, data=store).ok
    checked = verify(unlimited, scenario, engine=engine, data=store)
    assert not checked.ok
    assert any("posts within 24 h, the publishing quota is 1" in violation for violation in checked.violations)
    assert verify(unlimited, scenario, engine=engine).ok  # without the stored limits the default applies


def test_a_live_window_is_taken_as_reported(engine: Engine, store: Store) -> None:
    store.save_live_limits(limits(publish_quota=2, publish_quota_window_hours=48))
    scenario = posting_scenario()
    channel = resolved(engine, scenario, store)
    assert (channel.posting.publish_quota, channel.posting.publish_quota_window_hours) == (2, 48)
    plan = engine.plan(scenario, OPTIONS, store)
    assert most_posts_within(plan, 48) == 2
    assert verify(plan, scenario, engine=engine, data=store).ok


def test_a_window_longer_than_a_week_is_kept_by_a_smaller_weekly_quota(engine: Engine, store: Store) -> None:
    store.save_live_limits(limits(publish_quota=5, publish_quota_window_hours=336))
    channel = resolved(engine, posting_scenario(), store)
    # any 336-hour stretch is covered by two 168-hour windows of at most 2 posts each: 4 <= 5
    assert (channel.posting.publish_quota, channel.posting.publish_quota_window_hours) == (2, 168)
    assert any("its 336 h window is longer than the planner's longest (168 h)" in note for note in channel.notes)


def test_a_quota_without_a_window_uses_the_platform_window(engine: Engine, store: Store) -> None:
    store.save_live_limits(limits(publish_quota=2))
    channel = resolved(engine, posting_scenario(), store)
    assert (channel.posting.publish_quota, channel.posting.publish_quota_window_hours) == (2, 24)
    assert any("no window reported, the platform's 24 h window is used" in note for note in channel.notes)


def test_the_scenario_quota_wins_over_the_live_one(engine: Engine, store: Store) -> None:
    store.save_live_limits(limits(publish_quota=1, publish_quota_window_hours=24))
    scenario = posting_scenario(posting={"publish_quota": 2})
    channel = resolved(engine, scenario, store)
    assert (channel.posting.publish_quota, channel.posting.publish_quota_window_hours) == (2, 24)
    note = (
        f"live publishing quota 1 per 24 h (testnet:limits, {ORIGIN}) ignored: "
        "the scenario sets posting.publish_quota = 2"
    )
    assert channel.notes == (note,)
    plan = engine.plan(scenario, OPTIONS, store)
    assert most_posts_within(plan, 24) == 2
    assert f"a: {note}" in plan.report.messages


def test_the_newest_stored_limits_are_used(engine: Engine, store: Store) -> None:
    day = timedelta(days=1)
    store.save_live_limits(limits(publish_quota=1, publish_quota_window_hours=24))
    store.save_live_limits(limits(publish_quota=2, publish_quota_window_hours=24, fetched_at=FETCHED + day))
    store.save_live_limits(limits(publish_quota=1, publish_quota_window_hours=24, fetched_at=FETCHED - day))
    assert resolved(engine, posting_scenario(), store).posting.publish_quota == 2


# -- minimum daily budget -------------------------------------------------------------------------


def test_a_live_minimum_above_the_default_applies_to_every_paid_day(engine: Engine, store: Store) -> None:
    scenario = spend_scenario()
    default = engine.plan(scenario, OPTIONS, store)
    assert min(paid_amounts(default)) < Decimal("25.00")  # the default minimum of 10.00 lets it spread thinly

    store.save_live_limits(limits(source="testnet:budgets", min_daily_budget="25.00", currency="EUR"))
    plan = engine.plan(scenario, OPTIONS, store)
    assert paid_amounts(plan)
    assert all(amount >= Decimal("25.00") for amount in paid_amounts(plan))
    assert f"a: minimum daily budget 25.00 EUR from testnet:budgets, {ORIGIN} (platform default 10.00)" in (
        plan.report.messages
    )
    assert verify(plan, scenario, engine=engine, data=store).ok
    checked = verify(default, scenario, engine=engine, data=store)
    assert any("is below the minimum daily budget 25.00" in violation for violation in checked.violations)


def test_the_scenario_minimum_wins_over_the_live_one(engine: Engine, store: Store) -> None:
    store.save_live_limits(limits(min_daily_budget="25.00", currency="EUR"))
    scenario = spend_scenario(total="100.00", min_daily_budget="15.00")
    channel = resolved(engine, scenario, store)
    assert channel.ads.min_daily_budget == Decimal("15.00")
    assert channel.notes == (
        f"live minimum daily budget 25.00 EUR (testnet:limits, {ORIGIN}) ignored: the scenario sets "
        "ads.min_daily_budget = 15.00",
    )
    amounts = paid_amounts(engine.plan(scenario, OPTIONS, store))
    assert min(amounts) >= Decimal("15.00") and min(amounts) < Decimal("25.00")


def test_a_minimum_in_another_currency_is_not_used(engine: Engine, store: Store) -> None:
    store.save_live_limits(limits(min_daily_budget="25.00", currency="USD"))
    scenario = spend_scenario()
    assert scenario.currency == "EUR"
    channel = resolved(engine, scenario, store)
    assert channel.ads.min_daily_budget == Decimal("10.00")
    note = (
        f"live minimum daily budget 25.00 USD (testnet:limits, {ORIGIN}) not used: the scenario's amounts are "
        "in EUR; the platform default 10.00 EUR applies"
    )
    assert channel.notes == (note,)
    plan = engine.plan(scenario, OPTIONS, store)
    assert f"a: {note}" in plan.report.messages
    assert min(paid_amounts(plan)) < Decimal("25.00")
    assert verify(plan, scenario, engine=engine, data=store).ok


def test_a_minimum_without_a_currency_is_taken_in_the_scenario_currency(engine: Engine, store: Store) -> None:
    store.save_live_limits(limits(min_daily_budget="25.00"))
    channel = resolved(engine, spend_scenario(), store)
    assert channel.ads.min_daily_budget == Decimal("25.00")


# -- what does not apply --------------------------------------------------------------------------


def test_limits_of_another_platform_are_ignored_with_a_note(engine: Engine, store: Store) -> None:
    store.save_live_limits(limits(platform="instagram", publish_quota=1, min_daily_budget="99.00"))
    channel = resolved(engine, posting_scenario(), store)
    assert channel.posting.publish_quota == 3 and channel.ads.min_daily_budget == Decimal("10.00")
    assert channel.notes == (
        f"live limits (testnet:limits, {ORIGIN}) ignored: they were fetched for platform 'instagram', "
        "the channel is on 'testnet'",
    )


def test_limits_a_channel_does_not_use_change_nothing(engine: Engine, store: Store) -> None:
    store.save_live_limits(limits(publish_quota=1, min_daily_budget="25.00"))
    organic_only = resolved(engine, posting_scenario(), store)  # ads disabled: the budget is irrelevant
    assert organic_only.ads.min_daily_budget == Decimal("10.00")
    assert organic_only.posting.publish_quota == 1
    paid_only = resolved(engine, spend_scenario(), store)  # no organic posts: the quota is irrelevant
    assert paid_only.posting.publish_quota == 3
    assert paid_only.ads.min_daily_budget == Decimal("25.00")
    assert len(organic_only.notes) == len(paid_only.notes) == 1
    assert resolved(engine, posting_scenario(), None).notes == ()
