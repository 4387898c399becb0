"""Calendar update semantics: a re-plan's export, applied after its parent's the way a calendar client
applies them (keep the version with the highest SEQUENCE per UID; CANCELLED removes the event), leaves
exactly the re-plan's posts, each once and at its new time."""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar
from mixplan.export.ics_format import render_ics, render_ics_lineage
from mixplan.export.post_keys import PostKey, key_lineage
from mixplan.model import Plan, Scenario, ScheduledPost


class CalendarClient:
    """A subscribed calendar: events by UID, replaced only by a newer SEQUENCE (RFC 5545 3.8.7.4)."""

    def __init__(self) -> None:
        self.events: dict[str, tuple[int, str, datetime, str]] = {}  # uid -> (sequence, status, start, summary)

    def apply(self, data: bytes) -> None:
        calendar = icalendar.Calendar.from_ical(data)
        for event in calendar.walk("VEVENT"):
            uid = str(event["UID"])
            sequence = int(event.get("SEQUENCE", 0))
            known = self.events.get(uid)
            if known is not None and known[0] > sequence:
                continue  # a stale update is ignored
            self.events[uid] = (
                sequence,
                str(event.get("STATUS", "CONFIRMED")),
                event.decoded("DTSTART"),
                str(event["SUMMARY"]),
            )

    def active(self) -> list[tuple[datetime, str]]:
        return sorted((start, summary) for _, status, start, summary in self.events.values() if status != "CANCELLED")


def _replan(plan: Plan) -> Plan:
    """Move the Instagram mug post a day later, drop the Facebook mug post, add a second how-to post."""
    posts: list[ScheduledPost] = []
    for post in plan.posts:
        if post.content_id == "mug" and post.channel_id == "ig":
            posts.append(post.model_copy(update={"start": post.start + timedelta(days=1)}))
        elif post.content_id == "mug" and post.channel_id == "fb":
            continue
        else:
            posts.append(post)
    howto = next(p for p in plan.posts if p.content_id == "howto")
    posts.append(howto.model_copy(update={"start": howto.start + timedelta(days=1)}))
    return plan.model_copy(update={"posts": posts, "created_at": plan.created_at + timedelta(days=3)})


def _expected(plan: Plan, scenario: Scenario) -> list[tuple[datetime, str]]:
    titles = {item.id: item.title for item in scenario.content}
    return sorted((post.start, f"{post.channel_id}: {titles[post.content_id]}") for post in plan.posts)


def test_applying_parent_then_replan_leaves_no_duplicates_and_no_stale_events(plan: Plan, scenario: Scenario) -> None:
    replan = _replan(plan)
    client = CalendarClient()
    client.apply(render_ics(plan, scenario))
    assert client.active() == _expected(plan, scenario)
    client.apply(render_ics_lineage([plan, replan], scenario))
    assert client.active() == _expected(replan, scenario)
    assert len(client.events) == len(plan.posts) + 1  # the moved post kept its UID; one event added
    # applying the old export again (a stale copy) changes nothing: its moved post has a lower SEQUENCE
    client.apply(render_ics(plan, scenario))
    assert sorted(client.active()) != _expected(plan, scenario)
    assert (replan.posts[0].start, "ig: Café-Tasse, handmade") in client.active()


def test_sequence_counts_moves_and_dropped_posts_are_cancelled(plan: Plan, scenario: Scenario) -> None:
    replan = _replan(plan)
    third = replan.model_copy(
        update={
            "posts": [
                p.model_copy(update={"start": p.start + timedelta(hours=2)}) if p.content_id == "mug" else p
                for p in replan.posts
            ]
        }
    )
    events = icalendar.Calendar.from_ical(render_ics_lineage([plan, replan, third], scenario)).walk("VEVENT")
    by_key = {str(e["X-MIXPLAN-KEY"]): e for e in events}
    assert int(by_key["mug|ig|0"]["SEQUENCE"]) == 2  # moved twice
    assert str(by_key["mug|ig|0"]["STATUS"]) == "CONFIRMED"
    assert str(by_key["mug|fb|0"]["STATUS"]) == "CANCELLED"
    assert int(by_key["mug|fb|0"]["SEQUENCE"]) == 1
    assert int(by_key["howto|ig|0"]["SEQUENCE"]) == 0  # unchanged
    assert int(by_key["howto|ig|1"]["SEQUENCE"]) == 0  # added in the re-plan
    assert len(by_key) == len(events) == 5


def test_a_new_post_never_reuses_a_dropped_key(plan: Plan) -> None:
    dropped = plan.model_copy(update={"posts": [p for p in plan.posts if p.content_id != "ugc1"]})
    back = plan.model_copy()
    lineage = key_lineage([plan, dropped, back])
    assert PostKey("ugc1", "fb", 1) in {keyed.key for keyed in lineage.posts}
    assert [gone.key for gone in lineage.dropped] == [PostKey("ugc1", "fb", 0)]
