"""A small hand-made scenario and plan (Europe/Berlin, across the October DST change) for exporter tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from mixplan.model import Plan, Scenario

BERLIN = ZoneInfo("Europe/Berlin")


def small_scenario() -> Scenario:
    """Two channels, three content items (one title with non-ASCII letters and a comma), 30-minute slots."""
    return Scenario.model_validate(
        {
            "name": "Tiny shop",
            "currency": "EUR",
            "horizon": {"start": "2025-10-24", "days": 4, "timezone": "Europe/Berlin", "slot_minutes": 30},
            "channels": [
                {"id": "ig", "platform": "instagram"},
                {"id": "fb", "platform": "facebook"},
            ],
            "content": [
                {"id": "mug", "title": "Café-Tasse, handmade", "category": "product", "formats": ["image"]},
                {
                    "id": "howto",
                    "title": "How to brew",
                    "category": "education",
                    "formats": ["reel", "image"],
                },
                {"id": "ugc1", "title": "Customer photo", "category": "ugc", "formats": ["image"]},
            ],
            "budget": {"total": "300.00"},
        }
    )


def small_plan() -> Plan:
    """A plan for `small_scenario`: posts on both sides of the DST change, spend on two days, one boost."""
    posts = [
        ("mug", "ig", datetime(2025, 10, 24, 9, 0, tzinfo=BERLIN), "image", 812.5, 40.2, 8.1, "12.40"),
        ("howto", "ig", datetime(2025, 10, 26, 10, 30, tzinfo=BERLIN), "reel", 1500.0, 90.0, 15.0, "20.05"),
        # given in UTC on purpose: exporters must show it in the plan's zone (18:00 Berlin, CET)
        ("ugc1", "fb", datetime(2025, 10, 27, 17, 0, tzinfo=UTC), "image", 300.0, 6.0, 2.5, "3.10"),
        ("mug", "fb", datetime(2025, 10, 25, 19, 30, tzinfo=BERLIN), "image", 420.0, 9.0, 3.3, "4.00"),
    ]
    spend = [
        ("ig", date(2025, 10, 24), "40.00", "96.10", 1.8),
        ("fb", date(2025, 10, 24), "25.50", "51.00", 1.25),
        ("ig", date(2025, 10, 25), "60.00", "130.33", None),
    ]
    return Plan.model_validate(
        {
            "scenario_name": "Tiny shop",
            "scenario_hash": "abc123",
            "currency": "EUR",
            "timezone": "Europe/Berlin",
            "start": "2025-10-24",
            "days": 4,
            "posts": [
                {
                    "content_id": c,
                    "channel_id": ch,
                    "start": start,
                    "format": fmt,
                    "expected_impressions": imp,
                    "expected_engagements": eng,
                    "expected_clicks": clicks,
                    "expected_revenue": rev,
                }
                for c, ch, start, fmt, imp, eng, clicks, rev in posts
            ],
            "spend": [
                {
                    "channel_id": ch,
                    "day": day,
                    "amount": amount,
                    "expected_revenue": rev,
                    "marginal_roas": mroas,
                }
                for ch, day, amount, rev, mroas in spend
            ],
            "boosts": [
                {
                    "content_id": "howto",
                    "channel_id": "ig",
                    "start": datetime(2025, 10, 26, 10, 30, tzinfo=BERLIN),
                    "amount": "10.00",
                    "expected_revenue": "18.75",
                }
            ],
            "totals": {
                "spend": "135.50",
                "ad_spend": "125.50",
                "boost_spend": "10.00",
                "revenue": "335.73",
                "organic_revenue": "39.55",
                "paid_revenue": "277.43",
                "boost_revenue": "18.75",
                "roas": 2.1857,
                "reach": 3032.5,
                "engagement": 145.2,
                "clicks": 28.9,
                "posts": 4,
            },
            "report": {
                "status": "optimal",
                "objective": 33573.0,
                "best_bound": 33573.0,
                "gap": 0.0,
                "objective_kind": "max_revenue",
                "wall_time_s": 0.4,
                "seed": 0,
                "solver": "cp-sat",
                "solver_version": "9.15",
            },
            "created_at": datetime(2025, 10, 20, 8, 15, 3, tzinfo=UTC),
            "mixplan_version": "0.1.0",
        }
    )


@pytest.fixture
def scenario() -> Scenario:
    """The small scenario."""
    return small_scenario()


@pytest.fixture
def plan() -> Plan:
    """The small plan."""
    return small_plan()


def decimal(text: str) -> Decimal:
    """Parse a money string from an export."""
    return Decimal(text)
