"""Google Ads' defaults (Search and Shopping): ad formats, no organic posting, budget rules, default curve.

Each default is declared once with its source (see docs/platforms.md, section Google Ads).
"""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import FormatSpec, PlatformSpec
from mixplan.plugin_kit import Sourced, declare_platform
from mixplan.plugins._shared.activity import weekly_activity
from mixplan.plugins._shared.curves import CENT, benchmark_curve
from mixplan.plugins._shared.google import GOOGLE_ADS
from mixplan.plugins._shared.sources import ASSUMED_AOV, AVERAGE_ORDER_VALUE

PLATFORM_ID = "google_ads"
CPC = 5.42
CLICK_THROUGH_RATE = 0.0664
CONVERSION_RATE = 0.0818
CPM = (Decimal(repr(CPC)) * Decimal(repr(CLICK_THROUGH_RATE)) * 1000).quantize(CENT)


def platform_spec() -> PlatformSpec:
    """A fresh Google Ads spec (a new object per call)."""
    return declare_platform(
        id=PLATFORM_ID,
        name="Google Ads",
        formats=(
            Sourced(
                FormatSpec(
                    id="search_ad",
                    name="Responsive search ad",
                    title_max_chars=30,
                    caption_max_chars=90,
                ),
                "[O] Google Ads help 'About responsive search ads' (answer 7684791): headlines 30, descriptions 90",
                shown="headline 30, description 90 characters",
            ),
            Sourced(
                FormatSpec(id="shopping_ad", name="Shopping ad", title_max_chars=150, caption_max_chars=5_000),
                "[O] Google Merchant Center product data specification (not in the shared reference; the product "
                "feed, not mixplan, carries these texts)",
                shown="product title 150, description 5,000 characters",
            ),
        ),
        notes={
            "content check": Sourced(
                "search ads: double-width (CJK, full-width) characters count 2 against the 30/90 limits",
                "[O] Google ad text length rules for double-width languages "
                "(AdMob help 6177141 shows the same halved limits)",
            )
        },
        posting={"max_posts_per_day": Sourced(0, "Google Ads has no organic posting; only paid spend is planned")},
        ads={
            **GOOGLE_ADS,
            "cpm": Sourced(
                CPM,
                "derived: CPC $5.42 × CTR 6.64 % × 1000 "
                "([3P] WordStream 2026, 13k+ search campaigns, Apr 2025–Mar 2026)",
                2026,
            ),
        },
        audience={
            "size": Sourced(0, "no followers: search ads reach searchers, not an audience"),
            "activity": Sourced(
                weekly_activity(()),
                "hour-of-day data for Google Ads not researched (nf); used only for display",
                shown="generic daily rhythm, no platform peaks",
            ),
            "organic_reach_rate": Sourced(0.0, "no organic reach"),
            "rates.*.engagement_rate": Sourced(0.0, "no organic engagement"),
            "rates.*.click_rate": Sourced(
                CLICK_THROUGH_RATE, "[3P] WordStream 2026 search benchmarks: CTR 6.64 % (2025 edition 6.66 %)", 2026
            ),
            "rates.*.conversion_rate": Sourced(
                CONVERSION_RATE,
                "[3P] WordStream 2026 search benchmarks: CVR 8.18 % (all industries, leads included)",
                2026,
            ),
            "average_order_value": Sourced(AVERAGE_ORDER_VALUE, ASSUMED_AOV),
        },
        default_curve=benchmark_curve(
            CPM,
            CLICK_THROUGH_RATE,
            "CPM from CPC and CTR, and the 8.18 % conversion rate, [3P] WordStream 2026 (all industries, "
            "leads included, so optimistic for orders); the order value is an assumption. Shape 1: search "
            "spend is limited by search volume, not by reach",
            half_saturation=60.0,
            shape=1.0,
            year=2026,
            conversion_rate=CONVERSION_RATE,
        ),
    )
