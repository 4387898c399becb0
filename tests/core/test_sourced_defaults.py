"""declare_platform: the spec and its documented sources come from one declaration of each default."""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import FormatSpec, HillCurve
from mixplan.plugin_kit import Sourced, declare_platform

CURVE = HillCurve(max_revenue=Decimal("100.00"), half_saturation=Decimal("20.00"), shape=1.5)


def declared(**ads: Sourced[object]) -> dict[str, object]:
    return {
        "id": "demo",
        "name": "Demo",
        "formats": [Sourced(FormatSpec(id="post", name="Post", caption_max_chars=500), "[O] demo docs", 2025, "500")],
        "posting": {
            "max_posts_per_day": Sourced(3, "assumption"),
            "min_gap_minutes": Sourced(60, "[3P] a study", 2024),
        },
        "ads": ads or {"min_daily_budget": Sourced(Decimal("2.50"), "[O] ads help", 2026)},
        "audience": {
            "size": Sourced(1_000, "assumption"),
            "activity": Sourced([[0.5] * 24] * 7, "assumption", shown="flat"),
            "rates.*.engagement_rate": Sourced(0.03, "[3P] benchmark", 2025),
            "rates.*.click_rate": Sourced(0.01, "assumption"),
            "rates.*.conversion_rate": Sourced(0.02, "assumption"),
            "organic_reach_rate": Sourced(0.1, "assumption"),
            "average_order_value": Sourced(Decimal("40.00"), "assumption"),
        },
        "default_curve": Sourced(CURVE, "derived"),
        "notes": {"content check": Sourced("no links", "[O] demo docs")},
    }


def test_each_value_reaches_the_spec_and_its_row() -> None:
    spec = declare_platform(**declared())  # type: ignore[arg-type]
    assert spec.posting.max_posts_per_day == 3 and spec.posting.min_gap_minutes == 60
    assert spec.ads.min_daily_budget == Decimal("2.50")
    assert spec.audience.size == 1_000
    assert spec.audience.rates["post"].engagement_rate == 0.03
    assert spec.default_curve == CURVE
    rows = [(fact.fact, fact.source, fact.year) for fact in spec.sources]
    assert rows == [
        ("formats.post = 500", "[O] demo docs", 2025),
        ("content check = no links", "[O] demo docs", None),
        ("posting.max_posts_per_day = 3", "assumption", None),
        ("posting.min_gap_minutes = 60", "[3P] a study", 2024),
        ("audience.size = 1000", "assumption", None),
        ("audience.activity = flat", "assumption", None),
        ("audience.rates.*.engagement_rate = 0.03", "[3P] benchmark", 2025),
        ("audience.rates.*.click_rate = 0.01", "assumption", None),
        ("audience.rates.*.conversion_rate = 0.02", "assumption", None),
        ("audience.organic_reach_rate = 0.1", "assumption", None),
        ("audience.average_order_value = 40.00", "assumption", None),
        ("ads.min_daily_budget = 2.50", "[O] ads help", 2026),
        ("default_curve = hill(max_revenue=100.00, half_saturation=20.00, shape=1.5)", "derived", None),
    ]


def test_boosting_follows_a_declared_boost_minimum() -> None:
    plain = declare_platform(**declared())  # type: ignore[arg-type]
    boosted = declare_platform(**declared(boost_min_budget=Sourced(Decimal("5.00"), "[O] boost help")))  # type: ignore[arg-type]
    assert not plain.ads.supports_boost
    assert boosted.ads.supports_boost and boosted.ads.boost_min_budget == Decimal("5.00")


def test_every_call_builds_fresh_objects() -> None:
    arguments = declared()
    first = declare_platform(**arguments)  # type: ignore[arg-type]
    first.formats[0].caption_max_chars = 1
    first.default_curve.shape = 9.0  # type: ignore[union-attr]
    second = declare_platform(**arguments)  # type: ignore[arg-type]
    assert second.formats[0].caption_max_chars == 500
    assert second.default_curve == CURVE
