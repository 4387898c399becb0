"""How mixplan values things: expected post metrics, curve revenue, carry-over, event uplift, boosts.

These functions define the meaning of the numbers. The compiler uses them to build the solver's
Problem and the verifier uses them to re-check a Plan; neither relies on the solver's own arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from mixplan.model.audience import AudienceProfile, FormatRates
from mixplan.model.calendar import CalendarEvent
from mixplan.model.curves import HillCurve, PiecewiseCurve, ResponseCurve

MINOR = 100  # minor units per major unit of money


@dataclass(frozen=True)
class PostMetrics:
    """Expected outcome of one organic post."""

    impressions: float
    engagements: float
    clicks: float
    revenue: float  # in major units of money (e.g. euros), unrounded


def activity_factor(audience: AudienceProfile, weekday: int, hour: int) -> float:
    """Audience activity at a local weekday (0 = Monday) and hour, relative to the weekly mean (mean = 1)."""
    total = sum(sum(row) for row in audience.activity)
    return audience.activity[weekday][hour] * 168.0 / total


def post_metrics(audience: AudienceProfile, rates: FormatRates, value_weight: float, slot_factor: float) -> PostMetrics:
    """Expected metrics of a post of weight `value_weight` in a slot of factor `slot_factor`.

    `slot_factor` is audience activity × event uplift × same-day decay.
    """
    impressions = audience.size * audience.organic_reach_rate * slot_factor
    clicks = impressions * rates.click_rate
    revenue = clicks * rates.conversion_rate * float(audience.average_order_value) * value_weight
    return PostMetrics(
        impressions=impressions,
        engagements=impressions * rates.engagement_rate,
        clicks=clicks,
        revenue=revenue,
    )


def base_post_revenue(audience: AudienceProfile, rates: FormatRates, value_weight: float) -> float:
    """Revenue (major units) of a post in a slot of factor 1: the per-item value the solver multiplies by slots."""
    return post_metrics(audience, rates, value_weight, 1.0).revenue


def curve_revenue(curve: ResponseCurve, spend: float) -> float:
    """Revenue (major units) that one day's `spend` earns on its own day, before carry-over and uplift."""
    if spend <= 0:
        return 0.0
    if isinstance(curve, HillCurve):
        return hill_revenue(float(curve.max_revenue), float(curve.half_saturation), curve.shape, spend)
    return piecewise_revenue(curve, spend)


def hill_revenue(max_revenue: float, half_saturation: float, shape: float, spend: float) -> float:
    """Hill saturation max_revenue · s^shape / (s^shape + k^shape), computed stably for large ratios."""
    if spend <= 0:
        return 0.0
    ratio = math.log(half_saturation) - math.log(spend)
    exponent = shape * ratio
    if exponent > 700:
        return 0.0
    return max_revenue / (1.0 + math.exp(exponent))


def piecewise_revenue(curve: PiecewiseCurve, spend: float) -> float:
    """Linear interpolation between (0, 0) and the curve's points; flat after the last point."""
    previous_spend, previous_revenue = 0.0, 0.0
    for point in curve.points:
        point_spend, point_revenue = float(point.spend), float(point.revenue)
        if spend <= point_spend:
            share = (spend - previous_spend) / (point_spend - previous_spend)
            return previous_revenue + share * (point_revenue - previous_revenue)
        previous_spend, previous_revenue = point_spend, point_revenue
    return previous_revenue


def marginal_roas(curve: ResponseCurve, spend: float, next_spend: float, day_factor: float) -> float:
    """Extra revenue per extra unit of spend when one day's spend goes from `spend` to `next_spend`.

    The slope of the curve over that step (the plan reports it for the next spend step above the
    chosen amount), times `day_factor` (event uplift × carry-over) of that day.
    """
    return (curve_revenue(curve, next_spend) - curve_revenue(curve, spend)) * day_factor / (next_spend - spend)


def carryover_factor(carryover: float, day_index: int, days: int, after_horizon: bool = False) -> float:
    """Revenue multiplier of a day's spend: 1 + λ + λ² + … up to the last planned day.

    With ``after_horizon`` the tail after the last planned day counts too: 1 / (1 − λ), the same
    for every day, so spend is no longer pushed to the start of the window.
    """
    if carryover <= 0:
        return 1.0
    if after_horizon:
        return 1.0 / (1.0 - carryover)
    remaining = days - day_index
    return (1.0 - carryover**remaining) / (1.0 - carryover)


def counts_tail(scenario_channels: Iterable[Any], channel_id: str) -> bool:
    """Whether the scenario channel `channel_id` counts carry-over revenue after the horizon (default yes)."""
    for channel in scenario_channels:
        if channel.id == channel_id:
            return bool(channel.ads.carryover_after_horizon)
    return True


def event_uplift(
    events: Iterable[CalendarEvent], channel_id: str, day: date, kind: Literal["paid", "organic"]
) -> float:
    """Product of the multipliers of every event active on `day` for this channel and kind of revenue."""
    factor = 1.0
    for event in events:
        if event.start <= day <= event.end and event.applies_to in (kind, "both"):
            factor *= event.channel_uplift.get(channel_id, event.uplift)
    return factor


def boost_revenue(amount: float, roas: float, saturation: float, value_weight: float) -> float:
    """Revenue (major units) of promoting a post with `amount`.

    Concave: the marginal ROAS starts at ``roas × value_weight`` and falls linearly to 0 at
    ``saturation``; spending beyond it earns nothing more.
    """
    if amount <= 0 or saturation <= 0:
        return 0.0
    capped = min(amount, saturation)
    return value_weight * roas * capped * (1.0 - capped / (2.0 * saturation))


def decayed_factors(values: list[float], decay: list[float] | tuple[float, ...]) -> list[float]:
    """Same-day decay multiplier of each post of one channel-day, given the posts' undecayed values.

    Posts are ranked by value (highest first; ties by position) and the r-th gets ``decay[min(r, len-1)]``.
    """
    order = sorted(range(len(values)), key=lambda index: (-values[index], index))
    factors = [1.0] * len(values)
    for rank, index in enumerate(order):
        factors[index] = decay[min(rank, len(decay) - 1)]
    return factors
