"""A four-week scenario with paid and organic channels and a plan for it, built by hand for report tests."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from mixplan.model import Plan, Scenario
from mixplan.model.curves import HillCurve, PiecewiseCurve, ResponseCurve
from mixplan.report.summary import channel_figures


def report_scenario() -> Scenario:
    """Three channels over 28 days with a Black Friday event and KPI targets."""
    return Scenario.model_validate(
        {
            "name": "Report shop",
            "currency": "EUR",
            "horizon": {"start": "2025-11-03", "days": 28, "timezone": "Europe/Berlin"},
            "channels": [
                {"id": "ig", "platform": "instagram"},
                {"id": "fb", "platform": "facebook"},
                {"id": "mail", "platform": "email"},
            ],
            "content": [
                {"id": f"item{i}", "title": f"Item <{i}> & more", "category": "product", "formats": ["image"]}
                for i in range(12)
            ],
            "budget": {"total": "4000.00"},
            "events": [{"name": "Black Friday", "start": "2025-11-28", "end": "2025-12-01", "uplift": 1.6}],
            "kpis": [
                {"metric": "revenue", "target": "9000"},
                {"metric": "roas", "target": "2.5"},
                {"metric": "spend", "target": "3500"},
                {"metric": "posts", "target": "10", "channel": "ig"},
            ],
        }
    )


CURVES: dict[str, ResponseCurve] = {
    "ig": HillCurve(max_revenue=Decimal("400.00"), half_saturation=Decimal("60.00"), shape=2.2),
    "fb": PiecewiseCurve.model_validate(
        {
            "points": [
                {"spend": "20", "revenue": "30"},
                {"spend": "80", "revenue": "180"},
                {"spend": "150", "revenue": "220"},
            ]
        }
    ),
}


def report_plan(seed: int = 7) -> Plan:
    """A plausible plan: ig and fb spend on most days, posts on ig and mail at varied hours, a boost."""
    rng = random.Random(seed)
    scenario = report_scenario()
    zone = scenario.horizon.zone
    posts, spend, boosts = [], [], []
    for offset in range(scenario.horizon.days):
        day = scenario.horizon.start + timedelta(days=offset)
        for channel, levels in (("ig", ["55.00", "70.00", "85.00"]), ("fb", ["40.00", "80.00"])):
            if rng.random() < 0.85:
                amount = Decimal(rng.choice(levels))
                spend.append(
                    {
                        "channel_id": channel,
                        "day": day,
                        "amount": amount,
                        "expected_revenue": (amount * Decimal("2.31")).quantize(Decimal("0.01")),
                        "marginal_roas": round(rng.uniform(0.8, 2.5), 3),
                    }
                )
        for channel in ("ig", "mail"):
            if rng.random() < 0.6:
                hour = rng.choice([8, 12, 18, 19, 20])
                posts.append(
                    {
                        "content_id": f"item{rng.randrange(12)}",
                        "channel_id": channel,
                        "start": datetime.combine(day, time(hour), tzinfo=zone),
                        "format": "image",
                        "expected_impressions": rng.uniform(500, 3000),
                        "expected_engagements": rng.uniform(10, 90),
                        "expected_clicks": rng.uniform(5, 40),
                        "expected_revenue": Decimal(rng.randrange(500, 4000)) / 100,
                    }
                )
    first_ig = next(p for p in posts if p["channel_id"] == "ig")
    boosts.append(
        {
            "content_id": first_ig["content_id"],
            "channel_id": "ig",
            "start": first_ig["start"],
            "amount": Decimal("20.00"),
            "expected_revenue": Decimal("41.50"),
        }
    )
    plan = Plan.model_validate(
        {
            "scenario_name": scenario.name,
            "scenario_hash": "f" * 64,
            "currency": "EUR",
            "timezone": "Europe/Berlin",
            "start": scenario.horizon.start,
            "days": scenario.horizon.days,
            "posts": posts,
            "spend": spend,
            "boosts": boosts,
            "totals": _zero_totals(),
            "report": {
                "status": "optimal",
                "objective": 1.0,
                "best_bound": 1.0,
                "gap": 0.0,
                "objective_kind": "max_revenue",
                "wall_time_s": 1.25,
                "seed": 0,
                "solver": "cp-sat",
                "solver_version": "9.15",
                "parameters": {"workers": 2},
                "messages": ["budget fully used"],
            },
            "created_at": datetime(2025, 10, 30, 9, 0, tzinfo=UTC),
            "mixplan_version": "0.1.0",
        }
    )
    return plan.model_copy(update={"totals": _totals(plan)})


def _zero_totals() -> dict[str, object]:
    return {
        "spend": "0",
        "ad_spend": "0",
        "boost_spend": "0",
        "revenue": "0",
        "organic_revenue": "0",
        "paid_revenue": "0",
        "boost_revenue": "0",
        "roas": None,
        "reach": 0,
        "engagement": 0,
        "clicks": 0,
        "posts": 0,
    }


def _totals(plan: Plan) -> object:
    rows = channel_figures(plan)
    ad = sum((r.ad_spend for r in rows), Decimal("0.00"))
    boost = sum((r.boost_spend for r in rows), Decimal("0.00"))
    paid = sum((r.paid_revenue for r in rows), Decimal("0.00"))
    boost_rev = sum((r.boost_revenue for r in rows), Decimal("0.00"))
    organic = sum((r.organic_revenue for r in rows), Decimal("0.00"))
    return plan.totals.model_copy(
        update={
            "spend": ad + boost,
            "ad_spend": ad,
            "boost_spend": boost,
            "revenue": paid + boost_rev + organic,
            "organic_revenue": organic,
            "paid_revenue": paid,
            "boost_revenue": boost_rev,
            "roas": float((paid + boost_rev) / (ad + boost)),
            "reach": sum(r.reach for r in rows),
            "engagement": sum(r.engagement for r in rows),
            "clicks": sum(r.clicks for r in rows),
            "posts": len(plan.posts),
        }
    )


@pytest.fixture
def scenario() -> Scenario:
    """The four-week scenario."""
    return report_scenario()


@pytest.fixture
def plan() -> Plan:
    """A plan for it."""
    return report_plan()


@pytest.fixture
def curves() -> dict[str, ResponseCurve]:
    """Response curves of the paid channels."""
    return dict(CURVES)
