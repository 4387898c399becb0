"""Google Ads' defaults (Search and Shopping): ad formats, no organic posting, budget rules, default curve.

Every value is paired with its source in ``sources`` (see docs/platforms.md, section Google Ads).
"""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import AudienceProfile, FormatRates, FormatSpec, HillCurve, PlatformSpec, PostingRules, SourcedFact
from mixplan.plugins._shared.activity import weekly_activity
from mixplan.plugins._shared.curves import CENT, AdBenchmark, curve_source, describe_curve, hill_from_roas
from mixplan.plugins._shared.google import google_ad_facts, google_ad_rules
from mixplan.plugins._shared.sources import ASSUMED_AOV, AVERAGE_ORDER_VALUE, sourced, spend_step_fact

PLATFORM_ID = "google_ads"
HEADLINE_MAX_CHARS = 30
DESCRIPTION_MAX_CHARS = 90
CPC = 5.42
CLICK_THROUGH_RATE = 0.0664
CONVERSION_RATE = 0.0818
CPM = (Decimal(repr(CPC)) * Decimal(repr(CLICK_THROUGH_RATE)) * 1000).quantize(CENT)
BENCHMARK = AdBenchmark(
    cpm=float(CPM),
    click_through_rate=CLICK_THROUGH_RATE,
    conversion_rate=CONVERSION_RATE,
    average_order_value=float(AVERAGE_ORDER_VALUE),
)
HALF_SATURATION = 60.0
SHAPE = 1.0


def formats() -> list[FormatSpec]:
    """Responsive search ad (headline and description) and Shopping ad (product title and description)."""
    return [
        FormatSpec(
            id="search_ad",
            name="Responsive search ad",
            title_max_chars=HEADLINE_MAX_CHARS,
            caption_max_chars=DESCRIPTION_MAX_CHARS,
        ),
        FormatSpec(id="shopping_ad", name="Shopping ad", title_max_chars=150, caption_max_chars=5_000),
    ]


def default_curve() -> HillCurve:
    """The default daily response curve of search spend: concave (shape 1), limited by search volume."""
    return hill_from_roas(BENCHMARK.roas, half_saturation=HALF_SATURATION, shape=SHAPE)


def sources() -> list[SourcedFact]:
    """Where each Google Ads default comes from."""
    return [
        sourced(
            "formats.search_ad",
            "headline 30, description 90 characters",
            "[O] Google Ads help 'About responsive search ads' (answer 7684791): headlines 30, descriptions 90",
        ),
        sourced(
            "formats.shopping_ad",
            "product title 150, description 5,000 characters",
            "[O] Google Merchant Center product data specification (not in the shared reference; the product "
            "feed, not mixplan, carries these texts)",
        ),
        sourced(
            "content check",
            "search ads: double-width (CJK, full-width) characters count 2 against the 30/90 limits",
            "[O] Google ad text length rules for double-width languages (AdMob help 6177141 shows the same "
            "halved limits)",
        ),
        sourced(
            "posting.max_posts_per_day",
            0,
            "Google Ads has no organic posting; only paid spend is planned",
        ),
        spend_step_fact(),
        *google_ad_facts(),
        sourced(
            "ads.cpm",
            CPM,
            "derived: CPC $5.42 × CTR 6.64 % × 1000 ([3P] WordStream 2026, 13k+ search campaigns, Apr 2025–Mar 2026)",
            2026,
        ),
        sourced(
            "default_curve",
            describe_curve(default_curve()),
            curve_source(
                BENCHMARK,
                "CPM from CPC and CTR, and the 8.18 % conversion rate, [3P] WordStream 2026 (all industries, "
                "leads included, so optimistic for orders); the order value is an assumption. Shape 1: search "
                "spend is limited by search volume, not by reach",
                half_saturation=HALF_SATURATION,
                shape=SHAPE,
            ),
            2026,
        ),
        sourced("audience.size", 0, "no followers: search ads reach searchers, not an audience"),
        sourced(
            "audience.activity",
            "generic daily rhythm, no platform peaks",
            "hour-of-day data for Google Ads not researched (nf); used only for display",
        ),
        sourced("audience.organic_reach_rate", 0.0, "no organic reach"),
        sourced("audience.rates.*.engagement_rate", 0.0, "no organic engagement"),
        sourced(
            "audience.rates.*.click_rate",
            CLICK_THROUGH_RATE,
            "[3P] WordStream 2026 search benchmarks: CTR 6.64 % (2025 edition 6.66 %)",
            2026,
        ),
        sourced(
            "audience.rates.*.conversion_rate",
            CONVERSION_RATE,
            "[3P] WordStream 2026 search benchmarks: CVR 8.18 % (all industries, leads included)",
            2026,
        ),
        sourced("audience.average_order_value", AVERAGE_ORDER_VALUE, ASSUMED_AOV),
    ]


def platform_spec() -> PlatformSpec:
    """A fresh Google Ads spec (a new object per call)."""
    spec_formats = formats()
    rates = FormatRates(engagement_rate=0.0, click_rate=CLICK_THROUGH_RATE, conversion_rate=CONVERSION_RATE)
    return PlatformSpec(
        id=PLATFORM_ID,
        name="Google Ads",
        formats=spec_formats,
        posting=PostingRules(max_posts_per_day=0),
        ads=google_ad_rules(cpm=CPM),
        audience=AudienceProfile(
            size=0,
            activity=weekly_activity(()),
            organic_reach_rate=0.0,
            rates={fmt.id: rates.model_copy() for fmt in spec_formats},
            average_order_value=AVERAGE_ORDER_VALUE,
        ),
        default_curve=default_curve(),
        sources=sources(),
    )
