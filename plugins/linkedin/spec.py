"""LinkedIn company pages' defaults: formats and limits, posting rules, ad rules, default audience and curve.

Every value is paired with its source in ``sources`` (see docs/platforms.md, section LinkedIn).
"""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import AdRules, AudienceProfile, FormatSpec, HillCurve, PlatformSpec, PostingRules, SourcedFact
from mixplan.plugins._shared.activity import SAT, SUN, TUE, WED, Peak, weekly_activity
from mixplan.plugins._shared.audience import uniform_rates
from mixplan.plugins._shared.curves import AdBenchmark, curve_source, describe_curve, hill_from_roas
from mixplan.plugins._shared.sources import (
    AVERAGE_ORDER_VALUE,
    ECOMMERCE_CONVERSION_RATE,
    SMALL_SHOP_FOLLOWERS,
    common_audience_facts,
    sourced,
    spend_step_fact,
)

PLATFORM_ID = "linkedin"
TEXT_MAX_CHARS = 3_000
ENGAGEMENT_RATE = 0.065
CLICK_RATE = 0.005
ORGANIC_REACH_RATE = 0.05
MIN_DAILY_BUDGET = Decimal("10.00")
CPM = Decimal("34.50")
BENCHMARK = AdBenchmark(
    cpm=float(CPM),
    click_through_rate=0.0052,
    conversion_rate=ECOMMERCE_CONVERSION_RATE,
    average_order_value=float(AVERAGE_ORDER_VALUE),
)
HALF_SATURATION = 100.0
SHAPE = 1.3

PEAKS = (
    Peak((TUE, WED), 10, 12),
    Peak((WED, SAT, SUN), 12, 21, boost=0.2),
)
DAY_FACTORS = {SAT: 0.7, SUN: 0.7}


def formats() -> list[FormatSpec]:
    """Text, image, video and document posts with their limits."""
    return [
        FormatSpec(id="text", name="Text post", caption_max_chars=TEXT_MAX_CHARS, media_max=0),
        FormatSpec(id="image", name="Image post", caption_max_chars=TEXT_MAX_CHARS, media_min=1, max_file_mb=5),
        FormatSpec(
            id="video",
            name="Video post",
            caption_max_chars=TEXT_MAX_CHARS,
            media_min=1,
            media_max=1,
            video_min_seconds=3,
            video_max_seconds=1_800,
            max_file_mb=500,
            aspect_ratio_min=round(1 / 2.4, 4),
            aspect_ratio_max=2.4,
        ),
        FormatSpec(
            id="document",
            name="Document post (PDF/PPT/DOC; media count = pages)",
            caption_max_chars=TEXT_MAX_CHARS,
            media_min=1,
            media_max=300,
            max_file_mb=100,
        ),
    ]


def ad_rules() -> AdRules:
    """LinkedIn's ad rules: 10/day per campaign; learning phase and overdelivery not published."""
    return AdRules(
        supports_ads=True,
        supports_boost=True,
        min_daily_budget=MIN_DAILY_BUDGET,
        spend_step=Decimal("1.00"),
        max_daily_change=None,
        learning_phase_events=None,
        daily_overdelivery=None,
        cpm=CPM,
        boost_min_budget=MIN_DAILY_BUDGET,
    )


def default_curve() -> HillCurve:
    """The default daily response curve of LinkedIn ad spend for a consumer shop (mildly S-shaped)."""
    return hill_from_roas(BENCHMARK.roas, half_saturation=HALF_SATURATION, shape=SHAPE)


