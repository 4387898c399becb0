"""Each paid channel's daily response curve and the operating points the plan chose on it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from mixplan.metrics import curve_revenue
from mixplan.model.curves import HillCurve, PiecewiseCurve, ResponseCurve
from mixplan.model.plan import Plan
from mixplan.model.platform import PlatformSpec
from mixplan.model.scenario import Scenario
from mixplan.report.svg import OperatingPoint, nice_ticks
from mixplan.resolve import ChannelDataSource, resolve_channels

SAMPLES = 120


@dataclass(frozen=True)
class CurveView:
    """What the report draws for one channel: curve samples, operating points and the curve's kind."""

    channel_id: str
    description: str
    points: list[tuple[float, float]]
    operating: list[OperatingPoint]


def describe_curve(curve: ResponseCurve) -> str:
    """A one-line description of a curve's parameters."""
    carry = f", carry-over {curve.carryover:g}" if curve.carryover else ""
    if isinstance(curve, HillCurve):
        kind = "S-shaped Hill" if curve.shape > 1 else "Hill"
        return (
            f"{kind}: max {curve.max_revenue}/day, half-saturation {curve.half_saturation}/day, "
            f"shape {curve.shape:g}{carry}"
        )
    return f"piecewise-linear through {len(curve.points)} point(s){carry}"


def _x_range(curve: ResponseCurve, largest_spend: float) -> float:
    if isinstance(curve, HillCurve):
        natural = float(curve.half_saturation) * (2.5 if curve.shape >= 1 else 4.0)
    else:
        natural = float(curve.points[-1].spend) * 1.15
    return max(natural, largest_spend * 1.3, 1.0)


def operating_points(plan: Plan, channel_id: str, curve: ResponseCurve) -> list[OperatingPoint]:
    """The distinct positive daily amounts the plan spends on the channel, with the curve's revenue there.

    The revenue and ``curve_marginal_roas`` (extra revenue per extra unit of spend, one cent further
    on) are the curve's own, before carry-over and event uplift; ``marginal_roas`` is the plan's
    (the solver's, which includes them), averaged over the days at that amount.
    """
    days: dict[Decimal, int] = defaultdict(int)
    marginals: dict[Decimal, list[float]] = defaultdict(list)
    for allocation in plan.spend:
        if allocation.channel_id != channel_id or allocation.amount <= 0:
            continue
        days[allocation.amount] += 1
        if allocation.marginal_roas is not None:
            marginals[allocation.amount].append(allocation.marginal_roas)
    return [
        OperatingPoint(
            spend=float(amount),
            revenue=curve_revenue(curve, float(amount)),
            days=count,
            curve_marginal_roas=curve_marginal_roas(curve, float(amount)),
            marginal_roas=(sum(marginals[amount]) / len(marginals[amount])) if marginals[amount] else None,
        )
        for amount, count in sorted(days.items())
    ]


def curve_marginal_roas(curve: ResponseCurve, spend: float, step: float = 0.01) -> float:
    """Slope of the curve just after `spend`: revenue of one more `step` of spend, per unit of spend."""
    return (curve_revenue(curve, spend + step) - curve_revenue(curve, spend)) / step


def curve_views(plan: Plan, curves: Mapping[str, ResponseCurve]) -> list[CurveView]:
    """A view per channel with a curve, in the order of `curves`."""
    views = []
    for channel_id, curve in curves.items():
        operating = operating_points(plan, channel_id, curve)
        top = nice_ticks(_x_range(curve, max((p.spend for p in operating), default=0.0)))[-1]
        xs = [top * index / SAMPLES for index in range(SAMPLES + 1)]
        if isinstance(curve, PiecewiseCurve):  # draw the kinks exactly
            xs = sorted({*xs, *(float(p.spend) for p in curve.points if float(p.spend) <= top)})
        points = [(x, curve_revenue(curve, x)) for x in xs]
        views.append(CurveView(channel_id, describe_curve(curve), points, operating))
    return views


def scenario_curves(
    scenario: Scenario, platforms: Mapping[str, object], data: ChannelDataSource | None = None
) -> dict[str, ResponseCurve]:
    """The resolved daily response curve of each channel that buys ads (platform defaults, overrides, fits).

    `platforms` maps platform ids to PlatformSpec (or to objects with a ``spec`` attribute, as
    ``Engine.platforms`` holds); `data` is a stored-data source for fitted curves (e.g. a Store).
    """
    specs = {pid: cast(PlatformSpec, getattr(value, "spec", value)) for pid, value in platforms.items()}
    resolved = resolve_channels(scenario, specs, data)
    return {channel.id: channel.curve for channel in resolved if channel.ads_enabled and channel.curve is not None}
