"""Fit-quality measures on held-out days: R² and mean absolute percentage error."""

from __future__ import annotations

import numpy as np
from mixplan.fitting.response import FloatArray


def r_squared(observed: FloatArray, predicted: FloatArray) -> float:
    """Coefficient of determination, 1 − SSE/SST (can be negative for a bad predictor; 0 if SST is 0)."""
    residual = float(np.sum((observed - predicted) ** 2))
    total = float(np.sum((observed - observed.mean()) ** 2)) if observed.size else 0.0
    if total <= 0.0:
        return 0.0
    return 1.0 - residual / total


def mape(observed: FloatArray, predicted: FloatArray) -> float:
    """Mean absolute percentage error over the days with positive observed revenue (0.1 = 10 %)."""
    positive = observed > 0
    if not positive.any():
        return 0.0
    return float(np.mean(np.abs(observed[positive] - predicted[positive]) / observed[positive]))


def holdout_size(observed_days: int, share: float = 0.2, minimum: int = 7) -> int:
    """How many of the last observed days to hold out for the quality report."""
    return max(minimum, round(observed_days * share))
