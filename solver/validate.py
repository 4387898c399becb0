"""Checks that a hand-built Problem's spend data is well formed (compile always produces such data)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from mixplan.solver.problem import Problem


class ProblemError(ValueError):
    """A Problem that breaks its own contract; ``field`` names the part, the message says what is wrong."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def _finite(values: Sequence[float], field: str, non_negative: bool = False) -> None:
    for index, value in enumerate(values):
        if not math.isfinite(value):
            raise ProblemError(f"{field}[{index}]", f"must be a finite number, not {value!r}")
        if non_negative and value < 0:
            raise ProblemError(f"{field}[{index}]", f"must not be negative ({value!r})")


def _levels(levels: Sequence[int], field: str) -> None:
    if not levels or levels[0] != 0:
        raise ProblemError(field, "must start with 0 (no spend)")
    for index in range(1, len(levels)):
        if levels[index] <= levels[index - 1]:
            raise ProblemError(f"{field}[{index}]", "levels must be strictly ascending")


def check_problem(problem: Problem) -> None:
    """Raise ProblemError for spend data that breaks the Problem contract."""
    days = problem.days
    if days < 1:
        raise ProblemError("days", "must be at least 1")
    if problem.budget < 0:
        raise ProblemError("budget", "must not be negative")
    if problem.daily_cap and len(problem.daily_cap) != days:
        raise ProblemError("daily_cap", f"has {len(problem.daily_cap)} entries; expected 0 or {days} (one per day)")
    for d, cap in enumerate(problem.daily_cap):
        if cap is not None and cap < 0:
            raise ProblemError(f"daily_cap[{d}]", "must not be negative")
    sample_counts = set()
    for c, channel in enumerate(problem.channels):
        ads = channel.ads
        where = f"channels[{c}] ({channel.name}).ads"
        if ads is not None:
            _levels(ads.grid, f"{where}.grid")
            if len(ads.revenue) != len(ads.grid):
                raise ProblemError(f"{where}.revenue", f"has {len(ads.revenue)} values for {len(ads.grid)} grid levels")
            _finite(ads.revenue, f"{where}.revenue")
            if len(ads.day_factor) != days:
                raise ProblemError(f"{where}.day_factor", f"has {len(ads.day_factor)} values; expected {days}")
            _finite(ads.day_factor, f"{where}.day_factor", non_negative=True)
            if ads.min_total < 0 or (ads.max_total is not None and ads.max_total < 0):
                raise ProblemError(f"{where}.min_total", "totals must not be negative")
            if ads.max_change is not None and not (math.isfinite(ads.max_change) and ads.max_change >= 0):
                raise ProblemError(f"{where}.max_change", "must be a non-negative fraction")
            if ads.previous_spend < 0:
                raise ProblemError(f"{where}.previous_spend", "must not be negative")
            for s, sample in enumerate(ads.samples):
                if len(sample) != len(ads.grid):
                    raise ProblemError(f"{where}.samples[{s}]", f"has {len(sample)} values for {len(ads.grid)} levels")
                _finite(sample, f"{where}.samples[{s}]")
            if ads.samples:
                sample_counts.add(len(ads.samples))
        posting = channel.posting
        if posting is not None and posting.boost is not None:
            boost = posting.boost
            bwhere = f"channels[{c}] ({channel.name}).posting.boost"
            _levels(boost.levels, f"{bwhere}.levels")
            if len(boost.revenue) != len(boost.levels):
                raise ProblemError(f"{bwhere}.revenue", "needs one value per level")
            _finite(boost.revenue, f"{bwhere}.revenue")
            if len(boost.day_factor) != days:
                raise ProblemError(f"{bwhere}.day_factor", f"has {len(boost.day_factor)} values; expected {days}")
            _finite(boost.day_factor, f"{bwhere}.day_factor", non_negative=True)
    if len(sample_counts) > 1:
        raise ProblemError(
            "channels[*].ads.samples", f"channels disagree on the number of samples: {sorted(sample_counts)}"
        )
    for index, bound in enumerate(problem.spend_bounds):
        where = f"spend_bounds[{index}] ({bound.name})"
        if not 0 <= bound.first_day <= bound.last_day < days:
            raise ProblemError(where, f"days {bound.first_day}..{bound.last_day} are not inside 0..{days - 1}")
        for c in bound.channels or ():
            if not 0 <= c < len(problem.channels):
                raise ProblemError(where, f"channel index {c} does not exist")
    _check_objective(problem)


def _check_objective(problem: Problem) -> None:
    objective = problem.objective
    kind = objective.kind
    if kind == "max_profit" and (objective.margin is None or not objective.margin > 0):
        raise ProblemError("objective.margin", "max_profit needs a margin above 0")
    if kind == "min_spend_for_revenue" and objective.revenue_target is None:
        raise ProblemError("objective.revenue_target", "min_spend_for_revenue needs a revenue target")
    if kind == "max_roas" and (objective.min_spend is None or objective.min_spend < 0):
        raise ProblemError("objective.min_spend", "max_roas needs a non-negative min_spend")
    if kind == "target_roas" and (objective.target_roas is None or not objective.target_roas > 0):
        raise ProblemError("objective.target_roas", "target_roas needs a target ROAS above 0")
    if kind == "target_cpa":
        if objective.target_cpa is None or not objective.target_cpa > 0:
            raise ProblemError("objective.target_cpa", "target_cpa needs a target cost per conversion above 0")
        weights = objective.conversions_per_revenue
        if len(weights) != len(problem.channels) or any(not w >= 0 for w in weights):
            raise ProblemError(
                "objective.conversions_per_revenue", "needs one non-negative number per channel for target_cpa"
            )
    if kind == "risk_aware":
        if objective.risk_measure == "cvar" and not 0 < objective.risk_alpha <= 1:
            raise ProblemError("objective.risk_alpha", "must be in (0, 1] for CVaR")
        if objective.risk_measure == "mean_sd" and not objective.risk_lambda >= 0:
            raise ProblemError("objective.risk_lambda", "must not be negative")
