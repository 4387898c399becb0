"""The plan's split of spend against the recent past: current allocation, planned allocation, revenue shares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from mixplan.model.history import HistoryRow
from mixplan.model.plan import Plan
from mixplan.report.channels import ChannelLabel
from mixplan.report.summary import channel_figures

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ChannelShare:
    """One channel's share of spend and of paid revenue, in the recent history and in the plan."""

    channel: ChannelLabel
    history_spend: Decimal
    history_revenue: Decimal
    history_spend_share: float | None
    history_revenue_share: float | None
    planned_spend: Decimal
    planned_revenue: Decimal
    planned_spend_share: float | None
    planned_revenue_share: float | None


@dataclass(frozen=True)
class AllocationView:
    """Current against planned allocation; `rows` is empty when no history covers the plan's channels."""

    first: date | None
    last: date | None
    days: int
    rows: list[ChannelShare]
    history_total_spend: Decimal
    planned_total_spend: Decimal


def _share(part: Decimal, whole: Decimal) -> float | None:
    return float(part / whole) if whole > 0 else None


def build_allocation(plan: Plan, history: Sequence[HistoryRow], labels: Mapping[str, ChannelLabel]) -> AllocationView:
    """Shares over the most recent stretch of history as long as the plan (before the plan starts, if any).

    Planned revenue is paid revenue (ads and boosts): history rows hold the revenue the ads
    manager attributes to ads, so both sides measure the same thing.
    """
    relevant = [row for row in history if row.channel_id in labels and row.day < plan.start]
    if not relevant:
        relevant = [row for row in history if row.channel_id in labels]
    if not relevant:
        return AllocationView(None, None, 0, [], ZERO, ZERO)
    last = max(row.day for row in relevant)
    first = max(min(row.day for row in relevant), last - timedelta(days=plan.days - 1))
    window = [row for row in relevant if first <= row.day <= last]
    spend: dict[str, Decimal] = {}
    revenue: dict[str, Decimal] = {}
    for row in window:
        spend[row.channel_id] = spend.get(row.channel_id, ZERO) + row.spend
        revenue[row.channel_id] = revenue.get(row.channel_id, ZERO) + row.revenue
    figures = {row.channel_id: row for row in channel_figures(plan, list(labels))}
    total_spend = sum(spend.values(), ZERO)
    total_revenue = sum(revenue.values(), ZERO)
    planned_spend = sum((row.spend for row in figures.values()), ZERO)
    planned_revenue = sum((row.paid_revenue + row.boost_revenue for row in figures.values()), ZERO)
    rows = []
    for channel_id, label in labels.items():
        figure = figures.get(channel_id)
        plan_spend = figure.spend if figure else ZERO
        plan_revenue = (figure.paid_revenue + figure.boost_revenue) if figure else ZERO
        if channel_id not in spend and plan_spend <= 0:
            continue
        rows.append(
            ChannelShare(
                channel=label,
                history_spend=spend.get(channel_id, ZERO),
                history_revenue=revenue.get(channel_id, ZERO),
                history_spend_share=_share(spend.get(channel_id, ZERO), total_spend),
                history_revenue_share=_share(revenue.get(channel_id, ZERO), total_revenue),
                planned_spend=plan_spend,
                planned_revenue=plan_revenue,
                planned_spend_share=_share(plan_spend, planned_spend),
                planned_revenue_share=_share(plan_revenue, planned_revenue),
            )
        )
    return AllocationView(first, last, (last - first).days + 1, rows, total_spend, planned_spend)
