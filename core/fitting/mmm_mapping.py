"""Mapping a marketing-mix model's saturation and adstock onto mixplan's daily Hill curve with carry-over.

MMM tools apply adstock to the *media* (spend) and then saturation; mixplan applies saturation to a
day's spend and then carries the *revenue* over (see docs/data.md, "The model"). The two agree
exactly when spend is constant (the steady state the planner's budget levels approximate) and
this module makes them agree there:

- a model of period P days (1 daily, 7 weekly) with geometric decay θ per period has the daily
  carry-over ``c = θ^(1/P)``;
- at a constant daily spend s the model's adstocked media are ``P·s·gain / scale`` (gain
  ``1/(1−θ)`` for unnormalized adstock such as Robyn's, 1 for normalized adstock such as
  Meridian's and PyMC-Marketing's; scale the model's media scaling, 1 for Robyn), so its half
  saturation ``h_model`` (in model media units) is the daily spend ``h_model·scale / (P·gain)``;
- the model's effect ceiling E (in revenue per period) spread over the days and divided by
  mixplan's steady-state carry-over gain ``1/(1−c)`` gives ``max_revenue = E·(1−c) / P``.
"""

from __future__ import annotations

from dataclasses import dataclass

from mixplan.errors import InputError

LOGISTIC_AS_HILL = (1.0988, 1.1813, 1.5531)
"""PyMC-Marketing's LogisticSaturation ``(1 − e^(−u)) / (1 + e^(−u))`` (u = lam·x) as a Hill curve:
``ceiling × u^shape / (u^shape + half^shape)``, least squares over u in [0, 6] (where the logistic
reaches 99.5 % of its ceiling): ceiling 1.0988, half 1.1813 (in u, so 1.1813/lam in x), shape 1.5531;
largest error 3.4 % of the logistic's ceiling there (tests/core/fitting/test_fit_mmm_import.py
recomputes these). Beyond u = 6 the Hill curve keeps rising to 1.0988 where the logistic stays at 1."""


@dataclass(frozen=True)
class ModelChannel:
    """One channel of a fitted MMM in the model's own units (one parameter set: a point or a draw)."""

    channel: str
    half_saturation: float
    """Half-saturation point in the model's media units (after the model's media scaling)."""
    shape: float
    effect: float
    """The saturation curve's ceiling in revenue per period (coefficient × revenue scale)."""
    decay: float
    """Geometric adstock decay per period."""
    normalized_adstock: bool
    media_scale: float
    """Money of one model media unit per period (1 when the model is fitted on spend itself)."""
    period_days: int


@dataclass(frozen=True)
class DailyHill:
    """The mixplan-form parameters (daily money, carry-over per day) as floats."""

    max_revenue: float
    half_saturation: float
    shape: float
    carryover: float


def to_daily_hill(model: ModelChannel, where: str) -> DailyHill:
    """Map one model channel onto mixplan's daily Hill + carry-over (exact at constant spend)."""
    if not 0.0 <= model.decay < 1.0:
        raise InputError(f"{where} adstock", f"decay {model.decay:g} is outside 0 ≤ decay < 1")
    if model.half_saturation <= 0 or model.effect <= 0 or model.shape <= 0 or model.media_scale <= 0:
        raise InputError(
            where,
            "half saturation, shape, effect and media scale must all be positive "
            f"(got {model.half_saturation:g}, {model.shape:g}, {model.effect:g}, {model.media_scale:g})",
        )
    days = model.period_days
    carryover = model.decay ** (1.0 / days)
    gain = 1.0 if model.normalized_adstock else 1.0 / (1.0 - model.decay)
    return DailyHill(
        max_revenue=model.effect * (1.0 - carryover) / days,
        half_saturation=model.half_saturation * model.media_scale / (days * gain),
        shape=model.shape,
        carryover=carryover,
    )


def logistic_as_hill(lam: float, beta: float) -> tuple[float, float, float]:
    """(half saturation in x, shape, ceiling) of the Hill curve standing for ``beta·logistic(lam·x)``."""
    ceiling, half, shape = LOGISTIC_AS_HILL
    return half / lam, shape, beta * ceiling
