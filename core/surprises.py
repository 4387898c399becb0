"""Warnings where a scenario or a plan is likely to surprise: each says what looks wrong and which setting to change.

Scenario warnings (``validate`` and ``plan``): dates in the past, a required promo that can reach one
channel only, content that ``max_uses`` keeps on one channel, category rules that cap every content
category at zero. Plan warnings (``plan``, ``runs
show``): a channel with no or very few posts, and a silent stretch of SILENT_DAYS days or more with
no post on a channel.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario

SILENT_DAYS = 7
"""A channel with no post for this many days in a row (within the horizon) gets a warning."""
FEW_POSTS_PER_WEEK = 1.0
"""An organic channel with fewer posts than this per week of horizon has "very few" posts."""


def _reachable(scenario: Scenario, formats: list[str], forbidden: list[str]) -> list[str]:
    return [
        channel.id
        for channel in scenario.channels
        if channel.organic
        and channel.id not in forbidden
        and (channel.formats is None or set(channel.formats) & set(formats))
    ]


def scenario_warnings(scenario: Scenario, today: date) -> list[str]:
    """Warnings about the scenario alone (no plan needed)."""
    warnings: list[str] = []
    start = scenario.horizon.start
    end = start + timedelta(days=scenario.horizon.days)
    if end <= today:
        warnings.append(f"horizon.start: the whole horizon ({start} + {scenario.horizon.days} days) is in the past")
    elif start < today:
        warnings.append(f"horizon.start: {start} is in the past; posts before {today} cannot go out any more")
    for index, item in enumerate(scenario.content):
        until = item.available_until
        until_day = until.date() if isinstance(until, datetime) else until
        if until_day is not None and until_day < today:
            warnings.append(f"content[{index}].available_until: {until_day} is in the past; {item.id!r} cannot be used")
    one_channel = []
    for index, item in enumerate(scenario.content):
        reachable = _reachable(scenario, item.formats, item.forbidden_channels)
        if item.max_uses == 1 and len(reachable) > 1 and not item.required_channels:
            if item.required:
                warnings.append(
                    f"content[{index}].max_uses: required promo {item.id!r} reaches one channel only "
                    f"({len(reachable)} channels take its formats); unset max_uses or set required_channels"
                )
            else:
                one_channel.append(f"content[{index}]")
    if one_channel:
        listing = ", ".join(one_channel[:3]) + (f" and {len(one_channel) - 3} more" if len(one_channel) > 3 else "")
        warnings.append(
            f"max_uses: {len(one_channel)} content items can reach only one channel (max_uses 1) although "
            f"several channels take their formats ({listing}); unset content[i].max_uses to cross-post them"
        )
    warnings += _category_warnings(scenario)
    return warnings


def _category_warnings(scenario: Scenario) -> list[str]:
    """Category rules that leave no post possible although each rule alone is valid."""
    categories = {item.category for item in scenario.content}
    capped = {rule.category for rule in scenario.policy.category_mix if rule.max_share == 0}
    if not categories or not categories <= capped:
        return []
    return [
        f"policy.category_mix: every content category ({', '.join(sorted(categories))}) is capped at max_share 0, "
        "so no post can be planned; raise one of the caps or drop the rules"
    ]


def plan_warnings(plan: Plan, scenario: Scenario) -> list[str]:
    """Warnings about a plan: channels with no or very few posts, and silent stretches."""
    warnings: list[str] = []
    zone = ZoneInfo(plan.timezone)
    days_by_channel: dict[str, list[date]] = defaultdict(list)
    for post in plan.posts:
        days_by_channel[post.channel_id].append(post.start.astimezone(zone).date())
    end = plan.start + timedelta(days=plan.days)
    wanted = FEW_POSTS_PER_WEEK * plan.days / 7
    for index, channel in enumerate(scenario.channels):
        if not channel.organic:
            continue
        days = sorted(days_by_channel.get(channel.id, []))
        setting = f"channels[{index}].posting (max_posts_per_day/week, blackout_hours) or content formats for it"
        if not days:
            warnings.append(f"{channel.id}: no posts planned; check {setting}")
            continue
        if len(days) < wanted:
            warnings.append(f"{channel.id}: only {len(days)} post(s) in {plan.days} days; check {setting}")
        edges = [plan.start - timedelta(days=1), *days, end]
        for before, after in pairwise(edges):
            silent = (after - before).days - 1
            if silent >= SILENT_DAYS:
                first = before + timedelta(days=1)
                warnings.append(
                    f"{channel.id}: no post for {silent} days ({first} to {after - timedelta(days=1)}); "
                    f"give content items available dates there (content[].available_from) or add content for it"
                )
                break
    return warnings


def run_warnings(plan: Plan, scenario: Scenario, planned_on: date) -> list[str]:
    """Every warning of a plan run: the scenario's (dates in the past count from `planned_on`) and the plan's."""
    return scenario_warnings(scenario, planned_on) + plan_warnings(plan, scenario)
