"""X (Twitter)'s defaults: formats and limits, posting rules, ad rules, default audience and curve.

Every value is paired with its source in ``sources`` (see docs/platforms.md, section X).
"""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import AdRules, AudienceProfile, FormatSpec, HillCurve, PlatformSpec, PostingRules, SourcedFact
from mixplan.plugins._shared.activity import FRI, SAT, SUN, THU, TUE, WED, Peak, weekly_activity
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

PLATFORM_ID = "x"
POST_MAX_WEIGHTED = 280
ENGAGEMENT_RATE = 0.0231
CLICK_RATE = 0.005
ORGANIC_REACH_RATE = 0.03
BENCHMARK = AdBenchmark(
    cpm=float(ASSUMED_SOCIAL_CPM),
    click_through_rate=ASSUMED_SOCIAL_CTR,
    conversion_rate=ECOMMERCE_CONVERSION_RATE,
    average_order_value=float(AVERAGE_ORDER_VALUE),
)
HALF_SATURATION = 50.0
SHAPE = 1.3

PEAKS = (Peak((TUE, WED, THU, FRI), 9, 12),)
DAY_FACTORS = {SAT: 0.8, SUN: 0.8}


def formats() -> list[FormatSpec]:
    """Text post, post with up to 4 images, post with one video.

    The 280 limit is not a generic ``caption_max_chars``: X counts weighted characters (a URL is 23
    whatever its length), so the plugin's content check measures it instead of a plain count.
    """
    return [
        FormatSpec(id="text", name="Text post", media_max=0),
        FormatSpec(
            id="image",
            name="Post with images",
            media_min=1,
            media_max=4,
            max_file_mb=5,
        ),
        FormatSpec(
            id="video",
            name="Post with a video",
            media_min=1,
            media_max=1,
            max_file_mb=512,
        ),
    ]


def ad_rules() -> AdRules:
    """X's ad rules: no minimum spend; learning phase and pacing rules not published."""
    return AdRules(
        supports_ads=True,
        supports_boost=True,
        min_daily_budget=Decimal("0.00"),
        spend_step=Decimal("1.00"),
        max_daily_change=None,
        learning_phase_events=None,
        daily_overdelivery=None,
        cpm=ASSUMED_SOCIAL_CPM,
        boost_min_budget=Decimal("0.00"),
    )


def default_curve() -> HillCurve:
    """The default daily response curve of X ad spend (mildly S-shaped); every input is an assumption."""
    return hill_from_roas(BENCHMARK.roas, half_saturation=HALF_SATURATION, shape=SHAPE)


def sources() -> list[SourcedFact]:
    """Where each X default comes from."""
    return [
        sourced("formats.text", "280 weighted characters", "[O] docs.x.com counting characters; media docs"),
        sourced(
            "formats.image",
            "280 weighted characters, up to 4 images <= 5 MB each",
            "[O] docs.x.com/x-api/media; xdevplatform/docs media best practices (limits follow Premium status)",
        ),
        sourced(
            "formats.video",
            "280 weighted characters, one video <= 512 MB; duration nf (not limited)",
            "[O] docs.x.com/x-api/media (amplify_video); video duration not found (nf)",
        ),
        sourced(
            "content check",
            "weighted length <= 280: every URL counts 23, CJK characters and emoji count 2",
            "[O] docs.x.com counting characters; twitter-text v3 configuration (weight ranges)",
        ),
        sourced(
            "posting.max_posts_per_day",
            5,
            "conservative brand-side default (nf); unverified accounts may post 50 originals a day [3P news "
            "reports of the X help page, 2026]; override channels[].posting.max_posts_per_day",
        ),
        sourced(
            "posting.max_posts_per_week",
            30,
            "conservative brand-side default (nf); override channels[].posting.max_posts_per_week",
        ),
        sourced(
            "posting.min_gap_minutes",
            60,
            "no official spacing (nf); 1 hour; override channels[].posting.min_gap_minutes",
        ),
        sourced(
            "posting.publish_quota",
            100,
            "[3P] api-evangelist/x rate limits (transcribed from docs.x.com, 2026-08-28): POST /2/tweets 100 "
            "requests per 15 min per user, 10,000 per 24 h per app. The quota window is counted in whole hours, "
            "so it is stated as 100 per 1 h, which is stricter than 100 per 15 min. Older figures: 200/15 min "
            "(v2 doc), 100/24 h on the 2023 Basic tier",
            2026,
        ),
        sourced(
            "posting.publish_quota_window_hours",
            1,
            "the smallest window mixplan models; covers X's 15-minute window conservatively",
            2026,
        ),
        sourced(
            "ads.min_daily_budget",
            "0.00",
            "[O] business.x.com ads pricing: 'no minimum spend'; a daily budget is required",
        ),
        sourced("ads.max_daily_change", None, "not published (nf); no limit by default"),
        sourced("ads.learning_phase_events", None, "not published (nf)"),
        sourced("ads.daily_overdelivery", None, "not published (nf); not modelled"),
        sourced("ads.cpm", ASSUMED_SOCIAL_CPM, ASSUMED_SOCIAL_CPM_SOURCE),
        sourced("ads.boost_min_budget", "0.00", "[O] business.x.com: no minimum spend"),
        sourced(
            "default_curve",
            describe_curve(default_curve()),
            curve_source(
                BENCHMARK,
                "reliable X ads benchmarks not found (nf): CPM and CTR are the cross-platform assumptions above; "
                "conversion rate and order value are assumptions",
                half_saturation=HALF_SATURATION,
                shape=SHAPE,
            ),
        ),
        sourced(
            "audience.activity",
            "peaks Tue–Fri 9–12; Saturday and Sunday ×0.8",
            "[3P] Sprout Social 2023. X API v2 offers no follower activity by hour (nf)",
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
            "[3P] Buffer 2025: 2.31 % per impression (Socialinsider 2026: 0.12 %, Rival IQ 2023: 0.035 %, per "
            "follower); the same for every format",
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
    """A fresh X spec (a new object per call)."""
    spec_formats = formats()
    return PlatformSpec(
        id=PLATFORM_ID,
        name="X (Twitter)",
        formats=spec_formats,
        posting=PostingRules(
            max_posts_per_day=5,
            max_posts_per_week=30,
            min_gap_minutes=60,
            publish_quota=100,
            publish_quota_window_hours=1,
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
