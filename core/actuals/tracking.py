"""Plan against actual: what `mixplan track RUN` shows, as plain data a report section can render.

For each channel and KPI (spend, revenue, posts, impressions, clicks): planned to date (days
before ``as_of``), actual to date, the variance, and the projected month-end (actual to date plus
the plan for the remaining days) against the plan's total. Pacing is the share of the budget
delivered against the share of the window elapsed. Posts that fell short are the planned posts
before ``as_of`` that were published with fewer impressions or less revenue than expected, or not
published at all (on days with post actuals). Without any actuals, actual figures are zero and
``has_actuals`` is false: nothing was reported yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from mixplan.model.actuals import PostActual
from mixplan.model.history import HistoryRow
from mixplan.model.plan import Boost, Plan, ScheduledPost, SpendAllocation

KPIS = ("spend", "revenue", "posts", "impressions", "clicks")


@dataclass(frozen=True)
class KpiFigures:
    """One KPI of one channel (or of all channels): to date and projected to the window's end."""

    channel_id: str
    kpi: str
    planned_to_date: Decimal
    actual_to_date: Decimal
    planned_total: Decimal
    projected_total: Decimal

    @property
    def variance(self) -> Decimal:
        """Actual minus planned to date."""
        return self.actual_to_date - self.planned_to_date

    @property
    def variance_share(self) -> float | None:
        """Variance as a share of the planned figure; None when nothing was planned."""
        return None if self.planned_to_date == 0 else float(self.variance / self.planned_to_date)


@dataclass(frozen=True)
class ShortPost:
    """A planned post that did worse than expected, or was not published."""

    content_id: str
    channel_id: str
    planned_start: datetime
    expected_impressions: float
    expected_revenue: Decimal
    actual_impressions: int | None
    actual_revenue: Decimal | None

    @property
    def published(self) -> bool:
        """Whether a matching published post was reported."""
        return self.actual_impressions is not None


@dataclass(frozen=True)
class TrackFigures:
    """Everything `mixplan track` reports for one run as of one day."""

    as_of: date
    days_elapsed: int
    days: int
    budget: Decimal
    delivered: Decimal
    has_actuals: bool
    figures: list[KpiFigures] = field(default_factory=list)
    short_posts: list[ShortPost] = field(default_factory=list)

    @property
    def elapsed_share(self) -> float:
        """Share of the window before ``as_of``."""
        return self.days_elapsed / self.days

    @property
    def delivered_share(self) -> float:
        """Share of the budget delivered."""
        return float(self.delivered / self.budget) if self.budget > 0 else 0.0

    @property
    def pacing(self) -> float | None:
        """Delivered share over elapsed share (1.0 = on pace); None before the first day."""
        return None if self.days_elapsed == 0 else self.delivered_share / self.elapsed_share


