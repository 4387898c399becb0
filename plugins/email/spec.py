"""E-mail newsletters' defaults: the newsletter format, sending rules, default list and engagement.

Every value is paired with its source in ``sources`` (see docs/platforms.md, section E-mail).
E-mail is organic only: there is no paid spend to plan.
"""

from __future__ import annotations

from mixplan.model import AdRules, AudienceProfile, FormatRates, FormatSpec, PlatformSpec, PostingRules, SourcedFact
from mixplan.plugins._shared.activity import EVERY_DAY, FRI, TUE, Peak, weekly_activity
from mixplan.plugins._shared.sources import ASSUMED_AOV, AVERAGE_ORDER_VALUE, sourced

PLATFORM_ID = "email"
LIST_SIZE = 8_000
GMAIL_CLIP_BYTES = 102_000
OPEN_RATE = 0.155
CAMPAIGN_CLICKS_PER_RECIPIENT = 0.0169
CAMPAIGN_ORDERS_PER_RECIPIENT = 0.0016
CLICKS_PER_OPEN = round(CAMPAIGN_CLICKS_PER_RECIPIENT / OPEN_RATE, 3)
ORDERS_PER_CLICK = round(CAMPAIGN_ORDERS_PER_RECIPIENT / CAMPAIGN_CLICKS_PER_RECIPIENT, 3)

PEAKS = (
    Peak(EVERY_DAY, 9, 11, boost=0.5),
    Peak(EVERY_DAY, 7, 8, boost=0.4),
    Peak(EVERY_DAY, 16, 17, boost=0.4),
    Peak(EVERY_DAY, 14, 15, boost=0.3),
    Peak(EVERY_DAY, 17, 18, boost=0.3),
    Peak(EVERY_DAY, 20, 21, boost=0.3),
    Peak((FRI,), 7, 8, boost=0.7),
)
DAY_FACTORS = {TUE: 1.1}


def formats() -> list[FormatSpec]:
    """The newsletter; its one hard limit (Gmail's clipping size) is checked in bytes by the plugin."""
    return [FormatSpec(id="newsletter", name="Newsletter")]


def sources() -> list[SourcedFact]:
    """Where each e-mail default comes from."""
    return [
        sourced(
            "formats.newsletter",
            "no generic limit; the body is checked against Gmail's clipping size",
            "see the content check",
        ),
        sourced(
            "content check",
            "body (caption) <= 102,000 UTF-8 bytes, else Gmail clips the message",
            "[3P] Leanplum, Metorik, SpamResource: Gmail clips messages whose HTML exceeds ~102 KB (images not "
            "counted); give the HTML as the caption to have it checked",
            2022,
        ),
        sourced(
            "posting.max_posts_per_day",
            1,
            "conservative brand-side default (nf); override channels[].posting.max_posts_per_day",
        ),
        sourced(
            "posting.max_posts_per_week",
            3,
            "conservative brand-side default: more sends raise the spam-complaint rate, which bulk senders "
            "must keep below 0.3 % ([3P] Gmail/Yahoo bulk-sender rules, enforced since Feb 2024); override "
            "channels[].posting.max_posts_per_week",
            2024,
        ),
        sourced(
            "posting.min_gap_minutes",
            1_440,
            "assumption (nf): a day between two newsletters; override channels[].posting.min_gap_minutes",
        ),
        sourced(
            "posting.publish_quota",
            None,
            "none: sending limits belong to the e-mail service provider (nf); bulk-sender rules apply from "
            "5,000 messages a day to Gmail",
            2024,
        ),
        sourced("ads.supports_ads", "false", "e-mail has no paid spend or learning phase (not applicable)"),
        sourced(
            "audience.size",
            LIST_SIZE,
            "assumption: a small shop's list; set channels[].audience.size to your subscriber count",
        ),
        sourced(
            "audience.activity",
            "opens 9–11, clicks 7–8 and 16 every day (Omnisend 2026), 14, 17 and 20 (Omnisend 2024); "
            "Friday 7 am peak (best conversion); Tuesday ×1.1 (best open rate)",
            "[3P] Omnisend 2026 (~26B e-mails) via agilebrandguide.com and mailneo.co; [3P] Omnisend 2024",
            2026,
        ),
        sourced(
            "audience.organic_reach_rate",
            OPEN_RATE,
            "open rate ~15.5 % ([3P] Klaviyo 2026 e-commerce benchmarks via trypropel.ai); MailerLite's 32.7 % "
            "is inflated by Apple Mail Privacy Protection, so the lower figure is used",
            2026,
        ),
        sourced(
            "audience.rates.*.engagement_rate",
            CLICKS_PER_OPEN,
            "clicks are an e-mail's engagement: campaign click rate 1.69 % per recipient ÷ 15.5 % opens "
            "([3P] Klaviyo 2026)",
            2026,
        ),
        sourced(
            "audience.rates.*.click_rate",
            CLICKS_PER_OPEN,
            "campaign click rate 1.69 % per recipient ÷ 15.5 % opens = clicks per open ([3P] Klaviyo 2026)",
            2026,
        ),
        sourced(
            "audience.rates.*.conversion_rate",
            ORDERS_PER_CLICK,
            "campaign placed-order rate 0.16 % ÷ click rate 1.69 % = orders per click ([3P] Klaviyo 2026)",
            2026,
        ),
        sourced("audience.average_order_value", AVERAGE_ORDER_VALUE, ASSUMED_AOV),
    ]


def platform_spec() -> PlatformSpec:
    """A fresh e-mail spec (a new object per call)."""
    return PlatformSpec(
        id=PLATFORM_ID,
        name="E-mail newsletter",
        formats=formats(),
        posting=PostingRules(max_posts_per_day=1, max_posts_per_week=3, min_gap_minutes=1_440),
        ads=AdRules(supports_ads=False, supports_boost=False),
        audience=AudienceProfile(
            size=LIST_SIZE,
            activity=weekly_activity(PEAKS, day_factors=DAY_FACTORS),
            organic_reach_rate=OPEN_RATE,
            rates={
                "newsletter": FormatRates(
                    engagement_rate=CLICKS_PER_OPEN, click_rate=CLICKS_PER_OPEN, conversion_rate=ORDERS_PER_CLICK
                )
            },
            average_order_value=AVERAGE_ORDER_VALUE,
        ),
        default_curve=None,
        sources=sources(),
    )
