"""Re-plan locking for rules that span as-of: sliding-window post counts, the publishing quota and
the weekly maximum count the locked posts (by hand on the remaining scenario, and on a real re-plan
whose merged plan is checked window by window)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import mixplan
from mixplan.model.actuals import PostActual
from mixplan.model.base import MAX_POST_COUNT
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


def test_the_weekly_maximum_counts_the_parents_weeks_not_weeks_from_as_of() -> None:
    """Every parent week from as-of on gets its own rule, and the remaining scenario's own weekly
    maximum (which would count weeks from as-of, across two parent weeks) no longer binds."""
    limits = {"ig": PostingLimits(quota=None, quota_window_hours=24, max_per_week=4)}
    rest = remaining_scenario(scenario(), AS_OF, LOCKED, [], [], posting_limits=limits)
    weekly = {rule.name: (rule.start, rule.end, rule.max_posts) for rule in rest.rules if "weekly maximum" in rule.name}
    second = START + timedelta(days=7)
    assert weekly == {
        f"ig weekly maximum (the week of {START})": (AS_OF, START + timedelta(days=6), 1),
        f"ig weekly maximum (the week of {second})": (second, second + timedelta(days=6), 4),
    }
    assert rest.channels[0].posting.max_posts_per_week == MAX_POST_COUNT


def test_presence_and_binding_targets_count_the_locked_posts_on_the_parents_weeks() -> None:
    """A weekly minimum and a whole-plan binding posts target become rules: the straddling week needs
    what the locked posts leave, the target what is left of it; neither is counted again from as-of."""
    base = scenario(items=10, posting={"min_posts_per_week": 4})
    target = mixplan.scenario_from_data(
        base.model_dump(mode="json") | {"kpis": [{"metric": "posts", "target": 8, "binding": True}]}
    )
    rest = remaining_scenario(target, AS_OF, LOCKED, [], [])
    counts = {rule.name: (rule.start, rule.end, rule.min_posts) for rule in rest.rules}
    week_one = next(key for key in counts if "posting.min_posts_per_week" in key and str(START) in key)
    assert counts[week_one] == (AS_OF, START + timedelta(days=6), 1)  # 4 a week, 3 locked
    week_two = next(
        key for key in counts if "posting.min_posts_per_week" in key and str(START + timedelta(days=7)) in key
    )
    assert counts[week_two][2] == 4
    plan_target = next(key for key in counts if "binding KPI target" in key)
    assert counts[plan_target] == (AS_OF, START + timedelta(days=13), 5)  # 8 in all, 3 locked
    assert rest.channels[0].posting.min_posts_per_week is None
    assert not any(kpi.binding for kpi in rest.kpis)


def test_a_replan_mid_week_of_the_bundled_example_keeps_its_binding_posts_target() -> None:
    """The bundled example's 'at least 80 posts' target: re-planned from day 10 it used to ask 80 posts of
    the 18 days left (no plan: only 59 possible); counted on the locked posts it plans."""
    example = mixplan.load_scenario(Path(__file__).resolve().parents[2] / "examples" / "shop" / "scenario.yaml")
    options = mixplan.PlanOptions(time_limit_s=3)
    parent = mixplan.plan(example, options=options)
    as_of = example.horizon.start + timedelta(days=10)
    result = mixplan.replan(parent, example, as_of, options=options, learn_curves=False, learn_rates=False)
    assert len(result.plan.posts) >= 80
    violations = mixplan.verify(result.plan, example).violations
    assert not [text for text in violations if "posts in week" in text or "binding KPI" in text]


def test_an_items_cool_down_runs_from_its_pinned_post() -> None:
    """A pinned (kept) post of an item is a clone of its own; the item's other uses still wait out the
    cool-down after it. Before, the bundled example re-planned from day 3 reposted an item 76 h after
    its kept post under a 120 h cool-down."""
    base = scenario(items=2)
    doc = base.model_dump(mode="json")
    doc["content"][0] |= {"max_uses": 3, "cooldown_hours": 48}
    doc["content"][1] |= {"max_uses": 2, "cooldown_hours": 24 * 30}  # a second use only after the window
    cooled = mixplan.scenario_from_data(doc)
    pinned = [post(5, 10, "c0"), post(6, 9, "c1")]
    rest = remaining_scenario(cooled, AS_OF, [], [], [], pinned=pinned)
    items = {item.id: item for item in rest.content}
    assert items["c0"].available_from == pinned[0].start + timedelta(hours=48)
    assert "c1" not in items  # its pin stays (a clone), but no second use fits the window
    assert sum(1 for key in items if key.startswith("c1")) == 1


def test_an_item_available_on_one_whole_day_stays_in_the_rest() -> None:
    """available_from = available_until = a date means that whole day (the bundled example's Black
    Friday launch); the check for items whose wait runs past their window must not drop it."""
    doc = scenario(items=2).model_dump(mode="json")
    day = (AS_OF + timedelta(days=3)).isoformat()
    doc["content"][1] |= {"available_from": day, "available_until": day}
    rest = remaining_scenario(mixplan.scenario_from_data(doc), AS_OF, [], [], [])
    assert "c1" in {item.id for item in rest.content}


def test_a_merged_plan_that_breaks_a_rule_says_so_in_its_notes() -> None:
    """What happened before as-of stands even when it broke a rule (here four posts in one day on a
    channel allowed two): the re-plan keeps it and names the broken rule instead of hiding it."""
    options = mixplan.PlanOptions(time_limit_s=2)
    cramped = scenario(items=8, posting={"max_posts_per_day": 2})
    parent = mixplan.plan(cramped, options=options)
    published = [
        PostActual(content_id=f"c{k}", channel_id="ig", published_at=post(1, 9 + 2 * k).start) for k in range(4)
    ]
    result = mixplan.replan(
        parent, cramped, AS_OF, options=options, actual_posts=published, learn_curves=False, learn_rates=False
    )
    warnings = [note for note in result.notes if note.startswith("warning: the merged plan breaks")]
    assert len(warnings) == 1 and "4 posts" in warnings[0] and warnings[0] in result.plan.report.messages
