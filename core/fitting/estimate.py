"""Least-squares estimation of Hill + geometric carry-over parameters from a daily series.

The model is linear in ``max_revenue``: for given (half_saturation, shape, carryover) the best
``max_revenue`` has a closed form, so the search runs over three parameters only (variable
projection), from several starting points, with scipy's bounded trust-region least squares.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from mixplan.fitting.response import FloatArray, predict_revenue
from scipy.optimize import least_squares

MIN_SHAPE = 0.3
MAX_SHAPE = 6.0
MAX_CARRYOVER = 0.95
SHAPE_STARTS = (0.8, 1.5, 2.5)
HALF_SATURATION_STARTS = (0.5, 1.0, 2.0)  # multiples of the median positive spend
CARRYOVER_STARTS = (0.1, 0.5)


@dataclass(frozen=True)
class HillParameters:
    """Parameters of the planner's curve form, in the data's own units (money per day)."""

    max_revenue: float
    half_saturation: float
    shape: float
    carryover: float

    def predict(self, spend: FloatArray) -> FloatArray:
        """Revenue observed on each day of `spend` under these parameters."""
        return predict_revenue(spend, self.max_revenue, self.half_saturation, self.shape, self.carryover)


@dataclass(frozen=True)
class SeriesScale:
    """Scale factors that bring spend and revenue near 1 for a well-conditioned fit."""

    spend: float
    revenue: float

    @staticmethod
    def of(spend: FloatArray, revenue: FloatArray) -> SeriesScale:
        """Median positive spend and mean positive revenue of the series (1 where there is none)."""
        positive_spend = spend[spend > 0]
        positive_revenue = revenue[revenue > 0]
        spend_scale = float(np.median(positive_spend)) if positive_spend.size else 1.0
        revenue_scale = float(np.mean(positive_revenue)) if positive_revenue.size else 1.0
        return SeriesScale(spend=spend_scale, revenue=revenue_scale)


def _best_max_revenue(shape_curve: FloatArray, revenue: FloatArray) -> float:
    """Closed-form least-squares max_revenue for a unit-height curve (0 if it cannot be positive)."""
    denominator = float(shape_curve @ shape_curve)
    if denominator <= 0.0:
        return 0.0
    return max(float(shape_curve @ revenue) / denominator, 0.0)


def fit_parameters(
    spend: FloatArray,
    revenue: FloatArray,
    weights: FloatArray,
    start: HillParameters | None = None,
) -> HillParameters:
    """Fit the curve to `revenue` (observed on each day of `spend`); days with weight 0 are ignored.

    `weights` is 1 for days in the loss and 0 for days that only feed the carry-over (burn-in,
    held-out or missing days). With `start`, one local search from it (used by the bootstrap);
    without, the best of several starts.
    """
    scale = SeriesScale.of(spend, revenue)
    x = spend / scale.spend
    y = revenue / scale.revenue
    positive = x[x > 0]
    low_k = math.log(max(float(positive.min()) if positive.size else 1.0, 1e-6) * 0.05)
    high_k = math.log(max(float(x.max()), 1e-6) * 20.0)
    lower = np.array([low_k, math.log(MIN_SHAPE), 0.0])
    upper = np.array([high_k, math.log(MAX_SHAPE), MAX_CARRYOVER])

    def residuals(theta: FloatArray) -> FloatArray:
        unit = predict_revenue(x, 1.0, math.exp(theta[0]), math.exp(theta[1]), float(theta[2]))
        height = _best_max_revenue(unit * weights, y * weights)
        return np.asarray((height * unit - y) * weights, dtype=np.float64)

    if start is not None:
        starts = [np.array([math.log(start.half_saturation / scale.spend), math.log(start.shape), start.carryover])]
    else:
        starts = [
            np.array([math.log(k), math.log(n), c])
            for k in HALF_SATURATION_STARTS
            for n in SHAPE_STARTS
            for c in CARRYOVER_STARTS
        ]
    best_theta: FloatArray | None = None
    best_cost = math.inf
    for theta0 in starts:
        theta0 = np.clip(theta0, lower + 1e-9, upper - 1e-9)
        result = least_squares(residuals, theta0, bounds=(lower, upper), method="trf", x_scale=1.0)
        if result.cost < best_cost:
            best_cost = float(result.cost)
            best_theta = np.asarray(result.x, dtype=np.float64)
    assert best_theta is not None
    half_saturation = math.exp(float(best_theta[0]))
    shape = math.exp(float(best_theta[1]))
    carryover = float(best_theta[2])
    unit = predict_revenue(x, 1.0, half_saturation, shape, carryover)
    height = _best_max_revenue(unit * weights, y * weights)
    return HillParameters(
        max_revenue=height * scale.revenue,
        half_saturation=half_saturation * scale.spend,
        shape=shape,
        carryover=carryover,
    )
