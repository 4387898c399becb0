"""Per-channel and plan-wide figures of a plan, shared by the HTML report and the command line."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from mixplan.model.plan import Plan

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ChannelFigures:
    """What one channel spends and earns in a plan."""

    channel_id: str
    ad_spend: Decimal
    boost_spend: Decimal
    paid_revenue: Decimal
    boost_revenue: Decimal
    organic_revenue: Decimal
    posts: int
    reach: float
    engagement: float
    clicks: float

    @property
    def spend(self) -> Decimal:
        """Ad spend plus boost spend."""
        return self.ad_spend + self.boost_spend

    @property
    def revenue(self) -> Decimal:
        """Organic, paid and boost revenue together."""
        return self.organic_revenue + self.paid_revenue + self.boost_revenue

    @property
    def roas(self) -> float | None:
        """(Paid + boost revenue) / spend, or None when the channel spends nothing."""
        if self.spend <= 0:
            return None
        return float((self.paid_revenue + self.boost_revenue) / self.spend)


def channel_figures(plan: Plan, channel_order: list[str] | None = None) -> list[ChannelFigures]:
    """One row per channel that appears in the plan (or in `channel_order`, in that order)."""
    ad_spend: dict[str, Decimal] = defaultdict(lambda: ZERO)
    paid: dict[str, Decimal] = defaultdict(lambda: ZERO)
    boost_spend: dict[str, Decimal] = defaultdict(lambda: ZERO)
    boost_revenue: dict[str, Decimal] = defaultdict(lambda: ZERO)
    organic: dict[str, Decimal] = defaultdict(lambda: ZERO)
    posts: dict[str, int] = defaultdict(int)
    reach: dict[str, float] = defaultdict(float)
    engagement: dict[str, float] = defaultdict(float)
    clicks: dict[str, float] = defaultdict(float)
    for allocation in plan.spend:
        ad_spend[allocation.channel_id] += allocation.amount
        paid[allocation.channel_id] += allocation.expected_revenue
    for boost in plan.boosts:
        boost_spend[boost.channel_id] += boost.amount
        boost_revenue[boost.channel_id] += boost.expected_revenue
    for post in plan.posts:
        organic[post.channel_id] += post.expected_revenue
        posts[post.channel_id] += 1
        reach[post.channel_id] += post.expected_impressions
        engagement[post.channel_id] += post.expected_engagements
        clicks[post.channel_id] += post.expected_clicks
    seen = set(ad_spend) | set(boost_spend) | set(organic) | set(posts)
    order = list(channel_order) if channel_order is not None else []
    order += sorted(seen - set(order))
    return [
        ChannelFigures(
            channel_id=channel,
            ad_spend=ad_spend[channel],
            boost_spend=boost_spend[channel],
            paid_revenue=paid[channel],
            boost_revenue=boost_revenue[channel],
            organic_revenue=organic[channel],
            posts=posts[channel],
            reach=reach[channel],
            engagement=engagement[channel],
            clicks=clicks[channel],
        )
        for channel in order
    ]


def plan_channels(plan: Plan) -> list[str]:
    """Channel ids in the order they first appear in the plan's spend, posts and boosts."""
    order: dict[str, None] = {}
    for allocation in plan.spend:
        order.setdefault(allocation.channel_id)
    for post in plan.posts:
        order.setdefault(post.channel_id)
    for boost in plan.boosts:
        order.setdefault(boost.channel_id)
    return list(order)


def spend_by_day(plan: Plan) -> dict[date, dict[str, Decimal]]:
    """Ad and boost spend per local day and channel, for every day of the horizon (empty days included)."""
    from datetime import timedelta

    zone = ZoneInfo(plan.timezone)
    days: dict[date, dict[str, Decimal]] = {plan.start + timedelta(days=i): {} for i in range(plan.days)}
    for allocation in plan.spend:
        row = days.setdefault(allocation.day, {})
        row[allocation.channel_id] = row.get(allocation.channel_id, ZERO) + allocation.amount
    for boost in plan.boosts:
        row = days.setdefault(boost.start.astimezone(zone).date(), {})
        row[boost.channel_id] = row.get(boost.channel_id, ZERO) + boost.amount
    return dict(sorted(days.items()))


def posting_heatmap(plan: Plan) -> dict[str, list[list[int]]]:
    """Posts per channel by local weekday (rows, Monday first) and hour (columns), in the plan's zone."""
    zone = ZoneInfo(plan.timezone)
    grids: dict[str, list[list[int]]] = {}
    for post in plan.posts:
        local = post.start.astimezone(zone)
        grid = grids.setdefault(post.channel_id, [[0] * 24 for _ in range(7)])
        grid[local.weekday()][local.hour] += 1
    return grids
