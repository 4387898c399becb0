"""The response-curve form mixplan plans with, evaluated on numpy arrays for fitting.

Daily revenue from a day's spend ``s`` is
``Hill(s) = max_revenue·s^shape / (s^shape + half_saturation^shape)``;
carry-over is "saturation, then geometric carry-over of revenue": the revenue observed on day ``t`` is
``Σ_k carryover^k · Hill(spend[t−k])`` (see :mod:`mixplan.model.curves`). Fitting this exact form means
the planner uses exactly what was fitted.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def hill(spend: FloatArray, max_revenue: float, half_saturation: float, shape: float) -> FloatArray:
    """Daily revenue of each day's spend on its own day (no carry-over)."""
    ratio = np.power(np.maximum(spend, 0.0) / half_saturation, shape)
    return np.asarray(max_revenue * ratio / (1.0 + ratio), dtype=np.float64)


def carry_over(daily: FloatArray, carryover: float, prior: float = 0.0) -> FloatArray:
    """Observed revenue: each day earns its own Hill revenue plus `carryover` times the previous day's.

    `prior` is the revenue observed on the day before the series starts (it keeps decaying into it).
    """
    if carryover == 0.0:
        return np.asarray(daily, dtype=np.float64)
    from scipy.signal import lfilter  # imported here: scipy.signal costs a second at CLI start-up

    initial = np.array([carryover * prior])
    result, _ = lfilter([1.0], [1.0, -carryover], daily, zi=initial)
    return np.asarray(result, dtype=np.float64)


def predict_revenue(
    spend: FloatArray, max_revenue: float, half_saturation: float, shape: float, carryover: float
) -> FloatArray:
    """Revenue observed on each day of a spend series under the planner's curve form.

    Spend before the series is assumed equal to the first day's (a steady state), so the first
    days are not biased low when the carry-over is large.
    """
    daily = hill(spend, max_revenue, half_saturation, shape)
    if carryover == 0.0 or len(daily) == 0:
        return daily
    steady_prior = float(daily[0]) / (1.0 - carryover)
    return carry_over(daily, carryover, prior=steady_prior)


def long_run_revenue(spend: float, max_revenue: float, half_saturation: float, shape: float, carryover: float) -> float:
    """All the revenue one day's spend earns, on its day and every day after (Hill(s) / (1 − carryover))."""
    single = float(hill(np.array([spend]), max_revenue, half_saturation, shape)[0])
    return single / (1.0 - carryover)
