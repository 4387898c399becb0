"""Pinterest's defaults: formats and limits, posting rules, ad rules, default audience and curve.

Every value is paired with its source in ``sources`` (see docs/platforms.md, section Pinterest).
"""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import AdRules, AudienceProfile, FormatSpec, HillCurve, PlatformSpec, PostingRules, SourcedFact
from mixplan.plugins._shared.activity import EVERY_DAY, FRI, Peak, weekly_activity
from mixplan.plugins._shared.audience import uniform_rates
from mixplan.plugins._shared.curves import AdBenchmark, curve_source, describe_curve, hill_from_roas
from mixplan.plugins._shared.sources import (
    ASSUMED_SOCIAL_CPM,
    ASSUMED_SOCIAL_CPM_SOURCE,
    ASSUMED_SOCIAL_CTR,
    AVERAGE_ORDER_VALUE,
    ECOMMERCE_CONVERSION_RATE,
    SMALL_SHOP_FOLLOWERS,
    common_audience_facts,
    sourced,
    spend_step_fact,
)

PLATFORM_ID = "pinterest"
TITLE_MAX_CHARS = 100
DESCRIPTION_MAX_CHARS = 500
ENGAGEMENT_RATE = 0.01
CLICK_RATE = 0.01
ORGANIC_REACH_RATE = 0.05
MIN_DAILY_BUDGET = Decimal("5.00")
BENCHMARK = AdBenchmark(
    cpm=float(ASSUMED_SOCIAL_CPM),
    click_through_rate=ASSUMED_SOCIAL_CTR,
    conversion_rate=ECOMMERCE_CONVERSION_RATE,
    average_order_value=float(AVERAGE_ORDER_VALUE),
)
HALF_SATURATION = 60.0
SHAPE = 1.4

CAROUSEL_RATIOS: dict[str, float] = {"1:1": 1.0, "2:3": 2 / 3}
"""Aspect ratios a carousel's images may have (all images of one carousel share one size)."""

RATIO_TOLERANCE = 0.02
"""Relative tolerance when matching an aspect ratio (1000×1500 and 1080×1620 are both 2:3)."""

PEAKS = (
    Peak(EVERY_DAY, 13, 18, boost=0.2),
    Peak((FRI,), 15, 16, boost=0.4),
)


def formats() -> list[FormatSpec]:
    """Image pin, video pin and carousel pin with their limits."""
    return [
        FormatSpec(
            id="pin",
            name="Image pin",
            title_max_chars=TITLE_MAX_CHARS,
            caption_max_chars=DESCRIPTION_MAX_CHARS,
            media_min=1,
            media_max=1,
            max_file_mb=20,
        ),
        FormatSpec(
            id="video",
            name="Video pin",
            title_max_chars=TITLE_MAX_CHARS,
            caption_max_chars=DESCRIPTION_MAX_CHARS,
            media_min=1,
            media_max=1,
            video_min_seconds=4,
            video_max_seconds=900,
            aspect_ratio_min=0.5,
            aspect_ratio_max=1.91,
        ),
        FormatSpec(
            id="carousel",
            name="Carousel pin",
            title_max_chars=TITLE_MAX_CHARS,
            caption_max_chars=DESCRIPTION_MAX_CHARS,
            media_min=2,
            media_max=5,
            max_file_mb=20,
        ),
    ]


def ad_rules() -> AdRules:
    """Pinterest's ad rules: 5/day assumed from a third-party SDK; other rules not published."""
    return AdRules(
        supports_ads=True,
        supports_boost=True,
        min_daily_budget=MIN_DAILY_BUDGET,
        spend_step=Decimal("1.00"),
        max_daily_change=None,
        learning_phase_events=None,
        daily_overdelivery=None,
        cpm=ASSUMED_SOCIAL_CPM,
        boost_min_budget=MIN_DAILY_BUDGET,
    )


def default_curve() -> HillCurve:
    """The default daily response curve of Pinterest ad spend (mildly S-shaped); inputs are assumptions."""
    return hill_from_roas(BENCHMARK.roas, half_saturation=HALF_SATURATION, shape=SHAPE)


