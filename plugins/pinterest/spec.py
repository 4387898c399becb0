"""Pinterest's defaults: formats and limits, posting rules, ad rules, default audience and curve.

Each default is declared once with its source (see docs/platforms.md, section Pinterest).
"""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import PlatformSpec
from mixplan.plugin_kit import Sourced, declare_platform
from mixplan.plugins._shared.activity import EVERY_DAY, FRI, Peak, weekly_activity
from mixplan.plugins._shared.curves import benchmark_curve
from mixplan.plugins._shared.formats import TextLimits, media_post, video_post
from mixplan.plugins._shared.sources import (
    ASSUMED_SOCIAL_CPM,
    ASSUMED_SOCIAL_CPM_SOURCE,
    ASSUMED_SOCIAL_CTR,
    SPEND_STEP,
    common_audience,
)

PLATFORM_ID = "pinterest"
TEXT = TextLimits(title_max_chars=100, caption_max_chars=500)
"""Every pin: a 100-character title and a 500-character description."""
MIN_DAILY_BUDGET = Decimal("5.00")
CAROUSEL_RATIOS: dict[str, float] = {"1:1": 1.0, "2:3": 2 / 3}
"""Aspect ratios a carousel's images may have (all images of one carousel share one size)."""
RATIO_TOLERANCE = 0.02
"""Relative tolerance when matching an aspect ratio (1000×1500 and 1080×1620 are both 2:3)."""
PEAKS = (Peak(EVERY_DAY, 13, 18, boost=0.2), Peak((FRI,), 15, 16, boost=0.4))


def platform_spec() -> PlatformSpec:
    """A fresh Pinterest spec (a new object per call)."""
    return declare_platform(
        id=PLATFORM_ID,
        name="Pinterest",
        formats=(
            Sourced(
                media_post("pin", "Image pin", TEXT, media=(1, 1), max_file_mb=20),
                "[3P] Ayrshare Pinterest docs",
                shown="title 100, description 500 characters, one image <= 20 MB (2:3 recommended)",
            ),
            Sourced(
                video_post("video", "Video pin", TEXT, seconds=(4, 900), aspect=(0.5, 1.91)),
                "[3P] Ayrshare Pinterest docs",
                shown="title 100, description 500, 4 s–15 min, aspect 1:2 to 1.91:1",
            ),
            Sourced(
                media_post("carousel", "Carousel pin", TEXT, media=(2, 5), max_file_mb=20),
                "[3P] Ayrshare Pinterest docs",
                shown="2–5 images of identical size, title 100, description 500",
            ),
        ),
        notes={
            "content check": Sourced(
                "carousel: images only, aspect 1:1 or 2:3",
                "[3P] Tailwind help 'carousel Pins' (images only, one aspect ratio for all slides); [3P] wptasty.com "
                "and cadslist.com (carousel 1:1 or 2:3)",
                2023,
            )
        },
        posting={
            "max_posts_per_day": Sourced(
                5,
                "conservative brand-side default; no per-account pin cap found (nf); "
                "override channels[].posting.max_posts_per_day",
            ),
            "max_posts_per_week": Sourced(
                25, "conservative brand-side default (nf); override channels[].posting.max_posts_per_week"
            ),
            "min_gap_minutes": Sourced(
                60, "no official spacing (nf); 1 hour; override channels[].posting.min_gap_minutes"
            ),
            "publish_quota": Sourced(
                None,
                "the pins_write rate is not in the sources (nf); [O] Trial access allows 1,000 requests a day and its "
                "pins are visible only to their creator; no quota by default, set channels[].posting.publish_quota",
            ),
        },
        ads={
            **SPEND_STEP,
            "min_daily_budget": Sourced(
                MIN_DAILY_BUDGET,
                "official figure not found (nf); [3P] docs.rs `late` crate (Zernio SDK) says $5; override "
                "channels[].ads.min_daily_budget",
            ),
            "max_daily_change": Sourced(None, "not published (nf); no limit by default"),
            "learning_phase_events": Sourced(None, "not published (nf)"),
            "daily_overdelivery": Sourced(None, "not published (nf); not modelled"),
            "cpm": Sourced(ASSUMED_SOCIAL_CPM, ASSUMED_SOCIAL_CPM_SOURCE),
            "boost_min_budget": Sourced(
                MIN_DAILY_BUDGET, "nf; the assumed daily minimum; override channels[].ads.boost_levels"
            ),
        },
        audience={
            "activity": Sourced(
                weekly_activity(PEAKS),
                "[3P] Digitas/Curalate 2013 (fashion/retail, Friday 3 pm ET); [3P] Sprout Social 2023 ('afternoons'). "
                "No recent large study and no hour-of-day API (nf): use your own data in channels[].audience.activity",
                2013,
                shown="afternoons 13–18 every day (Sprout), peak Fri 15 (Digitas/Curalate); weak evidence",
            ),
            "organic_reach_rate": Sourced(0.05, "assumption (nf); override channels[].audience.organic_reach_rate"),
            "rates.*.engagement_rate": Sourced(
                0.01,
                "assumption (nf: no Pinterest engagement benchmark in the sources); override channels[].audience.rates",
            ),
            "rates.*.click_rate": Sourced(
                0.01,
                "assumption (nf): pins link out, so outbound clicks are higher than on feeds without links; "
                "override channels[].audience.rates",
            ),
            **common_audience(),
        },
        default_curve=benchmark_curve(
            ASSUMED_SOCIAL_CPM,
            ASSUMED_SOCIAL_CTR,
            "Pinterest ads benchmarks not found (nf): CPM and CTR are the cross-platform assumptions; "
            "conversion rate and order value are assumptions",
            half_saturation=60.0,
            shape=1.4,
            year=None,
        ),
    )
