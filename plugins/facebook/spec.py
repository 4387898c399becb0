"""Facebook Pages' defaults: formats and limits, posting rules, Meta's ad rules, default audience and curve.

Every value is paired with its source in ``sources`` (see docs/platforms.md, section Facebook).
"""

from __future__ import annotations

from mixplan.model import AudienceProfile, FormatSpec, PlatformSpec, PostingRules, SourcedFact
from mixplan.plugins._shared.activity import MON, SAT, SUN, THU, TUE, WED, Peak, weekly_activity
from mixplan.plugins._shared.audience import uniform_rates
from mixplan.plugins._shared.meta import meta_ad_facts, meta_ad_rules, meta_curve
from mixplan.plugins._shared.sources import (
    AVERAGE_ORDER_VALUE,
    SMALL_SHOP_FOLLOWERS,
    common_audience_facts,
    sourced,
    spend_step_fact,
)

PLATFORM_ID = "facebook"
TEXT_MAX_CHARS = 63_206
VERTICAL_MIN = 0.55
VERTICAL_MAX = 0.57
ENGAGEMENT_RATE = 0.0507
CLICK_RATE = 0.005
ORGANIC_REACH_RATE = 0.03

PEAKS = (
    Peak((MON,), 8, 13),
    Peak((TUE,), 8, 14),
    Peak((WED,), 8, 13),
    Peak((THU,), 8, 12),
)
DAY_FACTORS = {SAT: 0.8, SUN: 0.6}


def formats() -> list[FormatSpec]:
    """Text post, image post, reel and story (a reel shared as a story) with their limits."""
    return [
        FormatSpec(id="text", name="Text or link post", caption_max_chars=TEXT_MAX_CHARS, media_max=0),
        FormatSpec(id="image", name="Image post", caption_max_chars=TEXT_MAX_CHARS, media_min=1),
        FormatSpec(
            id="reel",
            name="Reel",
            caption_max_chars=TEXT_MAX_CHARS,
            media_min=1,
            media_max=1,
            video_min_seconds=3,
            video_max_seconds=90,
            aspect_ratio_min=VERTICAL_MIN,
            aspect_ratio_max=VERTICAL_MAX,
        ),
        FormatSpec(
            id="story",
            name="Story (reel shared as a story)",
            media_min=1,
            media_max=1,
            video_min_seconds=3,
            video_max_seconds=60,
            aspect_ratio_min=VERTICAL_MIN,
            aspect_ratio_max=VERTICAL_MAX,
        ),
    ]


def sources() -> list[SourcedFact]:
    """Where each Facebook default comes from."""
    return [
        sourced(
            "formats.text",
            "63,206 characters",
            "[3P] ayrshare.com/facebook-api; Postiz docs",
        ),
        sourced(
            "formats.image",
            "63,206-character text with one or more images (image limits nf)",
            "[3P] ayrshare.com/facebook-api",
        ),
        sourced(
            "formats.reel",
            "video 3–90 s, 9:16 (aspect 0.55–0.57 allows rounding)",
            "[O] Facebook Reels publishing guide (updated 2026-07-30): 3–90 s, 9:16, 1080×1920 recommended, "
            "at least 540×960, 24–60 fps",
            2026,
        ),
        sourced(
            "formats.story",
            "video 3–60 s, 9:16",
            "[O] Facebook Reels publishing guide: a reel posted as a story is at most 60 s",
            2026,
        ),
        sourced(
            "posting.max_posts_per_day",
            2,
            "conservative brand-side default; no per-Page feed-post cap found (nf); "
            "override channels[].posting.max_posts_per_day",
        ),
        sourced(
            "posting.max_posts_per_week",
            10,
            "conservative brand-side default (nf); override channels[].posting.max_posts_per_week",
        ),
        sourced(
            "posting.min_gap_minutes",
            180,
            "no official minimum spacing (nf); 3 hours; override channels[].posting.min_gap_minutes",
        ),
        sourced(
            "posting.publish_quota",
            30,
            "[O] Reels publishing guide: 30 API-published reels per rolling 24 h per Page, enforced on "
            "POST /{page_id}/video_reels. No feed-post cap was found (nf), so the reel cap is applied to every "
            "post (conservative); override channels[].posting.publish_quota",
            2026,
        ),
        sourced("posting.publish_quota_window_hours", 24, "[O] Reels publishing guide: rolling 24 h", 2026),
        sourced(
            "audience.activity",
            "peaks Mon 8–13, Tue 8–14, Wed 8–13, Thu 8–12; Saturday ×0.8, Sunday ×0.6",
            "[3P] Sprout Social 2023 (local time; Sunday worst) via socialmediatoday.com. page_fans_online is "
            "treated as unavailable (retired 'page fans' family); use channels[].audience.activity",
            2023,
        ),
        sourced(
            "audience.organic_reach_rate",
            ORGANIC_REACH_RATE,
            "assumption (nf): Page posts reach a small share of followers; "
            "override channels[].audience.organic_reach_rate",
        ),
        sourced(
            "audience.rates.*.engagement_rate",
            ENGAGEMENT_RATE,
            "[3P] Buffer 2025: 5.07 % per impression (Socialinsider 2026: 0.15 %, Rival IQ 2023: 0.06 %, both "
            "per follower); the same for every format",
            2025,
        ),
        sourced(
            "audience.rates.*.click_rate",
            CLICK_RATE,
            "assumption (nf): organic link clicks per impression; override channels[].audience.rates",
        ),
        *common_audience_facts(),
        spend_step_fact(),
        *meta_ad_facts(),
    ]


def platform_spec() -> PlatformSpec:
    """A fresh Facebook spec (a new object per call)."""
    spec_formats = formats()
    return PlatformSpec(
        id=PLATFORM_ID,
        name="Facebook",
        formats=spec_formats,
        posting=PostingRules(
            max_posts_per_day=2,
            max_posts_per_week=10,
            min_gap_minutes=180,
            publish_quota=30,
            publish_quota_window_hours=24,
        ),
        ads=meta_ad_rules(),
        audience=AudienceProfile(
            size=SMALL_SHOP_FOLLOWERS,
            activity=weekly_activity(PEAKS, day_factors=DAY_FACTORS),
            organic_reach_rate=ORGANIC_REACH_RATE,
            rates=uniform_rates(
                (fmt.id for fmt in spec_formats), engagement_rate=ENGAGEMENT_RATE, click_rate=CLICK_RATE
            ),
            average_order_value=AVERAGE_ORDER_VALUE,
        ),
        default_curve=meta_curve(),
        sources=sources(),
        api_hosts=["graph.facebook.com"],
    )
