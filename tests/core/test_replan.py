"""Re-plan from a date on a real solve, stored on SQLite and on the test PostgreSQL server: nothing
before as-of changes (by post and by spend row), actuals replace the plan where they exist, the
budget left is the total minus what was delivered, and a budget-only change moves no post."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import icalendar
import mixplan
import pytest
from mixplan.export.ics_format import render_ics_lineage
from mixplan.model import Plan
from mixplan.model.actuals import PostActual
from mixplan.model.history import HistoryRow
from mixplan.storage import Store
from support.plans import make_scenario

BERLIN = ZoneInfo("Europe/Berlin")
OPTIONS = mixplan.PlanOptions(time_limit_s=3)


@pytest.fixture(scope="module")
def parent() -> Plan:
    """One real solve of the small scenario, shared by the tests (they only read it)."""
    return mixplan.plan(make_scenario(), options=OPTIONS)


def test_nothing_before_as_of_changes_and_actuals_replace_the_plan(store: Store, parent: Plan) -> None:
    scenario = make_scenario()
    parent_id = store.save_run(scenario, parent)
    posts_before = sorted(
        (p for p in parent.posts if p.start.astimezone(BERLIN).date() < date(2026, 11, 28)), key=lambda p: p.start
    )
    assert posts_before, "the parent must have posts before as-of for this test to mean something"
    published = posts_before[0]
    actual = PostActual(
        content_id=published.content_id,
        channel_id=published.channel_id,
        published_at=published.start + timedelta(minutes=5),
        impressions=4321,
        engagements=210,
        clicks=33,
        orders=2,
        revenue=Decimal("55.55"),
    )
    delivered_row = HistoryRow(
        day=date(2026, 11, 24), channel_id="gads", spend=Decimal("50.00"), revenue=Decimal("120.00")
    )
    store.upsert_actuals([actual], [delivered_row])
    as_of = date(2026, 11, 28)
    result = mixplan.replan(
        parent, scenario, as_of, actual_posts=store.post_actuals(), actual_days=store.history(), options=OPTIONS
    )
    child_id = store.save_run(scenario, result.plan, parent_run_id=parent_id)
    child = store.get_run(child_id)
    assert child.parent_id == parent_id
    plan = child.plan

    def before(p: Plan) -> list[tuple[str, str, datetime]]:
        return sorted(
            (x.content_id, x.channel_id, x.start) for x in p.posts if x.start.astimezone(BERLIN).date() < as_of
        )

    # the day with post actuals keeps only what was published, at its published time, with its actual revenue
    locked = [p for p in plan.posts if p.start.astimezone(BERLIN).date() < as_of]
    same_day = [p for p in locked if p.start.astimezone(BERLIN).date() == published.start.astimezone(BERLIN).date()]
    assert [(p.content_id, p.start, p.expected_revenue) for p in same_day] == [
        (actual.content_id, actual.published_at, Decimal("55.55"))
    ]
    other_days = [
        p for p in posts_before if p.start.astimezone(BERLIN).date() != published.start.astimezone(BERLIN).date()
    ]
    assert sorted((p.content_id, p.start) for p in locked if p not in same_day) == sorted(
        (p.content_id, p.start) for p in other_days
    )
    # spend before as-of: the delivered actual where there is one, the plan taken as executed elsewhere
    spend_before = {(r.channel_id, r.day): r.amount for r in plan.spend if r.day < as_of}
    expected = {(r.channel_id, r.day): r.amount for r in parent.spend if r.day < as_of}
    expected[("gads", date(2026, 11, 24))] = Decimal("50.00")
    assert spend_before == expected
    assert result.delivered == sum(expected.values(), Decimal("0.00")) + sum(
        (b.amount for b in parent.boosts if b.start.astimezone(BERLIN).date() < as_of), Decimal("0.00")
    )
    assert result.remaining_budget == scenario.budget.total - result.delivered
    assert plan.totals.spend <= scenario.budget.total
    assert sum((r.amount for r in plan.spend if r.day >= as_of), Decimal(0)) <= result.remaining_budget
    # max_uses and max_uses_per_channel count the locked part
    uses: dict[str, int] = {}
    per_channel: dict[tuple[str, str], int] = {}
    for p in plan.posts:
        uses[p.content_id] = uses.get(p.content_id, 0) + 1
        per_channel[(p.content_id, p.channel_id)] = per_channel.get((p.content_id, p.channel_id), 0) + 1
    limits = {item.id: item for item in scenario.content}
    assert all(limits[i].max_uses is None or n <= limits[i].max_uses for i, n in uses.items())
    assert all(n <= limits[i].uses_per_channel for (i, _ch), n in per_channel.items())
    # a re-plan of the re-plan from a later day changes nothing before that day either
    again = mixplan.replan(plan, scenario, date(2026, 11, 29), options=OPTIONS).plan
    assert before(again) == before(plan) or all(
        x in [(p.content_id, p.channel_id, p.start) for p in again.posts] for x in before(plan)
    )
    assert {(r.channel_id, r.day): r.amount for r in again.spend if r.day < as_of} == spend_before
    # the re-plan's calendar updates every event of the parent's (moved or cancelled): none goes stale
    parent_uids = set(_uids(render_ics_lineage([parent], scenario)))
    child_events = _uids(render_ics_lineage([parent, plan], scenario))
    assert parent_uids <= set(child_events)
    assert sum(1 for status in child_events.values() if status == "CONFIRMED") == len(plan.posts)


def _uids(data: bytes) -> dict[str, str]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]): str(event["STATUS"]) for event in calendar.walk("VEVENT")}


def test_a_budget_only_change_moves_no_post(parent: Plan) -> None:
    richer = make_scenario(budget="1800.00")
    result = mixplan.replan(parent, richer, date(2026, 11, 25), options=OPTIONS)
    assert result.moved == 0 and result.dropped == 0
    assert sorted((p.content_id, p.start) for p in result.plan.posts) == sorted(
        (p.content_id, p.start) for p in parent.posts
    )
    assert result.plan.totals.spend > parent.totals.spend  # the extra budget is used
    assert "0 moved" in result.plan.report.messages[0]


def test_as_of_outside_the_window_is_bad_input(parent: Plan) -> None:
    with pytest.raises(mixplan.InputError, match="--as-of"):
        mixplan.replan(parent, make_scenario(), date(2026, 12, 30), options=OPTIONS)
