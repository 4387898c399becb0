"""The week to act on: the assets to prepare and the daily budgets to set in each ad manager."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from mixplan.model.plan import Plan
from mixplan.report.calendar import PostCard
from mixplan.report.channels import ChannelLabel
from mixplan.report.formatting import Formatter

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Asset:
    """One content item to prepare this week, with every post that uses it."""

    content_id: str
    title: str
    category: str
    formats: list[str]
    first_use: str
    uses: list[PostCard]


@dataclass(frozen=True)
class BudgetDay:
    """What to set on one day: the ad budget of each channel and the boosts to start."""

    day: date
    label: str
    amounts: dict[str, str]
    boosts: list[PostCard]
    total: str
    is_today: bool


@dataclass(frozen=True)
class WeekToDo:
    """The 'this week' section: which days it covers, why, the assets and the budget table."""

    first: date
    last: date
    heading: str
    reason: str
    assets: list[Asset]
    budget_channels: list[ChannelLabel]
    budget_days: list[BudgetDay]


def week_to_act_on(plan: Plan, today: date, first_weekday: int) -> tuple[date, date, str]:
    """The days of 'this week' (clipped to the plan) and a sentence saying which week that is.

    The week that holds `today` while the plan runs; before it starts, its first week; after it
    ends, its last week.
    """
    last_day = plan.start + timedelta(days=plan.days - 1)
    if today < plan.start:
        reference, reason = plan.start, "The plan has not started yet: this is its first week."
    elif today > last_day:
        reference, reason = last_day, "The plan is over: this is its last week."
    else:
        reference, reason = today, "The week of today."
    start = reference - timedelta(days=(reference.weekday() - first_weekday) % 7)
    return max(start, plan.start), min(start + timedelta(days=6), last_day), reason


def build_week_to_do(
    plan: Plan,
    cards: Sequence[PostCard],
    labels: Mapping[str, ChannelLabel],
    formatter: Formatter,
    today: date,
) -> WeekToDo:
    """The assets and day-by-day budgets of the week to act on."""
    first, last, reason = week_to_act_on(plan, today, formatter.first_weekday)
    week_cards = [card for card in cards if first <= card.day <= last]
    assets: dict[str, list[PostCard]] = {}
    for card in week_cards:
        assets.setdefault(card.content_id, []).append(card)
    asset_rows = [
        Asset(
            content_id=content_id,
            title=uses[0].title,
            category=uses[0].category,
            formats=sorted({use.format for use in uses}),
            first_use=f"{formatter.day(uses[0].day)} {uses[0].time}",
            uses=uses,
        )
        for content_id, uses in assets.items()
    ]
    spend: dict[tuple[date, str], Decimal] = {}
    for allocation in plan.spend:
        if first <= allocation.day <= last and allocation.amount > 0:
            key = (allocation.day, allocation.channel_id)
            spend[key] = spend.get(key, ZERO) + allocation.amount
    boosted = [card for card in week_cards if card.boost]
    boost_days = {card.day for card in boosted}
    paying = [label for key, label in labels.items() if any(channel == key for _, channel in spend)]
    days = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        amounts = {
            label.id: formatter.money(spend[(day, label.id)]) if (day, label.id) in spend else "–" for label in paying
        }
        total = sum((amount for (d, _), amount in spend.items() if d == day), ZERO)
        total += sum((card.boost or ZERO for card in boosted if card.day == day), ZERO)
        days.append(
            BudgetDay(
                day=day,
                label=formatter.day(day),
                amounts=amounts,
                boosts=[card for card in boosted if card.day == day] if day in boost_days else [],
                total=formatter.money(total),
                is_today=day == today,
            )
        )
    heading = f"{formatter.day(first)} – {formatter.day(last)}"
    return WeekToDo(first, last, heading, reason, asset_rows, paying, days)
