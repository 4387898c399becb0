"""Sourced defaults: every default a built-in platform declares is paired with where it comes from.

A fact reads ``"<field path> = <value>"`` (e.g. ``"ads.min_daily_budget = 5.00"``) so that the
test suite can check the stated value against the spec, and ``docs/platforms.md`` lists the same
rows. Sources carry the reference tags: [O] the platform's own docs, [3P] a third party,
"nf" not found (then the value is a conservative default and says so).
"""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import SourcedFact

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


def show_value(value: object) -> str:
    """How a default value is written in a fact: Decimals as is, None as 'none', floats without noise."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def sourced(path: str, value: object, source: str, year: int | None = None) -> SourcedFact:
    """A fact ``"<path> = <value>"`` with its source and year (``None`` for assumptions and 'nf')."""
    shown = value if isinstance(value, str) else show_value(value)
    return SourcedFact(fact=f"{path} = {shown}", source=source, year=year)


def common_audience_facts(*, size: int = SMALL_SHOP_FOLLOWERS, size_source: str = ASSUMED_SIZE) -> list[SourcedFact]:
    """The facts every platform shares: audience size, average order value and conversion rate."""
    return [
        sourced("audience.size", size, size_source),
        sourced("audience.average_order_value", AVERAGE_ORDER_VALUE, ASSUMED_AOV),
        sourced("audience.rates.*.conversion_rate", ECOMMERCE_CONVERSION_RATE, ASSUMED_CVR),
    ]


def spend_step_fact() -> SourcedFact:
    """The fact every advertising platform shares: the daily budget granularity."""
    return sourced(
        "ads.spend_step",
        "1.00",
        "mixplan's default budget granularity (a modelling choice, not a platform rule); "
        "override channels[].ads.spend_step",
    )