def track_figures(
    plan: Plan,
    budget: Decimal,
    as_of: date,
    actual_posts: Sequence[PostActual] = (),
    actual_days: Sequence[HistoryRow] = (),
) -> TrackFigures:
    """Plan-against-actual figures of ``plan`` for the days before ``as_of`` (clamped to the window)."""
    zone = ZoneInfo(plan.timezone)
    end = date.fromordinal(plan.start.toordinal() + plan.days)
    as_of = min(max(as_of, plan.start), end)

    def local(moment: datetime) -> date:
        return moment.astimezone(zone).date()

    def past(day: date) -> bool:
        return plan.start <= day < as_of

    channels = list(dict.fromkeys([p.channel_id for p in plan.posts] + [r.channel_id for r in plan.spend]))
    posts = [a for a in actual_posts if past(local(a.published_at))]
    days = [r for r in actual_days if past(r.day)]
    channels += [
        c for c in dict.fromkeys([a.channel_id for a in posts] + [r.channel_id for r in days]) if c not in channels
    ]
    figures: list[KpiFigures] = []
    totals: dict[str, list[Decimal]] = {kpi: [Decimal(0)] * 4 for kpi in KPIS}
    for channel in channels:
        mine = [p for p in plan.posts if p.channel_id == channel]
        spend = [r for r in plan.spend if r.channel_id == channel]
        boosts = [b for b in plan.boosts if b.channel_id == channel]
        got_posts = [a for a in posts if a.channel_id == channel]
        got_days = [r for r in days if r.channel_id == channel]

        def planned(
            include: bool,
            kpi: str,
            ps: list[ScheduledPost] = mine,
            spend: list[SpendAllocation] = spend,
            boosts: list[Boost] = boosts,
        ) -> Decimal:
            chosen = [p for p in ps if past(local(p.start)) == include]
            rows = [r for r in spend if past(r.day) == include]
            bs = [b for b in boosts if past(local(b.start)) == include]
            if kpi == "spend":
                return sum((r.amount for r in rows), Decimal(0)) + sum((b.amount for b in bs), Decimal(0))
            if kpi == "revenue":
                return (
                    sum((p.expected_revenue for p in chosen), Decimal(0))
                    + sum((r.expected_revenue for r in rows), Decimal(0))
                    + sum((b.expected_revenue for b in bs), Decimal(0))
                )
            if kpi == "posts":
                return Decimal(len(chosen))
            attribute = "expected_impressions" if kpi == "impressions" else "expected_clicks"
            return Decimal(str(round(sum(getattr(p, attribute) for p in chosen), 2)))

        actual = {
            "spend": sum((r.spend for r in got_days), Decimal(0)),
            "revenue": sum((a.revenue for a in got_posts), Decimal(0)) + sum((r.revenue for r in got_days), Decimal(0)),
            "posts": Decimal(len(got_posts)),
            "impressions": Decimal(sum(a.impressions for a in got_posts)),
            "clicks": Decimal(sum(a.clicks for a in got_posts)),
        }
        for kpi in KPIS:
            to_date, rest = planned(True, kpi), planned(False, kpi)
            row = KpiFigures(channel, kpi, to_date, actual[kpi], to_date + rest, actual[kpi] + rest)
            figures.append(row)
            for index, value in enumerate(
                (row.planned_to_date, row.actual_to_date, row.planned_total, row.projected_total)
            ):
                totals[kpi][index] += value
    for kpi in KPIS:
        figures.append(KpiFigures("all", kpi, *totals[kpi]))
    reported_days = {(a.channel_id, local(a.published_at)) for a in posts}
    short: list[ShortPost] = []
    for post in sorted(plan.posts, key=lambda p: p.start):
        day = local(post.start)
        if not past(day) or (post.channel_id, day) not in reported_days:
            continue
        match = next(
            (
                a
                for a in posts
                if a.channel_id == post.channel_id and a.content_id == post.content_id and local(a.published_at) == day
            ),
            None,
        )
        if match is None:
            short.append(
                ShortPost(
                    post.content_id,
                    post.channel_id,
                    post.start,
                    post.expected_impressions,
                    post.expected_revenue,
                    None,
                    None,
                )
            )
        elif match.impressions < post.expected_impressions or match.revenue < post.expected_revenue:
            short.append(
                ShortPost(
                    post.content_id,
                    post.channel_id,
                    post.start,
                    post.expected_impressions,
                    post.expected_revenue,
                    match.impressions,
                    match.revenue,
                )
            )
    delivered = next(f.actual_to_date for f in figures if f.channel_id == "all" and f.kpi == "spend")
    return TrackFigures(
        as_of=as_of,
        days_elapsed=(as_of - plan.start).days,
        days=plan.days,
        budget=budget,
        delivered=delivered,
        has_actuals=bool(posts or days),
        figures=figures,
        short_posts=short,
    )


def track_document(figures: TrackFigures) -> dict[str, Any]:
    """The figures as a JSON-ready mapping (what ``mixplan track --json`` and ``mixplan report --json`` print)."""
    document: dict[str, Any] = asdict(figures)
    document["pacing"] = figures.pacing
    document["elapsed_share"] = figures.elapsed_share
    document["delivered_share"] = figures.delivered_share
    for row, source in zip(document["figures"], figures.figures, strict=True):
        row["variance"] = source.variance
        row["variance_share"] = source.variance_share
    for row, post in zip(document["short_posts"], figures.short_posts, strict=True):
        row["published"] = post.published
    return document