def sources() -> list[SourcedFact]:
    """Where each Pinterest default comes from."""
    return [
        sourced(
            "formats.pin",
            "title 100, description 500 characters, one image <= 20 MB (2:3 recommended)",
            "[3P] Ayrshare Pinterest docs",
        ),
        sourced(
            "formats.video",
            "title 100, description 500, 4 s–15 min, aspect 1:2 to 1.91:1",
            "[3P] Ayrshare Pinterest docs",
        ),
        sourced(
            "formats.carousel",
            "2–5 images of identical size, title 100, description 500",
            "[3P] Ayrshare Pinterest docs",
        ),
        sourced(
            "content check",
            "carousel: images only, aspect 1:1 or 2:3",
            "[3P] Tailwind help 'carousel Pins' (images only, one aspect ratio for all slides); [3P] wptasty.com "
            "and cadslist.com (carousel 1:1 or 2:3)",
            2023,
        ),
        sourced(
            "posting.max_posts_per_day",
            5,
            "conservative brand-side default; no per-account pin cap found (nf); "
            "override channels[].posting.max_posts_per_day",
        ),
        sourced(
            "posting.max_posts_per_week",
            25,
            "conservative brand-side default (nf); override channels[].posting.max_posts_per_week",
        ),
        sourced(
            "posting.min_gap_minutes",
            60,
            "no official spacing (nf); 1 hour; override channels[].posting.min_gap_minutes",
        ),
        sourced(
            "posting.publish_quota",
            None,
            "the pins_write rate is not in the sources (nf); [O] Trial access allows 1,000 requests a day and its "
            "pins are visible only to their creator; no quota by default, set channels[].posting.publish_quota",
        ),
        sourced(
            "ads.min_daily_budget",
            MIN_DAILY_BUDGET,
            "official figure not found (nf); [3P] docs.rs `late` crate (Zernio SDK) says $5; override "
            "channels[].ads.min_daily_budget",
        ),
        sourced("ads.max_daily_change", None, "not published (nf); no limit by default"),
        sourced("ads.learning_phase_events", None, "not published (nf)"),
        sourced("ads.daily_overdelivery", None, "not published (nf); not modelled"),
        sourced("ads.cpm", ASSUMED_SOCIAL_CPM, ASSUMED_SOCIAL_CPM_SOURCE),
        sourced(
            "ads.boost_min_budget",
            MIN_DAILY_BUDGET,
            "nf; the assumed daily minimum; override channels[].ads.boost_levels",
        ),
        sourced(
            "default_curve",
            describe_curve(default_curve()),
            curve_source(
                BENCHMARK,
                "Pinterest ads benchmarks not found (nf): CPM and CTR are the cross-platform assumptions; "
                "conversion rate and order value are assumptions",
                half_saturation=HALF_SATURATION,
                shape=SHAPE,
            ),
        ),
        sourced(
            "audience.activity",
            "afternoons 13–18 every day (Sprout), peak Fri 15 (Digitas/Curalate); weak evidence",
            "[3P] Digitas/Curalate 2013 (fashion/retail, Friday 3 pm ET); [3P] Sprout Social 2023 ('afternoons'). "
            "No recent large study and no hour-of-day API (nf): use your own data in channels[].audience.activity",
            2013,
        ),
        sourced(
            "audience.organic_reach_rate",
            ORGANIC_REACH_RATE,
            "assumption (nf); override channels[].audience.organic_reach_rate",
        ),
        sourced(
            "audience.rates.*.engagement_rate",
            ENGAGEMENT_RATE,
            "assumption (nf: no Pinterest engagement benchmark in the sources); override channels[].audience.rates",
        ),
        sourced(
            "audience.rates.*.click_rate",
            CLICK_RATE,
            "assumption (nf): pins link out, so outbound clicks are higher than on feeds without links; "
            "override channels[].audience.rates",
        ),
        *common_audience_facts(),
        spend_step_fact(),
    ]


def platform_spec() -> PlatformSpec:
    """A fresh Pinterest spec (a new object per call)."""
    spec_formats = formats()
    return PlatformSpec(
        id=PLATFORM_ID,
        name="Pinterest",
        formats=spec_formats,
        posting=PostingRules(max_posts_per_day=5, max_posts_per_week=25, min_gap_minutes=60),
        ads=ad_rules(),
        audience=AudienceProfile(
            size=SMALL_SHOP_FOLLOWERS,
            activity=weekly_activity(PEAKS),
            organic_reach_rate=ORGANIC_REACH_RATE,
            rates=uniform_rates(
                (fmt.id for fmt in spec_formats), engagement_rate=ENGAGEMENT_RATE, click_rate=CLICK_RATE
            ),
            average_order_value=AVERAGE_ORDER_VALUE,
        ),
        default_curve=default_curve(),
        sources=sources(),
    )
