"""iCalendar (RFC 5545) export: one VEVENT per scheduled post, in the plan's time zone.

Each event has a UID that is stable for the same run and post (derived from the plan's scenario
hash, its creation time, the channel, the content and the start), DTSTAMP = the plan's creation
time in UTC, DTSTART/DTEND with a TZID and a matching VTIMEZONE, SUMMARY "<channel>: <title>",
a DESCRIPTION with the format and expected metrics, and CATEGORIES = the channel.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import icalendar
import mixplan
from mixplan.export.facts import ExportFacts, money, number
from mixplan.model.plan import Plan, ScheduledPost
from mixplan.model.scenario import Scenario

PRODID = "-//mixplan//mixplan posting calendar//EN"


def post_uid(plan: Plan, post: ScheduledPost) -> str:
    """A UID that is the same every time this run's post is exported, and differs between posts and runs."""
    key = "|".join(
        (
            plan.scenario_hash,
            plan.created_at.astimezone(UTC).isoformat(),
            post.channel_id,
            post.content_id,
            post.start.astimezone(UTC).isoformat(),
        )
    )
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@mixplan"


def _description(post: ScheduledPost, facts: ExportFacts, currency: str) -> str:
    platform = facts.platform(post.channel_id)
    lines = [
        f"Content: {facts.title(post.content_id)} ({post.content_id})",
        f"Channel: {post.channel_id}" + (f" ({platform})" if platform else ""),
        f"Format: {post.format}",
    ]
    category = facts.category(post.content_id)
    if category:
        lines.append(f"Category: {category}")
    lines += [
        f"Expected impressions: {number(post.expected_impressions, 0)}",
        f"Expected engagements: {number(post.expected_engagements, 0)}",
        f"Expected clicks: {number(post.expected_clicks, 1)}",
        f"Expected revenue: {money(post.expected_revenue)} {currency}",
    ]
    return "\n".join(lines)


def render_ics(plan: Plan, scenario: Scenario | None = None) -> bytes:
    """The posting calendar as an iCalendar file; events last one slot (15 minutes without a scenario)."""
    facts = ExportFacts.of(plan, scenario)
    zone = ZoneInfo(plan.timezone)
    length = timedelta(minutes=facts.slot_minutes)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"mixplan: {plan.scenario_name}")
    calendar.add("x-wr-timezone", plan.timezone)
    # a year either side, so the VTIMEZONE carries both standard and daylight time rules; calendar
    # apps that ignore the explicit transitions still see the zone's full definition
    first = plan.start - timedelta(days=366)
    last = plan.start + timedelta(days=plan.days + 366)
    calendar.add_component(icalendar.Timezone.from_tzid(plan.timezone, first_date=first, last_date=last))
    stamp = plan.created_at.astimezone(UTC)
    for post in sorted(plan.posts, key=lambda p: (p.start, p.channel_id, p.content_id)):
        start = post.start.astimezone(zone)
        event = icalendar.Event()
        event.add("uid", post_uid(plan, post))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + length)
        event.add("summary", f"{post.channel_id}: {facts.title(post.content_id)}")
        event.add("description", _description(post, facts, plan.currency))
        event.add("categories", [post.channel_id])
        event.add("transp", "TRANSPARENT")
        event.add("x-mixplan-content", post.content_id)
        event.add("x-mixplan-version", mixplan.__version__)
        calendar.add_component(event)
    return calendar.to_ical()
