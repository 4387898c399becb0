"""TikTok's defaults: formats and limits, posting rules, ad rules, the default audience and curve.

Each default is declared once with its source (see docs/platforms.md, section TikTok).
"""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import PlatformSpec
from mixplan.plugin_kit import Sourced, declare_platform
from mixplan.plugins._shared.activity import EVERY_DAY, MON, SAT, SUN, TUE, WED, Peak, weekly_activity
from mixplan.plugins._shared.curves import benchmark_curve
from mixplan.plugins._shared.formats import TextLimits, media_post, video_post
from mixplan.plugins._shared.sources import SPEND_STEP, common_audience

PLATFORM_ID = "tiktok"
MIN_DAILY_BUDGET = Decimal("20.00")
CPM = Decimal("15.00")
SPROUT_PEAKS = (Peak(EVERY_DAY, 13, 18, boost=0.15),)
BUFFER_2026_PEAKS = (Peak((SUN,), 9, 10), Peak((SUN,), 13, 14), Peak((MON,), 13, 14))
EARLIER_BUFFER_PEAKS = (
    Peak((SUN,), 20, 21, boost=0.4),
    Peak((TUE,), 16, 17, boost=0.4),
    Peak((WED,), 17, 18, boost=0.4),
)


def platform_spec() -> PlatformSpec:
    """A fresh TikTok spec (a new object per call)."""
    return declare_platform(
        id=PLATFORM_ID,
        name="TikTok",
        formats=(
            Sourced(
                video_post("video", "Video", TextLimits(caption_max_chars=2_200), seconds=(3, 600)),
                "[O] Content Posting API Direct Post reference ('The maximum length is 2200 in UTF-16 runes'); "
                "creator_info.max_video_post_duration_sec gives the creator's own maximum; [3P] docs.zernio.com",
                shown="3 s–10 min, caption 2,200 UTF-16 units",
            ),
            Sourced(
                media_post(
                    "carousel", "Photo carousel", TextLimits(title_max_chars=90, caption_max_chars=4_000), media=(1, 35)
                ),
                "[3P] docs.zernio.com; sns-sdks/python-tiktok create_photo ('up to 35'); [3P] docs.getlate.dev "
                "(photos and videos cannot be mixed)",
                shown="photo post of up to 35 images, title 90 and description 4,000 UTF-16 units, images only",
            ),
        ),
        notes={
            "content check": Sourced(
                "caption, title and description measured in UTF-16 units (emoji count 2); no video in a photo post",
                "[O] Direct Post reference: 'The maximum length is 2200 in UTF-16 runes'",
            )
        },
        posting={
            "max_posts_per_day": Sourced(
                3,
                "conservative brand-side default; TikTok's own per-user daily cap (error spam_risk_too_many_posts) "
                "is unpublished (nf); override channels[].posting.max_posts_per_day",
            ),
            "max_posts_per_week": Sourced(
                14, "conservative brand-side default (nf); override channels[].posting.max_posts_per_week"
            ),
            "min_gap_minutes": Sourced(
                120, "no official spacing (nf); 2 hours; override channels[].posting.min_gap_minutes"
            ),
            "publish_quota": Sourced(
                15,
                "the daily cap is unpublished (nf); [3P] developers.tokportal.com (2026) reports integrators seeing "
                "15–25 posts a day; 15 is the low end (conservative); override channels[].posting.publish_quota",
                2026,
            ),
            "publish_quota_window_hours": Sourced(24, "per day, as reported by integrators [3P]", 2026),
        },
        ads={
            **SPEND_STEP,
            "min_daily_budget": Sourced(
                MIN_DAILY_BUDGET,
                "[O] TikTok Ads help 'budget' (updated 2025-08): ad group daily budget > $20, campaign daily "
                "budget > $50 (a campaign-level budget, if set, must exceed 50); override "
                "channels[].ads.min_daily_budget",
                2025,
            ),
            "max_daily_change": Sourced(
                0.5,
                "[O] TikTok Ads help: after learning keep each change within 50 % of the previous budget and wait "
                ">= 2 days between changes (the 2-day wait is not modelled)",
                2025,
            ),
            "learning_phase_events": Sourced(
                50,
                "[O] TikTok help (translated mirror): an oCPM ad group stabilises after ~50 conversions; [3P] "
                "adrate.io 2026: volatility eases after ~25 results or 7 days (information only)",
                2026,
            ),
            "daily_overdelivery": Sourced(None, "not published (nf); not modelled"),
            "cpm": Sourced(CPM, "[3P] Prooflytics 2026: CPM $10–20; the midpoint", 2026),
            "boost_min_budget": Sourced(
                MIN_DAILY_BUDGET,
                "TikTok's minimum for promoting a post is not in the sources (nf); the ad group minimum is used "
                "(conservative); override channels[].ads.boost_levels",
            ),
        },
        audience={
            "activity": Sourced(
                weekly_activity(SPROUT_PEAKS + BUFFER_2026_PEAKS + EARLIER_BUFFER_PEAKS, day_factors={SAT: 1.15}),
                "[3P] Buffer 2026 (7.1M posts) via sbtecnews; [3P] earlier Buffer study (1M+ videos) via "
                "akselera.tech; [3P] Sprout Social 2023 ('afternoons', hours nf)",
                2026,
                shown="peaks Sun 9, Sun 13, Mon 13 (Buffer 2026), Sun 20, Tue 16, Wed 17 (earlier Buffer), afternoons "
                "13–18 every day (Sprout); Saturday ×1.15 (best day)",
            ),
            "organic_reach_rate": Sourced(
                0.15,
                "assumption (nf): the For You feed reaches beyond followers, so higher than Meta's; "
                "override channels[].audience.organic_reach_rate",
            ),
            "rates.*.engagement_rate": Sourced(
                0.0486,
                "[3P] Buffer 2025: 4.86 % per impression (Socialinsider 2026: 3.70 %, Rival IQ 2023: 5.69 %); "
                "the same for both formats",
                2025,
            ),
            "rates.*.click_rate": Sourced(
                0.002, "assumption (nf): no clickable links in captions; override channels[].audience.rates"
            ),
            **common_audience(),
        },
        default_curve=benchmark_curve(
            CPM,
            0.01,
            "CPM $10–20 midpoint [3P] Prooflytics 2026; CTR 1.0 % is an assumption (nf: no TikTok ads CTR "
            "in the sources); conversion rate and order value are assumptions",
            half_saturation=120.0,
            shape=2.0,
            year=2026,
        ),
        api_hosts=["business-api.tiktok.com"],
    )
