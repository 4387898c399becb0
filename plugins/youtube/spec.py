"""YouTube's defaults: formats and limits, upload rules, Google Ads rules, default audience and curve.

Each default is declared once with its source (see docs/platforms.md, section YouTube).
"""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import PlatformSpec
from mixplan.plugin_kit import Sourced, declare_platform
from mixplan.plugins._shared.activity import FRI, SAT, SUN, Peak, weekly_activity
from mixplan.plugins._shared.curves import benchmark_curve
from mixplan.plugins._shared.formats import TextLimits, video_post
from mixplan.plugins._shared.google import GOOGLE_ADS
from mixplan.plugins._shared.sources import common_audience

PLATFORM_ID = "youtube"
DESCRIPTION_MAX_BYTES = 5_000
TEXT = TextLimits(title_max_chars=100, caption_max_chars=DESCRIPTION_MAX_BYTES)
"""Videos and Shorts: a 100-character title and a description of 5,000 (bytes, as the content check counts)."""
CPM = Decimal("10.00")
PEAKS = (Peak((FRI,), 15, 17), Peak((FRI, SAT, SUN), 12, 21, boost=0.25))


def platform_spec() -> PlatformSpec:
    """A fresh YouTube spec (a new object per call)."""
    return declare_platform(
        id=PLATFORM_ID,
        name="YouTube",
        formats=(
            Sourced(
                video_post("video", "Video", TEXT, seconds=(None, 900), max_file_mb=256 * 1024),
                "[3P] docs.zernio.com, docs.getlate.dev: 15 min for unverified channels, 12 h for verified ones. "
                "15 min is the conservative default: format limits cannot be overridden per channel yet, so a "
                "verified channel with longer videos needs its own plugin or a later override",
                shown="title 100 characters, description 5,000 bytes, <= 15 min, <= 256 GB",
            ),
            Sourced(
                video_post("short", "Short", TEXT, seconds=(None, 180), aspect=(None, 1.0)),
                "[3P] docs.zernio.com; apify input schemas",
                shown="<= 3 min, square or vertical (aspect <= 1)",
            ),
        ),
        notes={
            "content check": Sourced(
                "title and description without '<' or '>'; description <= 5,000 UTF-8 bytes",
                "[O] YouTube Data API videos resource: title 'maximum length of 100 characters', description "
                "'maximum length of 5000 bytes', both 'may contain all valid UTF-8 characters except < and >'",
            )
        },
        posting={
            "max_posts_per_day": Sourced(
                1, "conservative brand-side default (nf); override channels[].posting.max_posts_per_day"
            ),
            "max_posts_per_week": Sourced(
                4, "conservative brand-side default (nf); override channels[].posting.max_posts_per_week"
            ),
            "min_gap_minutes": Sourced(
                240, "no official spacing (nf); 4 hours; override channels[].posting.min_gap_minutes"
            ),
            "publish_quota": Sourced(
                6,
                "[O] an earlier quota doc priced videos.insert at 1,600 units, i.e. 6 uploads a day on the default "
                "10,000 units. The current doc gives uploads their own bucket of 100 calls/day; 6 is kept because "
                "projects on the older pricing still exist and uploads from unaudited projects stay private anyway; "
                "override channels[].posting.publish_quota",
            ),
            "publish_quota_window_hours": Sourced(
                24, "[O] YouTube Data API quota resets daily at midnight Pacific time (modelled as a rolling 24 h)"
            ),
        },
        ads={**GOOGLE_ADS, "cpm": Sourced(CPM, "[3P] Prooflytics 2026: in-stream CPM $5–15; the midpoint", 2026)},
        audience={
            "activity": Sourced(
                weekly_activity(PEAKS, day_factors={FRI: 1.1, SAT: 1.1, SUN: 1.1}),
                "[3P] Buffer (1M+ videos, 2024); [3P] HubSpot survey 2022. The Analytics API offers no hour-of-day "
                "dimension (nf)",
                2024,
                shown="peak Fri 15–17 (Buffer); Fri–Sun 12–21 (HubSpot); Friday to Sunday ×1.1",
            ),
            "organic_reach_rate": Sourced(0.1, "assumption (nf); override channels[].audience.organic_reach_rate"),
            "rates.*.engagement_rate": Sourced(
                0.0441, "[3P] Buffer 2025: 4.41 % per impression; the same for both formats", 2025
            ),
            "rates.*.click_rate": Sourced(
                0.003, "assumption (nf): description-link clicks per view; override channels[].audience.rates"
            ),
            **common_audience(),
        },
        default_curve=benchmark_curve(
            CPM,
            0.005,
            "CPM midpoint [3P] Prooflytics 2026; CTR 0.5 % is an assumption (nf: no video-ad CTR in the "
            "sources); conversion rate and order value are assumptions. Bought through Google Ads",
            half_saturation=100.0,
            shape=1.8,
            year=2026,
        ),
    )
