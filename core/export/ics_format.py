"""iCalendar (RFC 5545) export: one VEVENT per scheduled post, in the plan's time zone.

Each event has a UID derived from the scenario name and the post's stable key (content, channel,
occurrence; see :mod:`mixplan.export.post_keys`), so a re-plan's export updates the events of its
parent's export instead of duplicating them. SEQUENCE counts how often the post moved along the
lineage of re-plans; posts an ancestor had and the newest plan dropped are written with
STATUS:CANCELLED and a SEQUENCE one higher than their last version. DTSTAMP = the newest plan's
creation time in UTC, DTSTART/DTEND with a TZID and a matching VTIMEZONE, SUMMARY
"<channel>: <title>", a DESCRIPTION with the format and expected metrics, CATEGORIES = the channel.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import icalendar
import mixplan
from mixplan.export.facts import ExportFacts, money, number
from mixplan.export.post_keys import PostKey, key_lineage
from mixplan.model.plan import Plan, ScheduledPost
from mixplan.model.scenario import Scenario

PRODID = "-//mixplan//mixplan posting calendar//EN"


def post_uid(scenario_name: str, key: PostKey) -> str:
    """The UID of a planned post: the same for the post in every run and re-plan of the scenario."""
    text = f"{scenario_name}|{key.text()}"
    return f"{hashlib.sha256(text.encode('utf-8')).hexdigest()[:32]}@mixplan"


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
    return render_ics_lineage([plan], scenario)


def render_ics_lineage(plans: Sequence[Plan], scenario: Scenario | None = None) -> bytes:
    """The calendar of ``plans[-1]``, a re-plan of ``plans[:-1]`` (oldest first).

    Posts keep the UID of the post they replace; SEQUENCE is the number of moves; posts any
    ancestor had that the newest plan no longer has are included as STATUS:CANCELLED events.
    """
    if not plans:
        raise ValueError("render_ics_lineage needs at least one plan")
    plan = plans[-1]
    lineage = key_lineage(plans)
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
    events = [(keyed.key, keyed.post, keyed.revision, False) for keyed in lineage.posts]
    events += [(gone.key, gone.post, gone.revision + 1, True) for gone in lineage.dropped]
    for key, post, sequence, cancelled in sorted(events, key=lambda e: (e[1].start, e[1].channel_id, e[0])):
        start = post.start.astimezone(zone)
        event = icalendar.Event()
        event.add("uid", post_uid(plan.scenario_name, key))
        event.add("dtstamp", stamp)
        event.add("sequence", sequence)
        event.add("dtstart", start)
        event.add("dtend", start + length)
        event.add("summary", f"{post.channel_id}: {facts.title(post.content_id)}")
        event.add("description", _description(post, facts, plan.currency))
        event.add("categories", [post.channel_id])
        event.add("transp", "TRANSPARENT")
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("x-mixplan-content", post.content_id)
        event.add("x-mixplan-key", key.text())
        event.add("x-mixplan-version", mixplan.__version__)
        calendar.add_component(event)
    return calendar.to_ical()
