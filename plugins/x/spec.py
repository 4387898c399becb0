"""X (Twitter)'s defaults: formats and limits, posting rules, ad rules, default audience and curve.

Each default is declared once with its source (see docs/platforms.md, section X).
"""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import PlatformSpec
from mixplan.plugin_kit import Sourced, declare_platform
from mixplan.plugins._shared.activity import FRI, SAT, SUN, THU, TUE, WED, Peak, weekly_activity
from mixplan.plugins._shared.curves import benchmark_curve
from mixplan.plugins._shared.formats import media_post, text_post, video_post
from mixplan.plugins._shared.sources import (
    ASSUMED_SOCIAL_CPM,
    ASSUMED_SOCIAL_CPM_SOURCE,
    ASSUMED_SOCIAL_CTR,
    SPEND_STEP,
    common_audience,
)

PLATFORM_ID = "x"
POST_MAX_WEIGHTED = 280


def platform_spec() -> PlatformSpec:
    """A fresh X spec (a new object per call)."""
    return declare_platform(
        id=PLATFORM_ID,
        name="X (Twitter)",
        formats=(
            Sourced(
                text_post("text", "Text post"),
                "[O] docs.x.com counting characters; media docs",
                shown="280 weighted characters",
            ),
            Sourced(
                media_post("image", "Post with images", media=(1, 4), max_file_mb=5),
                "[O] docs.x.com/x-api/media; xdevplatform/docs media best practices (limits follow Premium status)",
                shown="280 weighted characters, up to 4 images <= 5 MB each",
            ),
            Sourced(
                video_post("video", "Post with a video", max_file_mb=512),
                "[O] docs.x.com/x-api/media (amplify_video); video duration not found (nf)",
                shown="280 weighted characters, one video <= 512 MB; duration nf (not limited)",
            ),
        ),
        notes={
            "content check": Sourced(
                "weighted length <= 280: every URL counts 23, CJK characters and emoji count 2",
                "[O] docs.x.com counting characters; twitter-text v3 configuration (weight ranges)",
            )
        },
        posting={
            "max_posts_per_day": Sourced(
                5,
                "conservative brand-side default (nf); unverified accounts may post 50 originals a day [3P news "
                "reports of the X help page, 2026]; override channels[].posting.max_posts_per_day",
            ),
            "max_posts_per_week": Sourced(
                30, "conservative brand-side default (nf); override channels[].posting.max_posts_per_week"
            ),
            "min_gap_minutes": Sourced(
                60, "no official spacing (nf); 1 hour; override channels[].posting.min_gap_minutes"
            ),
            "publish_quota": Sourced(
                100,
                "[3P] api-evangelist/x rate limits (transcribed from docs.x.com, 2026-08-28): POST /2/tweets 100 "
                "requests per 15 min per user, 10,000 per 24 h per app. The quota window is counted in whole hours, "
                "so it is stated as 100 per 1 h, which is stricter than 100 per 15 min. Older figures: 200/15 min "
                "(v2 doc), 100/24 h on the 2023 Basic tier",
                2026,
            ),
            "publish_quota_window_hours": Sourced(
                1, "the smallest window mixplan models; covers X's 15-minute window conservatively", 2026
            ),
        },
        ads={
            **SPEND_STEP,
            "min_daily_budget": Sourced(
                Decimal("0.00"), "[O] business.x.com ads pricing: 'no minimum spend'; a daily budget is required"
            ),
            "max_daily_change": Sourced(None, "not published (nf); no limit by default"),
            "learning_phase_events": Sourced(None, "not published (nf)"),
            "daily_overdelivery": Sourced(None, "not published (nf); not modelled"),
            "cpm": Sourced(ASSUMED_SOCIAL_CPM, ASSUMED_SOCIAL_CPM_SOURCE),
            "boost_min_budget": Sourced(Decimal("0.00"), "[O] business.x.com: no minimum spend"),
        },
        audience={
            "activity": Sourced(
                weekly_activity((Peak((TUE, WED, THU, FRI), 9, 12),), day_factors={SAT: 0.8, SUN: 0.8}),
                "[3P] Sprout Social 2023. X API v2 offers no follower activity by hour (nf)",
                2023,
                shown="peaks Tue–Fri 9–12; Saturday and Sunday ×0.8",
            ),
            "organic_reach_rate": Sourced(0.03, "assumption (nf); override channels[].audience.organic_reach_rate"),
            "rates.*.engagement_rate": Sourced(
                0.0231,
                "[3P] Buffer 2025: 2.31 % per impression (Socialinsider 2026: 0.12 %, Rival IQ 2023: 0.035 %, per "
                "follower); the same for every format",
                2025,
            ),
            "rates.*.click_rate": Sourced(
                0.005, "assumption (nf): organic link clicks per impression; override channels[].audience.rates"
            ),
            **common_audience(),
        },
        default_curve=benchmark_curve(
            ASSUMED_SOCIAL_CPM,
            ASSUMED_SOCIAL_CTR,
            "reliable X ads benchmarks not found (nf): CPM and CTR are the cross-platform assumptions above; "
            "conversion rate and order value are assumptions",
            half_saturation=50.0,
            shape=1.3,
            year=None,
        ),
    )
