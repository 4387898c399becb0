"""Spend before the window: ``ads.prior_spend`` or stored history feeds the carry-over of the first
days (against a hand computation) and anchors the first day's change limit; a re-plan feeds the
delivered spend before as-of into the re-planned days. On SQLite and the test PostgreSQL server."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import mixplan
import pytest
from mixplan.errors import InputError
from mixplan.metrics import hill_revenue
from mixplan.model.history import HistoryRow
from mixplan.storage import Store

START = date(2026, 11, 2)
OPTIONS = mixplan.PlanOptions(time_limit_s=5)
CURVE = {"kind": "hill", "max_revenue": "1000", "half_saturation": "100", "shape": 1.0, "carryover": 0.5}


def scenario(ads: dict[str, Any] | None = None, days: int = 7, budget: str = "2100.00") -> mixplan.Scenario:
    """One paid channel (Google Ads, curve 1000·s/(s+100), carry-over 0.5) over ``days`` days."""
    return mixplan.scenario_from_data(
        {
            "name": "prior",
            "currency": "EUR",
            "horizon": {"start": START.isoformat(), "days": days, "timezone": "Europe/Berlin"},
            "channels": [
                {"id": "search", "platform": "google_ads", "organic": False, "ads": {"curve": CURVE, **(ads or {})}}
            ],
            "budget": {"total": budget},
        }
    )


def by_hand(prior: dict[date, float], days: int) -> float:
    """Σ over prior days (k days before the window) and window days t of Hill(s)·0.5^(k+t)."""
    total = 0.0
    for day, amount in prior.items():
        k = (START - day).days
        own = 1000 * amount / (amount + 100)
        total += sum(own * 0.5 ** (k + t) for t in range(days))
    return total


def test_prior_spend_carries_revenue_into_the_window_by_hand() -> None:
    prior = {START - timedelta(days=1): 100.0, START - timedelta(days=2): 300.0}
    plan = mixplan.plan(
        scenario({"prior_spend": {d.isoformat(): str(a) for d, a in prior.items()}}, days=7), options=OPTIONS
    )
    # by hand: day -1 earns 500 on its day, 250 on day 0, 125 on day 1, …; day -2 earns 750, 187.5 on day 0, …
    expected = 250 * (1 - 0.5**7) / 0.5 + 187.5 * (1 - 0.5**7) / 0.5
    assert by_hand(prior, 7) == pytest.approx(expected)
    assert plan.totals.carried_in_revenue == Decimal(str(round(expected, 2)))
    # not in revenue: no decision of the plan changes it
    assert plan.totals.revenue == plan.totals.paid_revenue
    without = mixplan.plan(scenario(days=7), options=OPTIONS)
    assert without.totals.carried_in_revenue == 0
    assert without.totals.revenue == plan.totals.revenue


def test_stored_history_before_the_window_is_the_prior_spend(store: Store) -> None:
    store.upsert_history(
        [
            HistoryRow(day=START - timedelta(days=1), channel_id="search", spend=Decimal("100"), revenue=Decimal("1")),
            HistoryRow(day=START - timedelta(days=3), channel_id="search", spend=Decimal("50"), revenue=Decimal("1")),
            HistoryRow(day=START, channel_id="search", spend=Decimal("999"), revenue=Decimal("1")),  # in the window
            HistoryRow(day=START - timedelta(days=1), channel_id="other", spend=Decimal("999"), revenue=Decimal("1")),
        ]
    )
    plan = mixplan.plan(scenario(days=7), options=OPTIONS, data=store)
    expected = by_hand({START - timedelta(days=1): 100.0, START - timedelta(days=3): 50.0}, 7)
    assert plan.totals.carried_in_revenue == Decimal(str(round(expected, 2)))
    # the scenario's own prior_spend wins over the store
    explicit = mixplan.plan(scenario({"prior_spend": {"2026-10-31": "100"}}), options=OPTIONS, data=store)
    assert explicit.totals.carried_in_revenue == Decimal(str(round(by_hand({date(2026, 10, 31): 100.0}, 7), 2)))


def test_the_first_day_follows_the_day_before_under_max_daily_change() -> None:
    free = mixplan.plan(scenario({"max_daily_change": 0.2}), options=OPTIONS)
    first_free = next(row.amount for row in free.spend if row.day == START)
    assert first_free > 150, "without prior spend the first day should be well above 120 for the test to mean anything"
    plan = mixplan.plan(
        scenario({"max_daily_change": 0.2, "prior_spend": {(START - timedelta(days=1)).isoformat(): "100"}}),
        options=OPTIONS,
    )
    first = next((row.amount for row in plan.spend if row.day == START), Decimal(0))
    assert first == 0 or Decimal("80") <= first <= Decimal("120")
    assert mixplan.Engine().verify(plan, scenario({"max_daily_change": 0.2, "prior_spend": {"2026-11-01": "100"}})).ok
    # the free plan breaks the limit against the day before, and the verifier says so
    check = mixplan.Engine().verify(free, scenario({"max_daily_change": 0.2, "prior_spend": {"2026-11-01": "100"}}))
    assert not check.ok
    assert any("day-over-day limit" in line for line in check.violations)


def test_prior_spend_inside_the_window_is_bad_input() -> None:
    with pytest.raises(InputError) as caught:
        mixplan.plan(scenario({"prior_spend": {START.isoformat(): "10"}}), options=OPTIONS)
    assert str(caught.value).startswith("channels[0].ads.prior_spend:")
    assert "2026-11-02 is not before the plan's first day" in str(caught.value)


def test_replan_feeds_the_delivered_spend_into_the_replanned_days(store: Store) -> None:
    base = scenario({"max_daily_change": 0.2}, days=14, budget="2800.00")
    parent = mixplan.plan(base, options=OPTIONS)
    as_of = START + timedelta(days=7)
    delivered = [
        HistoryRow(day=START + timedelta(days=d), channel_id="search", spend=Decimal("100.00"), revenue=Decimal("1"))
        for d in range(7)
    ]
    store.upsert_actuals([], delivered)
    result = mixplan.replan(parent, base, as_of, actual_days=store.history(), options=OPTIONS, data=store)
    first = next((row.amount for row in result.plan.spend if row.day == as_of), Decimal(0))
    assert first == 0 or Decimal("80") <= first <= Decimal("120"), first
    # the remaining scenario carries the delivered days as prior spend (the carry-over into as_of on)
    rest = mixplan.replanning.remaining_scenario(
        base, as_of, *mixplan.replanning.locked_part(parent, base, as_of, actual_days=store.history())
    )
    assert rest.channels[0].ads.prior_spend == {row.day: row.spend for row in delivered}
    rest_plan = mixplan.plan(rest, options=OPTIONS)
    prior = {row.day: 100.0 for row in delivered}
    assert rest_plan.totals.carried_in_revenue == Decimal(str(round(_by_hand_from(as_of, prior, 7), 2)))


def _by_hand_from(start: date, prior: dict[date, float], days: int) -> float:
    return sum(
        hill_revenue(1000, 100, 1.0, amount) * 0.5 ** ((start - day).days + t)
        for day, amount in prior.items()
        for t in range(days)
    )


def test_the_verifier_counts_a_restart_after_a_pause_as_a_change() -> None:
    base = scenario({"max_daily_change": 0.2}, days=7)
    plan = mixplan.plan(base, options=OPTIONS)
    assert mixplan.Engine().verify(plan, base).ok
    amounts = {0: "50", 1: "50", 2: "50", 4: "190", 6: "50"}  # the 50, 50, 50, 0, 190, 0, 50
    template = plan.spend[0]
    dodged = plan.model_copy(
        update={
            "spend": [
                template.model_copy(update={"day": START + timedelta(days=d), "amount": Decimal(a)})
                for d, a in amounts.items()
            ]
        }
    )
    violations = mixplan.Engine().verify(dodged, base).violations
    assert any("from 50 to 190" in line and "restart after a pause" in line for line in violations), violations
    assert any("from 190 to 50" in line for line in violations)
