"""Hand-built scenarios and plans for storage tests: realistic data, independent of the solver."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from mixplan.model import (
    Boost,
    Plan,
    Scenario,
    ScheduledPost,
    SolveReport,
    SpendAllocation,
    Totals,
)
from mixplan.model.curves import HillCurve
from mixplan.model.history import FitQuality, FittedCurve, HistoryRow
from mixplan.model.live import AudienceSnapshot

ZONE = "Europe/Berlin"
TOKEN_ENV_VAR = "MIXPLAN_TEST_IG_TOKEN"


def make_scenario(name: str = "Small shop", budget: str = "1500.00") -> Scenario:
    """A small two-channel scenario whose Instagram channel names its token by an $env: reference."""
    return Scenario.model_validate(
        {
            "name": name,
            "currency": "EUR",
            "horizon": {"start": "2026-11-23", "days": 7, "timezone": ZONE, "slot_minutes": 60},
            "channels": [
                {
                    "id": "ig_main",
                    "platform": "instagram",
                    "account": "@shop",
                    "credentials": {"access_token": f"$env:{TOKEN_ENV_VAR}"},
                    "posting": {"blackout_hours": [3, 1, 2]},
                },
                {"id": "gads", "platform": "google_ads", "organic": False},
            ],
            "content": [
                {"id": "c1", "title": "Winter jacket reel", "category": "product", "formats": ["reel"]},
                {
                    "id": "c2",
                    "title": "Customer photos",
                    "category": "ugc",
                    "formats": ["image", "carousel"],
                    "max_uses": 2,
                    "cooldown_hours": 48,
                    "available_from": "2026-11-24",
                },
                {"id": "c3", "title": "How to wax skis", "category": "education", "formats": ["reel"], "value": 1.5},
            ],
            "budget": {"total": budget, "channels": {"gads": {"max": "1200.00"}}},
            "events": [{"name": "Black Friday", "start": "2026-11-27", "end": "2026-11-30", "uplift": 1.8}],
        }
    )


def _local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour)).replace(tzinfo=ZoneInfo(ZONE))


def make_plan(scenario: Scenario, *, scenario_hash: str = "0" * 64, spend_days: int = 7, variant: int = 0) -> Plan:
    """A plan with posts, one spend row per day on `gads`, one boost, totals and a solve report."""
    start = scenario.horizon.start
    posts = [
        ScheduledPost(
            content_id=content_id,
            channel_id="ig_main",
            start=_local(start + timedelta(days=offset), hour),
            format=fmt,
            expected_impressions=1234.5 + offset + variant,
            expected_engagements=61.725,
            expected_clicks=12.3456789,
            expected_revenue=Decimal("41.17") + offset,
        )
        for offset, (content_id, hour, fmt) in enumerate(
            [("c1", 18, "reel"), ("c2", 12, "carousel"), ("c3", 20, "reel"), ("c2", 9, "image")]
        )
    ]
    spend = [
        SpendAllocation(
            channel_id="gads",
            day=start + timedelta(days=offset),
            amount=Decimal("120.00") + Decimal(offset * 7) + Decimal("0.01") * variant,
            expected_revenue=Decimal("388.91") + Decimal(offset),
            marginal_roas=None if offset == 0 else 1.0 + offset / 3,
        )
        for offset in range(spend_days)
    ]
    boosts = [
        Boost(
            content_id="c1",
            channel_id="ig_main",
            start=posts[0].start,
            amount=Decimal("25.50"),
            expected_revenue=Decimal("80.10"),
        )
    ]
    ad_spend = sum((row.amount for row in spend), Decimal(0))
    paid_revenue = sum((row.expected_revenue for row in spend), Decimal(0))
    organic = sum((post.expected_revenue for post in posts), Decimal(0))
    total_spend = ad_spend + boosts[0].amount
    totals = Totals(
        spend=total_spend,
        ad_spend=ad_spend,
        boost_spend=boosts[0].amount,
        revenue=organic + paid_revenue + boosts[0].expected_revenue,
        organic_revenue=organic,
        paid_revenue=paid_revenue,
        boost_revenue=boosts[0].expected_revenue,
        roas=float((paid_revenue + boosts[0].expected_revenue) / total_spend) if total_spend else None,
        profit=Decimal("-12.34"),
        reach=sum(post.expected_impressions for post in posts),
        engagement=sum(post.expected_engagements for post in posts),
        clicks=sum(post.expected_clicks for post in posts),
        posts=len(posts),
    )
    report = SolveReport(
        status="optimal" if variant % 2 == 0 else "feasible",
        objective=float(totals.revenue),
        best_bound=float(totals.revenue) * 1.0001,
        gap=0.0001 * (variant + 1),
        objective_kind=scenario.objective.kind,
        wall_time_s=0.731,
        seed=7,
        solver="cp-sat",
        solver_version="9.12.4544",
        parameters={"num_workers": 2, "max_deterministic_time": 10.0, "notes": ["a", "b"]},
        messages=["budget left unspent: 12.00 (no channel pays back at the margin)"],
    )
    return Plan(
        scenario_name=scenario.name,
        scenario_hash=scenario_hash,
        currency=scenario.currency,
        timezone=scenario.horizon.timezone,
        start=start,
        days=scenario.horizon.days,
        posts=posts,
        spend=spend,
        boosts=boosts,
        totals=totals,
        report=report,
        created_at=datetime(2026, 11, 22, 11, 30, 15, 123456, tzinfo=UTC),
        mixplan_version="0.1.0",
    )


def make_history(channel_id: str, days: int, *, first: date = date(2026, 8, 1), scale: int = 1) -> list[HistoryRow]:
    """`days` consecutive history rows of one channel with exact cent amounts."""
    return [
        HistoryRow(
            day=first + timedelta(days=offset),
            channel_id=channel_id,
            spend=Decimal(100 + offset) * scale + Decimal("0.25"),
            revenue=Decimal(310 + 3 * offset) * scale + Decimal("0.99"),
            impressions=10_000 + offset if offset % 2 == 0 else None,
            clicks=150 + offset,
            conversions=None,
        )
        for offset in range(days)
    ]


def make_snapshot(channel_id: str, fetched_at: datetime, peak_hour: int = 19) -> AudienceSnapshot:
    """A 7×24 activity snapshot peaking at `peak_hour`."""
    activity = [[1.0 + (5.0 if hour == peak_hour else 0.0) + day * 0.1 for hour in range(24)] for day in range(7)]
    return AudienceSnapshot(
        channel_id=channel_id,
        platform="instagram",
        fetched_at=fetched_at,
        source="instagram:online_followers",
        activity=activity,
        size=48_213,
    )


def make_fitted_curve(channel_id: str, fitted_at: datetime, max_revenue: str = "950.00") -> FittedCurve:
    """A fitted S-shaped Hill curve with two bootstrap samples and fit quality."""
    curve = HillCurve(max_revenue=Decimal(max_revenue), half_saturation=Decimal("140.00"), shape=2.3, carryover=0.35)
    return FittedCurve(
        channel_id=channel_id,
        curve=curve,
        samples=[
            HillCurve(max_revenue=Decimal("900.10"), half_saturation=Decimal("133.00"), shape=2.1, carryover=0.3),
            HillCurve(max_revenue=Decimal("1001.99"), half_saturation=Decimal("150.00"), shape=2.6, carryover=0.4),
        ],
        quality=FitQuality(r2=0.913, mape=0.072, holdout_days=14, train_days=76),
        source="fit",
        fitted_at=fitted_at,
        spend_range=(Decimal("35.00"), Decimal("410.50")),
    )
