"""What mixplan needs to know about Bluesky: every default declared once, with its source."""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import FormatSpec, PlatformSpec
from mixplan.plugin_kit import Sourced, declare_platform

PLATFORM_ID = "bluesky"
TEXT_MAX_GRAPHEMES = 300
TEXT_MAX_BYTES = 3_000

# Creating a record costs 3 of the 5,000 points an account may spend per hour: 1,666 posts an hour.
WRITES_PER_HOUR = 5_000 // 3

# A daily rhythm (local hours 0..23) with a midday and an evening peak; weekends a little lower.
RHYTHM = (
    0.15, 0.1, 0.08, 0.06, 0.06, 0.1, 0.25, 0.45, 0.7, 0.85, 0.9, 1.0,
    1.2, 1.1, 0.9, 0.9, 0.9, 1.0, 1.1, 1.2, 1.1, 0.8, 0.5, 0.3,
)  # fmt: skip
DAY_SCALE = (1.0, 1.0, 1.0, 1.0, 0.95, 0.8, 0.8)
LEXICON = "[O] atproto lexicon"
RATE_LIMITS = "[O] docs.bsky.app rate limits"


def platform_spec() -> PlatformSpec:
    """A fresh Bluesky spec; called once per plugin host, so engines never share mutable state."""
    # caption_max_chars stays unset: mixplan's generic check counts code points, but Bluesky counts
    # graphemes (an emoji flag is 2 code points, 1 grapheme); the plugin's content check does that.
    return declare_platform(
        id=PLATFORM_ID,
        name="Bluesky",
        formats=[
            Sourced(
                FormatSpec(id="text", name="Text post", media_max=0),
                f"{LEXICON} app.bsky.feed.post (text: maxGraphemes 300, maxLength 3000)",
                2024,
                shown="300 graphemes and 3,000 UTF-8 bytes",
            ),
            Sourced(
                FormatSpec(id="image", name="Post with images", media_min=1, media_max=4, max_file_mb=1.0),
                f"{LEXICON} app.bsky.embed.images (maxLength 4, blob maxSize 1000000)",
                2024,
                shown="up to 4 images of at most 1,000,000 bytes",
            ),
        ],
        posting={
            "max_posts_per_day": Sourced(4, "assumption: a conservative brand-side rhythm"),
            "max_posts_per_week": Sourced(20, "assumption; override channels[].posting"),
            "min_gap_minutes": Sourced(90, "assumption; override channels[].posting"),
            "publish_quota": Sourced(
                WRITES_PER_HOUR, f"{RATE_LIMITS}: 5,000 points/hour per account, a create costs 3 points", 2024
            ),
            "publish_quota_window_hours": Sourced(1, RATE_LIMITS, 2024),
        },
        ads={"supports_ads": Sourced(False, "Bluesky sells no ads")},
        audience={
            "size": Sourced(1_000, "assumption: a small shop's account; override channels[].audience.size"),
            "activity": Sourced(
                [[round(value * scale, 3) for value in RHYTHM] for scale in DAY_SCALE],
                "assumption (no best-time study found); override channels[].audience.activity",
                shown="midday and evening peaks, weekends ×0.8",
            ),
            "organic_reach_rate": Sourced(0.1, "assumption; override channels[].audience"),
            "rates.*.engagement_rate": Sourced(0.02, "assumption (no benchmark found)"),
            "rates.*.click_rate": Sourced(0.005, "assumption (no benchmark found)"),
            "rates.*.conversion_rate": Sourced(0.02, "assumption: orders per click, as for the built-ins"),
            "average_order_value": Sourced(Decimal("60.00"), "placeholder; override it per channel"),
        },
    )
