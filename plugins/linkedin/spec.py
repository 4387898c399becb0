"""LinkedIn company pages' defaults: formats and limits, posting rules, ad rules, default audience and curve.

Each default is declared once with its source (see docs/platforms.md, section LinkedIn).
"""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import PlatformSpec
from mixplan.plugin_kit import Sourced, declare_platform
from mixplan.plugins._shared.activity import SAT, SUN, TUE, WED, Peak, weekly_activity
from mixplan.plugins._shared.curves import benchmark_curve
from mixplan.plugins._shared.formats import TextLimits, media_post, text_post, video_post
from mixplan.plugins._shared.sources import SPEND_STEP, common_audience

PLATFORM_ID = "linkedin"
TEXT = TextLimits(caption_max_chars=3_000)
VIDEO_ASPECT = (round(1 / 2.4, 4), 2.4)
"""Video from 1:2.4 portrait to 2.4:1 landscape."""
DOCUMENT = "Document post (PDF/PPT/DOC; media count = pages)"
MIN_DAILY_BUDGET = Decimal("10.00")
CPM = Decimal("34.50")
AYRSHARE = "[3P] Ayrshare LinkedIn media guidelines"
"""The source of every format's limits."""
PEAKS = (Peak((TUE, WED), 10, 12), Peak((WED, SAT, SUN), 12, 21, boost=0.2))


def platform_spec() -> PlatformSpec:
    """A fresh LinkedIn spec (a new object per call)."""
    return declare_platform(
        id=PLATFORM_ID,
        name="LinkedIn",
        formats=(
            Sourced(
                text_post("text", "Text post", TEXT),
                AYRSHARE,
                shown="3,000 characters",
            ),
            Sourced(
                media_post("image", "Image post", TEXT, max_file_mb=5),
                AYRSHARE,
                shown="3,000-character text, images <= 5 MB",
            ),
            Sourced(
                video_post("video", "Video post", TEXT, seconds=(3, 1_800), max_file_mb=500, aspect=VIDEO_ASPECT),
                AYRSHARE,
                shown="MP4 3 s–30 min, <= 500 MB, aspect 1:2.4 to 2.4:1",
            ),
            Sourced(
                media_post("document", DOCUMENT, TEXT, media=(1, 300), max_file_mb=100),
                AYRSHARE,
                shown="PDF/PPT/DOC <= 100 MB, <= 300 pages (give pages as media.count)",
            ),
        ),
        posting={
            "max_posts_per_day": Sourced(
                1,
                "conservative brand-side default for a company page (nf); "
                "override channels[].posting.max_posts_per_day",
            ),
            "max_posts_per_week": Sourced(
                5, "conservative brand-side default (nf); override channels[].posting.max_posts_per_week"
            ),
            "min_gap_minutes": Sourced(
                240, "no official spacing (nf); 4 hours; override channels[].posting.min_gap_minutes"
            ),
            "publish_quota": Sourced(
                150,
                "[3P] Ayrshare: 150 posts per day per account. [O] LinkedIn's standard rate limits are not published "
                "(see the app's Analytics tab); they reset at midnight UTC",
            ),
            "publish_quota_window_hours": Sourced(24, "[3P] Ayrshare: per day"),
        },
        ads={
            **SPEND_STEP,
            "min_daily_budget": Sourced(
                MIN_DAILY_BUDGET,
                "[3P] smprotips.com, marketingmonologue.com (2024–25): $10/day per campaign (UK £8/day; £24/day with "
                "campaign-group budget optimisation); LinkedIn's own help lists no amount (nf [O]); override "
                "channels[].ads.min_daily_budget",
                2025,
            ),
            "max_daily_change": Sourced(None, "not published (nf); no limit by default"),
            "learning_phase_events": Sourced(None, "not published (nf)"),
            "daily_overdelivery": Sourced(None, "not published (nf); not modelled"),
            "cpm": Sourced(CPM, "[3P] shno.co 2026 compilation: CPM $31–38 (midpoint), CTR 0.52 %, CPC $3.94", 2026),
            "boost_min_budget": Sourced(
                MIN_DAILY_BUDGET,
                "minimum for boosting a post not in the sources (nf); the campaign minimum is used; override "
                "channels[].ads.boost_levels",
            ),
        },
        audience={
            "activity": Sourced(
                weekly_activity(PEAKS, day_factors={SAT: 0.7, SUN: 0.7}),
                "[3P] Sprout Social 2023 via odwyerpr.com; [3P] HubSpot survey c. 2022 via LinkedIn Marketing blog. "
                "LinkedIn's API offers no hour-of-day activity (nf)",
                2023,
                shown="peaks Tue and Wed 10–12 (Sprout); smaller bumps Wed, Sat, Sun 12–21 (HubSpot survey); "
                "Saturday and Sunday ×0.7",
            ),
            "organic_reach_rate": Sourced(0.05, "assumption (nf); override channels[].audience.organic_reach_rate"),
            "rates.*.engagement_rate": Sourced(
                0.065,
                "[3P] Buffer 2025: 6.5 % per impression (Socialinsider 2025: 3.85 %); the same for every format",
                2025,
            ),
            "rates.*.click_rate": Sourced(
                0.005, "assumption (nf): organic link clicks per impression; override channels[].audience.rates"
            ),
            **common_audience(),
        },
        default_curve=benchmark_curve(
            CPM,
            0.0052,
            "CPM and CTR [3P] shno.co 2026; conversion rate and order value are assumptions. The benchmark "
            "ROAS is well below 1 for a consumer shop: LinkedIn's audience is professional and its clicks "
            "cost ~$4; with a B2B order value, set your own curve",
            half_saturation=100.0,
            shape=1.3,
            year=2026,
        ),
    )
