"""Re-plan locking for rules that span as-of: sliding-window post counts, the publishing quota and
the weekly maximum count the locked posts (by hand on the remaining scenario, and on a real re-plan
whose merged plan is checked window by window)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import mixplan
from mixplan.model.plan import ScheduledPost
from mixplan.replanning import PostingLimits, remaining_scenario

BERLIN = ZoneInfo("Europe/Berlin")
START = date(2026, 11, 2)
AS_OF = START + timedelta(days=4)


def scenario(
    items: int = 6,
    rules: list[dict[str, Any]] | None = None,
    posting: dict[str, Any] | None = None,
    early: int = 0,
) -> mixplan.Scenario:
    """One Instagram channel over 14 days; the first ``early`` items are only available before as-of."""
    content: list[dict[str, Any]] = [
        {"id": f"c{k}", "title": f"Item {k}", "category": "product", "formats": ["image"], "value": 1 + k / 10}
        for k in range(items)
    ]
    for item in content[:early]:
        item["available_until"] = (AS_OF - timedelta(days=1)).isoformat() + "T23:00:00+01:00"
    return mixplan.scenario_from_data(
        {
            "name": "windows",
            "currency": "EUR",
            "horizon": {"start": START.isoformat(), "days": 14, "timezone": "Europe/Berlin", "slot_minutes": 60},
            "channels": [{"id": "ig", "platform": "instagram", "posting": posting or {}}],
            "content": content,
            "budget": {"total": "0.00"},
            "rules": rules or [],
        }
    )


def post(day: int, hour: int, content: str = "c0") -> ScheduledPost:
    return ScheduledPost(
        content_id=content,
        channel_id="ig",
        start=datetime.combine(START + timedelta(days=day), datetime.min.time()).replace(hour=hour, tzinfo=BERLIN),
        format="image",
        expected_impressions=1.0,
        expected_engagements=0.0,
        expected_clicks=0.0,
        expected_revenue="1.00",
    )


LOCKED = [post(1, 10, "c0"), post(2, 10, "c1"), post(3, 20, "c2")]
WEEKLY = {"kind": "post_count", "name": "weekly", "channels": ["ig"], "window_hours": 168, "max_posts": 4}


def prefix_rules(rest: mixplan.Scenario) -> dict[str, int]:
    return {str(rule.end): rule.max_posts for rule in rest.rules if getattr(rule, "window_hours", 1) is None}


def test_a_sliding_window_across_as_of_counts_the_locked_posts_by_hand() -> None:
    rest = remaining_scenario(scenario(rules=[WEEKLY]), AS_OF, LOCKED, [], [])
    # the window starting day 1 10:00 holds 3 locked posts until day 8 10:00: at most 1 more to day 8;
    # the one from day 2 10:00 holds 2 (to day 9), the one from day 3 20:00 holds 1 (to day 10)
    day = lambda k: (START + timedelta(days=k)).isoformat()  # noqa: E731
    assert prefix_rules(rest) == {day(4): 1, day(5): 1, day(6): 1, day(7): 1, day(8): 1, day(9): 2, day(10): 3}
    window = next(rule for rule in rest.rules if getattr(rule, "window_hours", None) == 168)
    assert window.start == AS_OF and window.max_posts == 4  # windows inside the rest as before


def test_the_publishing_quota_and_the_weekly_maximum_count_the_locked_posts() -> None:
    limits = {"ig": PostingLimits(quota=1, quota_window_hours=24, max_per_week=4)}
    rest = remaining_scenario(scenario(), AS_OF, LOCKED, [], [], posting_limits=limits)
    by_name = {rule.name: rule for rule in rest.rules}
    quota = next(rule for name, rule in by_name.items() if name.startswith("ig publishing quota"))
    assert (quota.start, quota.end, quota.max_posts) == (AS_OF, AS_OF, 0)  # the post at day 3 20:00 holds it
    weekly = by_name[f"ig weekly maximum (the week of {START})"]
    assert (weekly.start, weekly.end, weekly.max_posts) == (AS_OF, START + timedelta(days=6), 1)


def most_in_any_window(posts: list[ScheduledPost], hours: int) -> int:
    """The largest number of posts in any sliding window (the fullest window starts at a post)."""
    starts = sorted(p.start for p in posts)
    return max((sum(1 for t in starts if s <= t < s + timedelta(hours=hours)) for s in starts), default=0)


def test_a_real_replan_keeps_every_window_across_as_of() -> None:
    options = mixplan.PlanOptions(time_limit_s=5)
    parent = mixplan.plan(scenario(items=4, rules=[WEEKLY], early=4), options=options)
    assert sum(1 for p in parent.posts if p.start.astimezone(BERLIN).date() < AS_OF) == 4
    # more content arrives for the days after as-of: the re-plan wants more posts than the parent had
    edited = scenario(items=14, rules=[WEEKLY], early=4)
    result = mixplan.replan(parent, edited, AS_OF, options=options, move_threshold=0.0)
    assert most_in_any_window(result.plan.posts, 168) <= 4
    assert len(result.plan.posts) > len(parent.posts)
