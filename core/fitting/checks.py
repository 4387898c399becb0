"""Reasons to refuse a fit: too little history, or data too flat to tell a curve's shape."""

from __future__ import annotations

import numpy as np
from mixplan.errors import InputError
from mixplan.fitting.response import FloatArray

MIN_DAYS = 28
MIN_SPEND_DAYS = 14
MIN_DISTINCT_SPEND = 5
MIN_SPEND_SPREAD = 0.15
MIN_TRAIN_R2 = 0.1


class FitRefusedError(InputError):
    """A curve was not fitted for a channel; `reason` says why and what to do. Exit code 2."""

    def __init__(self, channel_id: str, reason: str) -> None:
        self.channel_id = channel_id
        self.reason = reason
        super().__init__(f"channel {channel_id}", f"no curve fitted: {reason}")


def check_enough_data(channel_id: str, spend: FloatArray, revenue: FloatArray, min_days: int = MIN_DAYS) -> None:
    """Refuse when the observed days, spending days or spend variation cannot identify a curve."""
    days = spend.size
    if days < min_days:
        raise FitRefusedError(
            channel_id,
            f"only {days} days of history; at least {min_days} are needed (90+ for a reliable fit)",
        )
    spending = spend[spend > 0]
    if spending.size < MIN_SPEND_DAYS:
        raise FitRefusedError(channel_id, f"only {spending.size} days with spend; at least {MIN_SPEND_DAYS} are needed")
    if not (revenue > 0).any():
        raise FitRefusedError(channel_id, "revenue is zero on every day; there is nothing to fit")
    distinct = np.unique(np.round(spending, 2)).size
    p10, p50, p90 = (float(v) for v in np.percentile(spending, [10, 50, 90]))
    spread = (p90 - p10) / p50 if p50 > 0 else 0.0
    if distinct < MIN_DISTINCT_SPEND or spread < MIN_SPEND_SPREAD:
        raise FitRefusedError(
            channel_id,
            f"daily spend is too flat (mostly between {p10:.2f} and {p90:.2f}, {distinct} distinct amounts) "
            "to tell how revenue responds to spend; vary the budget for a few weeks or import a curve "
            "from your marketing-mix model (mixplan curves import)",
        )


def check_revenue_follows_spend(channel_id: str, in_sample_r2: float) -> None:
    """Refuse when even the fitted curve explains almost none of the revenue's variation."""
    if in_sample_r2 < MIN_TRAIN_R2:
        raise FitRefusedError(
            channel_id,
            f"revenue does not follow spend (in-sample R² {in_sample_r2:.2f}, below {MIN_TRAIN_R2}); "
            "the data are too flat or too noisy to fit a response curve",
        )
