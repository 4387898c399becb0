"""Instagram's defaults: formats and limits, posting rules, Meta's ad rules, the default audience and curve.

Each default is declared once with its source (see docs/platforms.md, section Instagram).
"""

from __future__ import annotations

from mixplan.model import PlatformSpec
from mixplan.plugin_kit import Sourced, declare_platform
from mixplan.plugins._shared.activity import FRI, MON, SAT, SUN, THU, TUE, WED, Peak, weekly_activity
from mixplan.plugins._shared.formats import TextLimits, media_post, video_post
from mixplan.plugins._shared.meta import META_ADS, META_CURVE
from mixplan.plugins._shared.sources import common_audience

PLATFORM_ID = "instagram"
HASHTAGS_MAX = 30
MENTIONS_MAX = 20
CAPTION = TextLimits(caption_max_chars=2_200, hashtags_max=HASHTAGS_MAX)
"""Every format's caption: 2,200 characters and at most 30 hashtags."""
FEED_ASPECT = (0.8, 1.91)
"""Feed images and carousels: 4:5 portrait to 1.91:1 landscape."""
SPROUT_PEAKS = (Peak((MON,), 10, 12), Peak((TUE,), 9, 13), Peak((WED,), 10, 13), Peak((FRI,), 9, 11))
BUFFER_PEAKS = (Peak((THU,), 9, 10, boost=0.5), Peak((WED,), 12, 13, boost=0.7), Peak((WED,), 18, 19, boost=0.5))


def platform_spec() -> PlatformSpec:
    """A fresh Instagram spec (a new object per call, so one engine's changes never reach another)."""
    return declare_platform(
        id=PLATFORM_ID,
        name="Instagram",
        formats=(
            Sourced(
                media_post("image", "Feed image", CAPTION, media=(1, 1), max_file_mb=8, aspect=FEED_ASPECT),
                "[3P] Ayrshare Instagram docs and media guidelines; docs.getlate.dev; [O] Instagram ads media "
                "requirements (2,200-character captions)",
                shown="caption 2,200 characters, <= 30 hashtags, one image <= 8 MB, aspect 4:5 to 1.91:1",
            ),
            Sourced(
                media_post("carousel", "Carousel", CAPTION, media=(2, 10), aspect=FEED_ASPECT),
                "[3P] Ayrshare; npm instagram-publisher config (MIN 2 / MAX 10)",
                shown="2–10 items, caption 2,200 characters, <= 30 hashtags, aspect 4:5 to 1.91:1",
            ),
            Sourced(
                video_post("reel", "Reel", CAPTION, seconds=(3, 900), max_file_mb=1_000),
                "[3P] Ayrshare media guidelines; [O] content-publishing guide: single feed videos publish as reels "
                "since 2023-07-01",
                2023,
                shown="video 3 s–15 min, <= 1 GB, caption 2,200 characters, <= 30 hashtags",
            ),
        ),
        notes={
            "content check": Sourced(
                "<= 30 hashtags and <= 20 @mentions counted in the caption text",
                "[O] IG User Media reference: 'Maximum 2200 characters, 30 hashtags, and 20 @ tags'",
                2025,
            )
        },
        posting={
            "max_posts_per_day": Sourced(
                2,
                "conservative brand-side default; Instagram publishes no organic cap below the API quota (nf); "
                "override channels[].posting.max_posts_per_day",
            ),
            "max_posts_per_week": Sourced(
                10, "conservative brand-side default (nf); override channels[].posting.max_posts_per_week"
            ),
            "min_gap_minutes": Sourced(
                180,
                "no official minimum spacing (nf); 3 hours keeps two posts from competing for the same feed "
                "session; override channels[].posting.min_gap_minutes",
            ),
            "publish_quota": Sourced(
                50,
                "[O] content_publishing_limit reference, v24.0 example config: quota_total 50 per 86,400 s. "
                "Copies disagree: older ones say 25, [3P] repostit.io quotes the v24.0 guide as 100, [3P] Ayrshare "
                "says 50. The live value comes from the API when live limits are fetched; override "
                "channels[].posting.publish_quota",
                2024,
            ),
            "publish_quota_window_hours": Sourced(24, "[O] content_publishing_limit: quota_duration 86400", 2024),
        },
        ads={**META_ADS},
        audience={
            "activity": Sourced(
                weekly_activity(SPROUT_PEAKS + BUFFER_PEAKS, day_factors={SAT: 0.8, SUN: 0.6}),
                "[3P] Sprout Social 2023 (34k customers, local time; Sunday worst) via socialmediatoday.com "
                "2023-05-10; [3P] Buffer 2026 (9.6M posts) via posttempo.com. Replace with your own data: "
                "channels[].audience.activity or a live audience sync",
                2023,
                shown="peaks Mon 10–12, Tue 9–13, Wed 10–13, Fri 9–11 (Sprout) and Thu 9, Wed 12, Wed 18 (Buffer); "
                "Saturday ×0.8, Sunday ×0.6",
            ),
            "organic_reach_rate": Sourced(
                0.08,
                "assumption (nf): conservative share of followers reached at an hour of average activity; "
                "override channels[].audience.organic_reach_rate",
            ),
            "rates.*.engagement_rate": Sourced(
                0.0116,
                "[3P] Buffer 2025: 1.16 % per impression (Socialinsider 2026: 0.48 % and Rival IQ 2023: 0.47 %, "
                "both per follower); the same for every format, the sources give no split",
                2025,
            ),
            "rates.*.click_rate": Sourced(
                0.002,
                "assumption (nf): captions carry no clickable links, so clicks come from the bio link and stickers; "
                "override channels[].audience.rates",
            ),
            **common_audience(),
        },
        default_curve=META_CURVE,
        api_hosts=["graph.facebook.com"],
    )
