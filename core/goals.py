"""Goals as marketers state them, turned into ordinary rules: presence per channel and binding KPI targets.

- ``posting.min_posts_per_week`` on a channel: at least that many posts on it in every plan week (a
  short last week of ``n`` days needs ``floor(min × n / 7)``); ``posting.min_posts_per_day``: every day.
- A ``kpis:`` entry with ``binding: true`` for ``posts``: at least ``target`` posts on its channel or on
  all channels, over the plan or (``per: week``) in every plan week, the short last week in proportion.
- ``policy.by_channel[i].category_by_weekday``: on each such weekday, no post of another category on
  those channels (a count rule with at most 0 posts of the other categories that day).
- ``binding: true`` for ``spend``: at least ``target`` of *ad* spend (a :class:`SpendRule`) on its channel
  or on all channels, per plan or per week. The KPI report counts boosts too, so ad spend at the target
  is sufficient (never reports the target missed) but a plan reaching it only with boosts is not used.

Each becomes a :class:`~mixplan.model.constraints.PostCountRule` named after the setting, so the compiler plans for it,
the verifier counts it and an infeasibility names it ("ig: at least 3 posts in the week Mon 2026-11-23 –
Sun 2026-11-29 (posting.min_posts_per_week)"). Both the compiler and the verifier call :func:`goal_rules`.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

from mixplan.model.calendar import WEEKDAYS
from mixplan.model.constraints import ExtraConstraint, PostCountRule, SpendRule
from mixplan.model.scenario import Scenario


def plan_weeks(scenario: Scenario) -> list[tuple[date, date]]:
    """First and last day of every plan week (weeks counted from the plan's first day)."""
    start, days = scenario.horizon.start, scenario.horizon.days
    return [
        (start + timedelta(days=first), start + timedelta(days=min(first + 6, days - 1))) for first in range(0, days, 7)
    ]


def _share(amount: int, first: date, last: date) -> int:
    """A weekly least count for a week of ``last - first + 1`` days, rounded down."""
    length = (last - first).days + 1
    return amount if length >= 7 else math.floor(amount * length / 7)


def _share_money(amount: Decimal, first: date, last: date) -> Decimal:
    """A weekly least spend for a week of ``last - first + 1`` days, in proportion, rounded down to cents."""
    length = (last - first).days + 1
    share = amount if length >= 7 else amount * length / 7
    return share.quantize(Decimal("0.01"), rounding=ROUND_FLOOR)


def goal_rules(scenario: Scenario) -> list[ExtraConstraint]:
    """The rules that presence settings and binding KPI targets of ``scenario`` stand for."""
    rules: list[ExtraConstraint] = []
    for channel in scenario.channels:
        weekly = channel.posting.min_posts_per_week
        if weekly and channel.organic:
            for first, last in plan_weeks(scenario):
                least = _share(weekly, first, last)
                if least > 0:
                    name = f"{channel.id}: at least {least} posts in the week {first} – {last}"
                    name += " (posting.min_posts_per_week)"
                    rules.append(
                        PostCountRule(name=name, channels=[channel.id], start=first, end=last, min_posts=least)
                    )
        daily = channel.posting.min_posts_per_day
        if daily and channel.organic:
            for day in scenario.horizon.dates():
                name = f"{channel.id}: at least {daily} posts on {day} (posting.min_posts_per_day)"
                rules.append(PostCountRule(name=name, channels=[channel.id], start=day, end=day, min_posts=daily))
    rules.extend(_rotation_rules(scenario))
    for index, kpi in enumerate(scenario.kpis):
        if not kpi.binding:
            continue
        periods = plan_weeks(scenario) if kpi.per == "week" else [(scenario.horizon.start, scenario.horizon.end)]
        where = kpi.channel or "all channels"
        channels = None if kpi.channel is None else [kpi.channel]
        for first, last in periods:
            if kpi.metric == "spend":
                least_spend = kpi.target if kpi.per == "plan" else _share_money(kpi.target, first, last)
                if least_spend > 0:
                    name = f"kpis[{index}]: at least {least_spend} ad spend on {where} from {first} to {last}"
                    name += " (binding KPI target)"
                    rules.append(SpendRule(name=name, channels=channels, start=first, end=last, min_spend=least_spend))
            if kpi.metric == "posts":
                least = int(kpi.target.to_integral_value(ROUND_FLOOR))
                least = _share(least, first, last) if kpi.per == "week" else least
                if least > 0:
                    name = (
                        f"kpis[{index}]: at least {least} posts on {where} from {first} to {last} (binding KPI target)"
                    )
                    rules.append(PostCountRule(name=name, channels=channels, start=first, end=last, min_posts=least))
    return rules


def _rotation_rules(scenario: Scenario) -> list[ExtraConstraint]:
    """A per-channel weekday rotation: on each such day, no post of another category on those channels."""
    rules: list[ExtraConstraint] = []
    categories = sorted({item.category for item in scenario.content})
    for index, scoped in enumerate(scenario.policy.by_channel):
        channels = scenario.policy_channels(scoped)
        if not scoped.category_by_weekday or not channels:
            continue
        where = ", ".join(channels)
        for day in scenario.horizon.dates():
            weekday = WEEKDAYS[day.weekday()]
            wanted = scoped.category_by_weekday.get(weekday)
            others = [category for category in categories if category != wanted]
            if wanted is None or not others:
                continue
            name = f"{where}: only {wanted!r} on {weekday}s ({day}; policy.by_channel[{index}].category_by_weekday)"
            rules.append(
                PostCountRule(name=name, channels=channels, categories=others, start=day, end=day, max_posts=0)
            )
    return rules
