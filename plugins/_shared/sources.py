"""The sourced defaults several built-in platforms share: audience placeholders and the budget step.

Each is declared once as a :class:`~mixplan.plugin_kit.Sourced` value; a platform spreads these
mappings into its ``declare_platform`` call (see ``mixplan.sourced_defaults``). Sources carry the
reference tags: [O] the platform's own docs, [3P] a third party, "nf" not found.
"""

from __future__ import annotations

from decimal import Decimal

from mixplan.plugin_kit import Sourced

AVERAGE_ORDER_VALUE = Decimal("60.00")
"""Placeholder average order value of a small online shop; every scenario should override it."""

ECOMMERCE_CONVERSION_RATE = 0.02
"""Orders per click for e-commerce traffic (assumption in the 1–3 % range); no per-platform figure was found."""

SMALL_SHOP_FOLLOWERS = 5_000
"""Default audience size of a small shop's social account (assumption)."""

ASSUMED_AOV = (
    "assumption: placeholder for a small online shop, not a benchmark; set "
    "channels[].audience.average_order_value to your own figure"
)
ASSUMED_CVR = (
    "assumption: e-commerce orders per click are typically 1–3 %; no per-platform figure in the sources (nf); "
    "override channels[].audience.rates"
)
ASSUMED_SIZE = "assumption: a small shop's account; set channels[].audience.size to your follower count"


ASSUMED_SOCIAL_CPM = Decimal("12.50")
"""CPM assumed where a platform's is not found: the median of the sourced social CPMs (6.59, 10, 15, 34.50)."""

ASSUMED_SOCIAL_CTR = 0.01
"""Ad click-through rate assumed where a platform's is not found: between Meta's 1.71 % and LinkedIn's 0.52 %."""

ASSUMED_SOCIAL_CPM_SOURCE = (
    "nf: no CPM in the sources; 12.50 is the median of the sourced social CPMs (Meta 6.59, YouTube 10, "
    "TikTok 15, LinkedIn 34.50) and the curve assumes a 1.0 % CTR, between Meta's 1.71 % and LinkedIn's "
    "0.52 %; override channels[].ads.curve"
)


def common_audience(*, size: int = SMALL_SHOP_FOLLOWERS, size_source: str = ASSUMED_SIZE) -> dict[str, Sourced[object]]:
    """The audience defaults every platform shares: size, average order value and conversion rate."""
    return {
        "size": Sourced(size, size_source),
        "average_order_value": Sourced(AVERAGE_ORDER_VALUE, ASSUMED_AOV),
        "rates.*.conversion_rate": Sourced(ECOMMERCE_CONVERSION_RATE, ASSUMED_CVR),
    }


SPEND_STEP: dict[str, Sourced[object]] = {
    "spend_step": Sourced(
        Decimal("1.00"),
        "mixplan's default budget granularity (a modelling choice, not a platform rule); "
        "override channels[].ads.spend_step",
    )
}
"""The daily budget granularity every advertising platform shares."""