def sources() -> list[SourcedFact]:
    """Where each LinkedIn default comes from."""
    return [
        sourced("formats.text", "3,000 characters", "[3P] Ayrshare LinkedIn media guidelines"),
        sourced("formats.image", "3,000-character text, images <= 5 MB", "[3P] Ayrshare LinkedIn media guidelines"),
        sourced(
            "formats.video",
            "MP4 3 s–30 min, <= 500 MB, aspect 1:2.4 to 2.4:1",
            "[3P] Ayrshare LinkedIn media guidelines",
        ),
        sourced(
            "formats.document",
            "PDF/PPT/DOC <= 100 MB, <= 300 pages (give pages as media.count)",
            "[3P] Ayrshare LinkedIn media guidelines",
        ),
        sourced(
            "posting.max_posts_per_day",
            1,
            "conservative brand-side default for a company page (nf); override channels[].posting.max_posts_per_day",
        ),
        sourced(
            "posting.max_posts_per_week",
            5,
            "conservative brand-side default (nf); override channels[].posting.max_posts_per_week",
        ),
        sourced(
            "posting.min_gap_minutes",
            240,
            "no official spacing (nf); 4 hours; override channels[].posting.min_gap_minutes",
        ),
        sourced(
            "posting.publish_quota",
            150,
            "[3P] Ayrshare: 150 posts per day per account. [O] LinkedIn's standard rate limits are not published "
            "(see the app's Analytics tab); they reset at midnight UTC",
        ),
        sourced("posting.publish_quota_window_hours", 24, "[3P] Ayrshare: per day"),
        sourced(
            "ads.min_daily_budget",
            MIN_DAILY_BUDGET,
            "[3P] smprotips.com, marketingmonologue.com (2024–25): $10/day per campaign (UK £8/day; £24/day with "
            "campaign-group budget optimisation); LinkedIn's own help lists no amount (nf [O]); override "
            "channels[].ads.min_daily_budget",
            2025,
        ),
        sourced("ads.max_daily_change", None, "not published (nf); no limit by default"),
        sourced("ads.learning_phase_events", None, "not published (nf)"),
        sourced("ads.daily_overdelivery", None, "not published (nf); not modelled"),
        sourced("ads.cpm", CPM, "[3P] shno.co 2026 compilation: CPM $31–38 (midpoint), CTR 0.52 %, CPC $3.94", 2026),
        sourced(
            "ads.boost_min_budget",
            MIN_DAILY_BUDGET,
            "minimum for boosting a post not in the sources (nf); the campaign minimum is used; override "
            "channels[].ads.boost_levels",
        ),
        sourced(
            "default_curve",
            describe_curve(default_curve()),
            curve_source(
                BENCHMARK,
                "CPM and CTR [3P] shno.co 2026; conversion rate and order value are assumptions. The benchmark "
                "ROAS is well below 1 for a consumer shop: LinkedIn's audience is professional and its clicks "
                "cost ~$4; with a B2B order value, set your own curve",
                half_saturation=HALF_SATURATION,
                shape=SHAPE,
            ),
            2026,
        ),
        sourced(
            "audience.activity",
            "peaks Tue and Wed 10–12 (Sprout); smaller bumps Wed, Sat, Sun 12–21 (HubSpot survey); "
            "Saturday and Sunday ×0.7",
            "[3P] Sprout Social 2023 via odwyerpr.com; [3P] HubSpot survey c. 2022 via LinkedIn Marketing blog. "
            "LinkedIn's API offers no hour-of-day activity (nf)",
            2023,
        ),
        sourced(
            "audience.organic_reach_rate",
            ORGANIC_REACH_RATE,
            "assumption (nf); override channels[].audience.organic_reach_rate",
        ),
        sourced(
            "audience.rates.*.engagement_rate",
            ENGAGEMENT_RATE,
            "[3P] Buffer 2025: 6.5 % per impression (Socialinsider 2025: 3.85 %); the same for every format",
            2025,
        ),
        sourced(
            "audience.rates.*.click_rate",
            CLICK_RATE,
            "assumption (nf): organic link clicks per impression; override channels[].audience.rates",
        ),
        *common_audience_facts(),
        spend_step_fact(),
    ]


def platform_spec() -> PlatformSpec:
    """A fresh LinkedIn spec (a new object per call)."""
    spec_formats = formats()
    return PlatformSpec(
        id=PLATFORM_ID,
        name="LinkedIn",
        formats=spec_formats,
        posting=PostingRules(
            max_posts_per_day=1,
            max_posts_per_week=5,
            min_gap_minutes=240,
            publish_quota=150,
            publish_quota_window_hours=24,
        ),
        ads=ad_rules(),
        audience=AudienceProfile(
            size=SMALL_SHOP_FOLLOWERS,
            activity=weekly_activity(PEAKS, day_factors=DAY_FACTORS),
            organic_reach_rate=ORGANIC_REACH_RATE,
            rates=uniform_rates(
                (fmt.id for fmt in spec_formats), engagement_rate=ENGAGEMENT_RATE, click_rate=CLICK_RATE
            ),
            average_order_value=AVERAGE_ORDER_VALUE,
        ),
        default_curve=default_curve(),
        sources=sources(),
    )
