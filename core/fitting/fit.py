"""Fit a channel's response curve (Hill + geometric carry-over) to its history, with quality and bootstrap."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np
from mixplan.fitting.bootstrap import bootstrap_parameters
from mixplan.fitting.checks import (
    MIN_DAYS,
    FitRefusedError,
    check_enough_data,
    check_revenue_follows_spend,
)
from mixplan.fitting.estimate import HillParameters, fit_parameters
from mixplan.fitting.quality import holdout_size, mape, r_squared
from mixplan.fitting.series import DailySeries, daily_series
from mixplan.model.curves import HillCurve
from mixplan.model.history import FitQuality, FittedCurve, HistoryRow

CENT = Decimal("0.01")


@dataclass(frozen=True)
class FitOptions:
    """How to fit: minimum history, held-out share, burn-in days, bootstrap size and seed."""

    min_days: int = MIN_DAYS
    holdout_share: float = 0.2
    burn_in_days: int = 7
    bootstrap_samples: int = 20
    seed: int = 0


def _money(value: float) -> Decimal:
    """A positive float as money with cents (at least one cent)."""
    return max(Decimal(repr(float(value))).quantize(CENT, rounding=ROUND_HALF_EVEN), CENT)


def to_hill_curve(parameters: HillParameters) -> HillCurve:
    """The planner's curve for fitted parameters (money rounded to cents)."""
    return HillCurve(
        max_revenue=_money(parameters.max_revenue),
        half_saturation=_money(parameters.half_saturation),
        shape=round(parameters.shape, 6),
        carryover=round(min(max(parameters.carryover, 0.0), 0.999), 6),
    )


def _loss_weights(series: DailySeries, burn_in_days: int) -> np.ndarray:
    weights = series.observed.copy()
    weights[: min(burn_in_days, weights.size)] = 0.0
    return weights


def _quality(series: DailySeries, options: FitOptions, weights: np.ndarray) -> FitQuality:
    """Fit on all but the last observed days, then score the prediction of those held-out days."""
    observed_index = np.flatnonzero(series.observed > 0)
    holdout = min(holdout_size(observed_index.size, options.holdout_share), observed_index.size // 2)
    tail = observed_index[-holdout:]
    train_weights = weights.copy()
    train_weights[tail[0] :] = 0.0
    train = fit_parameters(series.spend, series.revenue, train_weights)
    predicted = train.predict(series.spend)
    return FitQuality(
        r2=r_squared(series.revenue[tail], predicted[tail]),
        mape=mape(series.revenue[tail], predicted[tail]),
        holdout_days=int(tail.size),
        train_days=int(train_weights.sum()),
    )


def fit_series(series: DailySeries, options: FitOptions | None = None) -> FittedCurve:
    """Fit one channel's daily series; raises :class:`FitRefusedError` with the reason when it cannot."""
    options = options or FitOptions()
    observed = series.observed > 0
    check_enough_data(series.channel_id, series.spend[observed], series.revenue[observed], options.min_days)
    weights = _loss_weights(series, options.burn_in_days)
    point = fit_parameters(series.spend, series.revenue, weights)
    in_loss = weights > 0
    check_revenue_follows_spend(
        series.channel_id, r_squared(series.revenue[in_loss], point.predict(series.spend)[in_loss])
    )
    quality = _quality(series, options, weights)
    samples = bootstrap_parameters(
        series.spend, series.revenue, weights, point, options.bootstrap_samples, options.seed
    )
    spent = series.spend[observed & (series.spend > 0)]
    return FittedCurve(
        channel_id=series.channel_id,
        curve=to_hill_curve(point),
        samples=[to_hill_curve(sample) for sample in samples],
        quality=quality,
        source="fit",
        fitted_at=datetime.now(UTC),
        spend_range=(_money(float(spent.min())), _money(float(spent.max()))),
    )


def fit_channel(channel_id: str, rows: Sequence[HistoryRow], options: FitOptions | None = None) -> FittedCurve:
    """Fit the response curve of `channel_id` to its history rows (rows of other channels are ignored)."""
    mine = [row for row in rows if row.channel_id == channel_id]
    return fit_series(daily_series(channel_id, mine), options)


@dataclass(frozen=True)
class FitOutcome:
    """The result for one channel: a fitted curve, or the reason none was fitted."""

    channel_id: str
    curve: FittedCurve | None
    refused: str | None


def fit_channels(
    rows: Iterable[HistoryRow],
    channels: Sequence[str] | None = None,
    options: FitOptions | None = None,
    on_result: Callable[[FitOutcome], None] | None = None,
) -> list[FitOutcome]:
    """Fit every channel in `rows` (or only `channels`); refusals are returned, not raised."""
    by_channel: dict[str, list[HistoryRow]] = {}
    for row in rows:
        by_channel.setdefault(row.channel_id, []).append(row)
    wanted = list(channels) if channels is not None else sorted(by_channel)
    outcomes: list[FitOutcome] = []
    for channel_id in wanted:
        try:
            curve = fit_channel(channel_id, by_channel.get(channel_id, []), options)
            outcome = FitOutcome(channel_id, curve, None)
        except FitRefusedError as refusal:
            outcome = FitOutcome(channel_id, None, refusal.reason)
        outcomes.append(outcome)
        if on_result is not None:
            on_result(outcome)
    return outcomes
