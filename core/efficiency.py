"""What a target CPA counts: paid conversions (orders or clicks) per unit of a channel's paid revenue.

mixplan's response curves give paid revenue. A channel's paid orders are its paid revenue divided
by its average order value; its paid clicks are those orders divided by its conversion rate (orders
per click: the mean of the conversion rates of the formats the channel's audience lists). The
compiler gives these factors to the solver and the verifier recomputes them from the scenario.
"""

from __future__ import annotations

from typing import Literal

from mixplan.model.audience import AudienceProfile

CpaBasis = Literal["orders", "clicks"]


def conversions_per_revenue(audience: AudienceProfile, basis: CpaBasis) -> float:
    """Conversions per major unit of paid revenue on a channel with this audience (0 when none can occur)."""
    order_value = float(audience.average_order_value)
    if order_value <= 0:
        return 0.0
    orders = 1.0 / order_value
    if basis == "orders":
        return orders
    rates = [rates.conversion_rate for rates in audience.rates.values() if rates.conversion_rate > 0]
    if not rates:
        return 0.0
    return orders / (sum(rates) / len(rates))
