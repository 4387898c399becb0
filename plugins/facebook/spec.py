"""Facebook Pages' defaults: formats and limits, posting rules, Meta's ad rules, default audience and curve.

Each default is declared once with its source (see docs/platforms.md, section Facebook).
"""

from __future__ import annotations

from mixplan.model import PlatformSpec
from mixplan.plugin_kit import Sourced, declare_platform
from mixplan.plugins._shared.activity import MON, SAT, SUN, THU, TUE, WED, Peak, weekly_activity
from mixplan.plugins._shared.formats import TextLimits, media_post, text_post, video_post
from mixplan.plugins._shared.meta import META_ADS, META_CURVE
from mixplan.plugins._shared.sources import common_audience

PLATFORM_ID = "facebook"
TEXT = TextLimits(caption_max_chars=63_206)
VERTICAL = (0.55, 0.57)
"""9:16 video (0.5625), with room for rounding."""
PEAKS = (Peak((MON,), 8, 13), Peak((TUE,), 8, 14), Peak((WED,), 8, 13), Peak((THU,), 8, 12))


def platform_spec() -> PlatformSpec:
    """A fresh Facebook spec (a new object per call)."""
    return declare_platform(
        id=PLATFORM_ID,
        name="Facebook",
        formats=(
            Sourced(
                text_post("text", "Text or link post", TEXT),
                "[3P] ayrshare.com/facebook-api; Postiz docs",
                shown="63,206 characters",
            ),
            Sourced(
                media_post("image", "Image post", TEXT),
                "[3P] ayrshare.com/facebook-api",
                shown="63,206-character text with one or more images (image limits nf)",
            ),
            Sourced(
                video_post("reel", "Reel", TEXT, seconds=(3, 90), aspect=VERTICAL),
                "[O] Facebook Reels publishing guide (updated 2026-07-30): 3–90 s, 9:16, 1080×1920 recommended, "
                "at least 540×960, 24–60 fps",
                2026,
                shown="video 3–90 s, 9:16 (aspect 0.55–0.57 allows rounding)",
            ),
            Sourced(
                video_post("story", "Story (reel shared as a story)", seconds=(3, 60), aspect=VERTICAL),
                "[O] Facebook Reels publishing guide: a reel posted as a story is at most 60 s",
                2026,
                shown="video 3–60 s, 9:16",
            ),
        ),
        posting={
            "max_posts_per_day": Sourced(
                2,
                "conservative brand-side default; no per-Page feed-post cap found (nf); "
                "override channels[].posting.max_posts_per_day",
            ),
            "max_posts_per_week": Sourced(
                10, "conservative brand-side default (nf); override channels[].posting.max_posts_per_week"
            ),
            "min_gap_minutes": Sourced(
                180, "no official minimum spacing (nf); 3 hours; override channels[].posting.min_gap_minutes"
            ),
            "publish_quota": Sourced(
                30,
                "[O] Reels publishing guide: 30 API-published reels per rolling 24 h per Page, enforced on "
                "POST /{page_id}/video_reels. No feed-post cap was found (nf), so the reel cap is applied to every "
                "post (conservative); override channels[].posting.publish_quota",
                2026,
            ),
            "publish_quota_window_hours": Sourced(24, "[O] Reels publishing guide: rolling 24 h", 2026),
        },
        ads={**META_ADS},
        audience={
            "activity": Sourced(
                weekly_activity(PEAKS, day_factors={SAT: 0.8, SUN: 0.6}),
                "[3P] Sprout Social 2023 (local time; Sunday worst) via socialmediatoday.com. page_fans_online is "
                "treated as unavailable (retired 'page fans' family); use channels[].audience.activity",
                2023,
                shown="peaks Mon 8–13, Tue 8–14, Wed 8–13, Thu 8–12; Saturday ×0.8, Sunday ×0.6",
            ),
            "organic_reach_rate": Sourced(
                0.03,
                "assumption (nf): Page posts reach a small share of followers; "
                "override channels[].audience.organic_reach_rate",
            ),
            "rates.*.engagement_rate": Sourced(
                0.0507,
                "[3P] Buffer 2025: 5.07 % per impression (Socialinsider 2026: 0.15 %, Rival IQ 2023: 0.06 %, both "
                "per follower); the same for every format",
                2025,
            ),
            "rates.*.click_rate": Sourced(
                0.005, "assumption (nf): organic link clicks per impression; override channels[].audience.rates"
            ),
            **common_audience(),
        },
        default_curve=META_CURVE,
        api_hosts=["graph.facebook.com"],
    )
