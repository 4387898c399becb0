"""Learning from actuals before a re-plan: curves refitted with the new days, post rates shrunk.

Two steps, each on by default in :func:`mixplan.replan` and off with a flag (``--no-learn``,
``--no-learn-curves``, ``--no-learn-rates``):

- **curves**: each paid channel's response curve is refitted with the stored channel-day actuals
  before ``as_of`` (the new days of the window and the stored history of the
  :data:`LOOKBACK_DAYS` days before). The curve's shape, half-saturation and carry-over are kept
  and its scale (``max_revenue``, or every point's revenue) is the least-squares fit of the
  observed revenue: with ``u_t`` the revenue the current curve predicts for day ``t`` (its own
  spend plus the carry-over of the days before, the history's meaning of revenue), the scale is
  ``Σ y_t·u_t / Σ u_t²``. At least :data:`MIN_CURVE_DAYS` new days with spend are needed, and
  the factor is kept within [:data:`MIN_SCALE`, :data:`MAX_SCALE`];
- **rates**: each organic channel's per-format engagement and click rates are shrunk from the
  resolved rates (platform defaults, or what the scenario sets) toward the observed ones of the
  published posts before ``as_of``: ``(m·prior + observed count) / (m + impressions)`` with a
  prior strength ``m`` of :data:`PRIOR_IMPRESSIONS` impressions.

What is learned is written into the re-planned scenario (stored with the new run, so the next
re-plan starts from it) and named in the run's notes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from mixplan.metrics import curve_revenue
from mixplan.model.actuals import PostActual
from mixplan.model.curves import HillCurve, ResponseCurve
from mixplan.model.history import HistoryRow
from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario
from mixplan.resolve import ResolvedChannel

LOOKBACK_DAYS = 90
MIN_CURVE_DAYS = 3
MIN_SCALE = 0.2
MAX_SCALE = 5.0
PRIOR_IMPRESSIONS = 10_000


@dataclass(frozen=True)
class Learned:
    """The scenario with what the actuals taught, and one note per change."""

    scenario: Scenario
    notes: list[str]


def curve_scale(curve: ResponseCurve, rows: Sequence[HistoryRow]) -> tuple[float, int] | None:
    """Least-squares scale of ``curve`` on channel-day ``rows`` (one channel) and the days with spend used."""
    if not rows:
        return None
    by_day = {row.day: row for row in rows}
    first, last = min(by_day), max(by_day)
    carried = 0.0
    numerator = denominator = 0.0
    used = 0
    day = first
    while day <= last:
        row = by_day.get(day)
        spend = float(row.spend) if row is not None else 0.0
        predicted = curve_revenue(curve, spend) + curve.carryover * carried
        carried = predicted
        if row is not None and predicted > 0:
            numerator += float(row.revenue) * predicted
            denominator += predicted * predicted
            used += 1 if row.spend > 0 else 0
        day += timedelta(days=1)
    if denominator <= 0:
        return None
    return numerator / denominator, used


def _scaled(curve: ResponseCurve, factor: float) -> dict[str, Any]:
    doc = curve.model_dump(mode="json")
    scale = Decimal(str(round(factor, 6)))
    if isinstance(curve, HillCurve):
        doc["max_revenue"] = str((curve.max_revenue * scale).quantize(Decimal("0.01")))
    else:
        doc["points"] = [
            {"spend": str(p.spend), "revenue": str((p.revenue * scale).quantize(Decimal("0.01")))} for p in curve.points
        ]
    return doc


def learn_curves(
    scenario: Scenario, channels: Sequence[ResolvedChannel], as_of: date, actual_days: Sequence[HistoryRow]
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """New curve settings per channel id (JSON-ready) and their notes."""
    start = scenario.horizon.start
    curves: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    for channel in channels:
        if not channel.ads_enabled or channel.curve is None:
            continue
        rows = [
            row
            for row in actual_days
            if row.channel_id == channel.id and start - timedelta(days=LOOKBACK_DAYS) <= row.day < as_of
        ]
        new_days = sum(1 for row in rows if row.day >= start and row.spend > 0)
        if new_days < MIN_CURVE_DAYS:
            continue
        fitted = curve_scale(channel.curve, rows)
        if fitted is None:
            continue
        factor, used = fitted
        kept = min(max(factor, MIN_SCALE), MAX_SCALE)
        if abs(kept - 1.0) < 1e-4:
            continue
        curves[channel.id] = _scaled(channel.curve, kept)
        clamp = f" (the fit gave ×{factor:.3f}, kept within ×{MIN_SCALE}–×{MAX_SCALE})" if kept != factor else ""
        notes.append(
            f"learned: {channel.id} curve refitted on {used} day(s) with spend ({new_days} in this window): "
            f"revenue ×{kept:.3f}{clamp}"
        )
    return curves, notes


def learn_rates(
    scenario: Scenario,
    channels: Sequence[ResolvedChannel],
    parent: Plan,
    as_of: date,
    actual_posts: Sequence[PostActual],
) -> tuple[dict[str, dict[str, dict[str, float]]], list[str]]:
    """New per-format rates per channel id (full rates of the changed formats) and their notes."""
    zone = ZoneInfo(scenario.horizon.timezone)
    start = scenario.horizon.start
    planned = {(p.content_id, p.channel_id): p.format for p in parent.posts}
    first_format = {item.id: item.formats[0] for item in scenario.content}
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for actual in actual_posts:
        day = actual.published_at.astimezone(zone).date()
        if not start <= day < as_of:
            continue
        fmt = planned.get((actual.content_id, actual.channel_id), first_format.get(actual.content_id))
        if fmt is None:
            continue
        total = counts[(actual.channel_id, fmt)]
        total[0] += actual.impressions
        total[1] += actual.engagements
        total[2] += actual.clicks
    rates: dict[str, dict[str, dict[str, float]]] = {}
    notes: list[str] = []
    by_id = {channel.id: channel for channel in channels}
    for (channel_id, fmt), (impressions, engagements, clicks) in sorted(counts.items()):
        channel = by_id.get(channel_id)
        if channel is None or not channel.organic_enabled or impressions <= 0 or fmt not in channel.audience.rates:
            continue
        prior = channel.audience.rates[fmt]
        engagement = (PRIOR_IMPRESSIONS * prior.engagement_rate + engagements) / (PRIOR_IMPRESSIONS + impressions)
        click = (PRIOR_IMPRESSIONS * prior.click_rate + clicks) / (PRIOR_IMPRESSIONS + impressions)
        engagement, click = min(engagement, 1.0), min(click, 1.0)
        full = {name: dict(value.model_dump()) for name, value in channel.audience.rates.items()}
        merged = rates.setdefault(channel_id, full)
        merged[fmt] = {"engagement_rate": engagement, "click_rate": click, "conversion_rate": prior.conversion_rate}
        notes.append(
            f"learned: {channel_id} {fmt} rates from {impressions:,} impressions (prior strength "
            f"{PRIOR_IMPRESSIONS:,}): engagement {prior.engagement_rate:.4f} → {engagement:.4f}, "
            f"click {prior.click_rate:.4f} → {click:.4f}"
        )
    return rates, notes


def learn_from_actuals(
    scenario: Scenario,
    channels: Sequence[ResolvedChannel],
    parent: Plan,
    as_of: date,
    actual_posts: Sequence[PostActual] = (),
    actual_days: Sequence[HistoryRow] = (),
    *,
    curves: bool = True,
    rates: bool = True,
) -> Learned:
    """The scenario with refitted curves and shrunk rates (see the module docstring)."""
    new_curves, curve_notes = learn_curves(scenario, channels, as_of, actual_days) if curves else ({}, [])
    new_rates, rate_notes = learn_rates(scenario, channels, parent, as_of, actual_posts) if rates else ({}, [])
    if not new_curves and not new_rates:
        return Learned(scenario, [])
    doc = scenario.model_dump(mode="json", exclude_unset=False)
    for channel_doc in doc["channels"]:
        ads = channel_doc["ads"]
        if channel_doc["id"] in new_curves:
            factor_doc = new_curves[channel_doc["id"]]
            ads["curve"] = factor_doc
            if ads.get("curve_samples"):
                ads["curve_samples"] = []  # the samples described the old curve's uncertainty
        if channel_doc["id"] in new_rates:
            channel_doc["audience"]["rates"] = new_rates[channel_doc["id"]]
    return Learned(Scenario.model_validate(doc), [*curve_notes, *rate_notes])
