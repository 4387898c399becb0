"""What mixplan needs to know about Bluesky, with the source of every default."""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import (
    AdRules,
    AudienceProfile,
    FormatRates,
    FormatSpec,
    PlatformSpec,
    PostingRules,
    SourcedFact,
)

PLATFORM_ID = "bluesky"
TEXT_MAX_GRAPHEMES = 300
TEXT_MAX_BYTES = 3_000
IMAGES_MAX = 4
IMAGE_MAX_MB = 1.0  # 1,000,000 bytes

# Creating a record costs 3 of the 5,000 points an account may spend per hour: 1,666 posts an hour.
WRITES_PER_HOUR = 5_000 // 3

# A daily rhythm (local hours 0..23) with a midday and an evening peak; weekends a little lower.
# No published best-time study for Bluesky was found, so this is an assumption to override.
RHYTHM = (
    0.15, 0.1, 0.08, 0.06, 0.06, 0.1, 0.25, 0.45, 0.7, 0.85, 0.9, 1.0,
    1.2, 1.1, 0.9, 0.9, 0.9, 1.0, 1.1, 1.2, 1.1, 0.8, 0.5, 0.3,
)  # fmt: skip
DAY_SCALE = (1.0, 1.0, 1.0, 1.0, 0.95, 0.8, 0.8)


def platform_spec() -> PlatformSpec:
    """A fresh Bluesky spec; called once per plugin host, so engines never share mutable state."""
    # caption_max_chars stays unset: mixplan's generic check counts code points, but Bluesky counts
    # graphemes (an emoji flag is 2 code points, 1 grapheme); the plugin's content check does that.
    formats = [
        FormatSpec(id="text", name="Text post", media_max=0),
        FormatSpec(
            id="image",
            name="Post with images",
            media_min=1,
            media_max=IMAGES_MAX,
            max_file_mb=IMAGE_MAX_MB,
        ),
    ]
    rates = FormatRates(engagement_rate=0.02, click_rate=0.005, conversion_rate=0.02)
    return PlatformSpec(
        id=PLATFORM_ID,
        name="Bluesky",
        formats=formats,
        posting=PostingRules(
            max_posts_per_day=4,
            max_posts_per_week=20,
            min_gap_minutes=90,
            publish_quota=WRITES_PER_HOUR,
            publish_quota_window_hours=1,
        ),
        ads=AdRules(supports_ads=False, supports_boost=False),
        audience=AudienceProfile(
            size=1_000,
            activity=[[round(value * scale, 3) for value in RHYTHM] for scale in DAY_SCALE],
            organic_reach_rate=0.1,
            rates={fmt.id: rates.model_copy() for fmt in formats},
            average_order_value=Decimal("60.00"),
        ),
        default_curve=None,
        sources=[
            SourcedFact(
                fact="formats.text = 300 graphemes and 3,000 UTF-8 bytes",
                source="[O] atproto lexicon app.bsky.feed.post (text: maxGraphemes 300, maxLength 3000)",
                year=2024,
            ),
            SourcedFact(
                fact="formats.image = up to 4 images of at most 1,000,000 bytes",
                source="[O] atproto lexicon app.bsky.embed.images (maxLength 4, blob maxSize 1000000)",
                year=2024,
            ),
            SourcedFact(
                fact=f"posting.publish_quota = {WRITES_PER_HOUR}",
                source="[O] docs.bsky.app rate limits: 5,000 points/hour and 35,000/day per account, a create "
                "costs 3 points, i.e. 1,666 records an hour",
                year=2024,
            ),
            SourcedFact(fact="posting.publish_quota_window_hours = 1", source="[O] docs.bsky.app rate limits"),
            SourcedFact(
                fact="posting.max_posts_per_day = 4",
                source="assumption: a conservative brand-side rhythm; override channels[].posting",
            ),
            SourcedFact(fact="posting.max_posts_per_week = 20", source="assumption; override channels[].posting"),
            SourcedFact(fact="posting.min_gap_minutes = 90", source="assumption; override channels[].posting"),
            SourcedFact(fact="ads.supports_ads = false", source="Bluesky sells no ads"),
            SourcedFact(
                fact="audience.activity = midday and evening peaks, weekends ×0.8",
                source="assumption (no best-time study found); override channels[].audience.activity",
            ),
            SourcedFact(
                fact="audience.size = 1000",
                source="assumption: a small shop's account; override channels[].audience.size",
            ),
            SourcedFact(fact="audience.organic_reach_rate = 0.1", source="assumption; override channels[].audience"),
            SourcedFact(
                fact="audience.rates = engagement 2 %, clicks 0.5 %, orders 2 % of clicks",
                source="assumption (no benchmark found); override channels[].audience.rates",
            ),
            SourcedFact(
                fact="audience.average_order_value = 60.00",
                source="placeholder; override channels[].audience.average_order_value",
            ),
        ],
    )
