"""The iCalendar export, parsed back with `icalendar` and compared event by event with the plan."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from mixplan.export.ics_format import render_ics
from mixplan.model import Plan, Scenario


def _events(data: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return [event for event in calendar.walk("VEVENT") if isinstance(event, icalendar.Event)]


def test_one_event_per_post_in_the_scenario_zone_with_titles(plan: Plan, scenario: Scenario) -> None:
    events = _events(render_ics(plan, scenario))
    assert len(events) == len(plan.posts)
    by_uid = {str(event["UID"]): event for event in events}
    assert len(by_uid) == len(plan.posts), "UIDs must be unique per post"
    titles = {item.id: item.title for item in scenario.content}
    expected = sorted(plan.posts, key=lambda p: p.start)
    for post, event in zip(expected, events, strict=True):
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND")
        assert start == post.start  # the same instant
        assert getattr(start.tzinfo, "key", None) == "Europe/Berlin"
        assert start.tzinfo.utcoffset(start) == post.start.astimezone(ZoneInfo("Europe/Berlin")).utcoffset()
        assert end - start == timedelta(minutes=scenario.horizon.slot_minutes)
        assert str(event["SUMMARY"]) == f"{post.channel_id}: {titles[post.content_id]}"
        assert event.categories == [post.channel_id]
        description = str(event["DESCRIPTION"])
        assert f"Format: {post.format}" in description
        assert f"Expected revenue: {post.expected_revenue} EUR" in description
        assert f"Expected clicks: {post.expected_clicks:.1f}" in description
        assert event.decoded("DTSTAMP") == plan.created_at.astimezone(UTC)


def test_post_given_in_utc_is_written_as_local_wall_time(plan: Plan, scenario: Scenario) -> None:
    text = render_ics(plan, scenario).decode("utf-8")
    # 17:00 UTC on 27 October 2025 is 18:00 in Berlin (CET, after the DST change)
    assert "DTSTART;TZID=Europe/Berlin:20251027T180000" in text
    # 10:30 on 26 October is already CET: 09:30 UTC
    events = _events(text.encode())
    howto = next(e for e in events if "How to brew" in str(e["SUMMARY"]))
    assert howto.decoded("DTSTART").astimezone(UTC) == datetime(2025, 10, 26, 9, 30, tzinfo=UTC)


def test_vtimezone_matches_the_tzid_and_lines_are_crlf(plan: Plan, scenario: Scenario) -> None:
    data = render_ics(plan, scenario)
    calendar = icalendar.Calendar.from_ical(data)
    zones = list(calendar.walk("VTIMEZONE"))
    assert [str(zone["TZID"]) for zone in zones] == ["Europe/Berlin"]
    assert {c.name for c in zones[0].subcomponents} >= {"STANDARD", "DAYLIGHT"}
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//mixplan//")
    assert data.count(b"\r\n") >= data.count(b"\n")  # every line ends with CRLF (RFC 5545 3.1)
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "content lines are folded at 75 octets"


def test_uids_come_from_the_post_key_not_the_run(plan: Plan, scenario: Scenario) -> None:
    first = {str(e["UID"]) for e in _events(render_ics(plan, scenario))}
    again = {str(e["UID"]) for e in _events(render_ics(plan, scenario))}
    assert first == again
    other_run = plan.model_copy(update={"created_at": plan.created_at + timedelta(minutes=5)})
    assert first == {str(e["UID"]) for e in _events(render_ics(other_run, scenario))}
    other_scenario = plan.model_copy(update={"scenario_name": "Another shop"})
    assert first.isdisjoint({str(e["UID"]) for e in _events(render_ics(other_scenario, scenario))})
    keys = {str(e["X-MIXPLAN-KEY"]) for e in _events(render_ics(plan, scenario))}
    assert keys == {"mug|ig|0", "howto|ig|0", "ugc1|fb|0", "mug|fb|0"}
    assert all(int(e["SEQUENCE"]) == 0 and str(e["STATUS"]) == "CONFIRMED" for e in _events(render_ics(plan, scenario)))


def test_without_scenario_ids_stand_in_for_titles_and_events_last_15_minutes(plan: Plan) -> None:
    events = _events(render_ics(plan))
    assert len(events) == len(plan.posts)
    for event in events:
        assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=15)
    assert {str(e["SUMMARY"]) for e in events} == {f"{p.channel_id}: {p.content_id}" for p in plan.posts}


def test_empty_plan_is_a_valid_calendar(plan: Plan, scenario: Scenario) -> None:
    empty = plan.model_copy(update={"posts": []})
    calendar = icalendar.Calendar.from_ical(render_ics(empty, scenario))
    assert list(calendar.walk("VEVENT")) == []
