"""E-mail newsletters' defaults: the newsletter format, sending rules, default list and engagement.

Each default is declared once with its source (see docs/platforms.md, section E-mail).
E-mail is organic only: there is no paid spend to plan.
"""

from __future__ import annotations

from mixplan.model import FormatSpec, PlatformSpec
from mixplan.plugin_kit import Sourced, declare_platform
from mixplan.plugins._shared.activity import EVERY_DAY, FRI, TUE, Peak, weekly_activity
from mixplan.plugins._shared.sources import ASSUMED_AOV, AVERAGE_ORDER_VALUE

PLATFORM_ID = "email"
GMAIL_CLIP_BYTES = 102_000
OPEN_RATE = 0.155
CAMPAIGN_CLICKS_PER_RECIPIENT = 0.0169
CLICKS_PER_OPEN = round(CAMPAIGN_CLICKS_PER_RECIPIENT / OPEN_RATE, 3)
OMNISEND_2026_PEAKS = (
    Peak(EVERY_DAY, 9, 11, boost=0.5),
    Peak(EVERY_DAY, 7, 8, boost=0.4),
    Peak(EVERY_DAY, 16, 17, boost=0.4),
)
"""Opens peak 9–11, clicks 7–8 and 16–17, every day."""
OMNISEND_2024_PEAKS = tuple(Peak(EVERY_DAY, hour, hour + 1, boost=0.3) for hour in (14, 17, 20))
BEST_CONVERSION_PEAK = Peak((FRI,), 7, 8, boost=0.7)


def platform_spec() -> PlatformSpec:
    """A fresh e-mail spec (a new object per call)."""
    return declare_platform(
        id=PLATFORM_ID,
        name="E-mail newsletter",
        formats=(
            Sourced(
                FormatSpec(id="newsletter", name="Newsletter"),
                "see the content check",
                shown="no generic limit; the body is checked against Gmail's clipping size",
            ),
        ),
        notes={
            "content check": Sourced(
                "body (caption) <= 102,000 UTF-8 bytes, else Gmail clips the message",
                "[3P] Leanplum, Metorik, SpamResource: Gmail clips messages whose HTML exceeds ~102 KB (images not "
                "counted); give the HTML as the caption to have it checked",
                2022,
            )
        },
        posting={
            "max_posts_per_day": Sourced(
                1, "conservative brand-side default (nf); override channels[].posting.max_posts_per_day"
            ),
            "max_posts_per_week": Sourced(
                3,
                "conservative brand-side default: more sends raise the spam-complaint rate, which bulk senders "
                "must keep below 0.3 % ([3P] Gmail/Yahoo bulk-sender rules, enforced since Feb 2024); override "
                "channels[].posting.max_posts_per_week",
                2024,
            ),
            "min_gap_minutes": Sourced(
                1_440, "assumption (nf): a day between two newsletters; override channels[].posting.min_gap_minutes"
            ),
            "publish_quota": Sourced(
                None,
                "none: sending limits belong to the e-mail service provider (nf); bulk-sender rules apply from "
                "5,000 messages a day to Gmail",
                2024,
            ),
        },
        ads={"supports_ads": Sourced(False, "e-mail has no paid spend or learning phase (not applicable)")},
        audience={
            "size": Sourced(
                8_000, "assumption: a small shop's list; set channels[].audience.size to your subscriber count"
            ),
            "activity": Sourced(
                weekly_activity(
                    (*OMNISEND_2026_PEAKS, *OMNISEND_2024_PEAKS, BEST_CONVERSION_PEAK), day_factors={TUE: 1.1}
                ),
                "[3P] Omnisend 2026 (~26B e-mails) via agilebrandguide.com and mailneo.co; [3P] Omnisend 2024",
                2026,
                shown="opens 9–11, clicks 7–8 and 16 every day (Omnisend 2026), 14, 17 and 20 (Omnisend 2024); "
                "Friday 7 am peak (best conversion); Tuesday ×1.1 (best open rate)",
            ),
            "organic_reach_rate": Sourced(
                OPEN_RATE,
                "open rate ~15.5 % ([3P] Klaviyo 2026 e-commerce benchmarks via trypropel.ai); MailerLite's 32.7 % "
                "is inflated by Apple Mail Privacy Protection, so the lower figure is used",
                2026,
            ),
            "rates.*.engagement_rate": Sourced(
                CLICKS_PER_OPEN,
                "clicks are an e-mail's engagement: campaign click rate 1.69 % per recipient ÷ 15.5 % opens "
                "([3P] Klaviyo 2026)",
                2026,
            ),
            "rates.*.click_rate": Sourced(
                CLICKS_PER_OPEN,
                "campaign click rate 1.69 % per recipient ÷ 15.5 % opens = clicks per open ([3P] Klaviyo 2026)",
                2026,
            ),
            "rates.*.conversion_rate": Sourced(
                round(0.0016 / CAMPAIGN_CLICKS_PER_RECIPIENT, 3),
                "campaign placed-order rate 0.16 % ÷ click rate 1.69 % = orders per click ([3P] Klaviyo 2026)",
                2026,
            ),
            "average_order_value": Sourced(AVERAGE_ORDER_VALUE, ASSUMED_AOV),
        },
    )
