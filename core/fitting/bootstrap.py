"""Bootstrap samples of a fitted curve: refits on the fitted series plus resampled residual blocks."""

from __future__ import annotations

import numpy as np
from mixplan.fitting.estimate import HillParameters, fit_parameters
from mixplan.fitting.response import FloatArray

BLOCK_DAYS = 7


def bootstrap_parameters(
    spend: FloatArray,
    revenue: FloatArray,
    weights: FloatArray,
    point: HillParameters,
    samples: int,
    seed: int,
) -> list[HillParameters]:
    """`samples` refits of the curve, each on `point`'s prediction plus resampled blocks of its residuals.

    Blocks of a week keep the weekly pattern and the carry-over's autocorrelation in the residuals.
    Deterministic for a given seed.
    """
    if samples <= 0:
        return []
    rng = np.random.default_rng(seed)
    predicted = point.predict(spend)
    in_loss = np.flatnonzero(weights > 0)
    residuals = (revenue - predicted)[in_loss]
    count = residuals.size
    block = min(BLOCK_DAYS, count)
    result: list[HillParameters] = []
    for _ in range(samples):
        starts = rng.integers(0, count, size=-(-count // block))
        picked = np.concatenate([np.take(residuals, np.arange(s, s + block), mode="wrap") for s in starts])[:count]
        resampled = revenue.copy()
        resampled[in_loss] = np.maximum(predicted[in_loss] + picked, 0.0)
        result.append(fit_parameters(spend, resampled, weights, start=point))
    return result
