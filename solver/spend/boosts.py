"""Coupling posts and paid spend: Lagrangian boost bonuses for the posting solve, and the joint bound.

Posting and spend share only the budget, the daily caps and the boost limit. With dual prices ``y``
on those rows (from the envelope LP of ads + the boost slots any schedule could use), a boost on a
post of item ``i`` on channel ``k`` on day ``d`` is worth at most

    bonus[i, k, d] = max_j (alpha * w_i * R_j * f_kd - (beta + price_d) * level_j) / organic_weight

where ``price_d`` is the summed price of the budget, day ``d``'s cap and the boost limit. The posting
solver maximizes organic value + bonus, and for any plan (posts P, ads x, boosts b):

    objective <= organic_weight * (organic(P) + bonus(P)) + sum over ads channels of their best
                 plan at the prices + sum_i y_i * rhs_i
              <= organic_weight * posting_bound + ads part

which is the joint bound reported (valid whatever the posting solver's schedule is).
"""

from __future__ import annotations

import numpy as np
from mixplan.solver.problem import Problem
from mixplan.solver.spend.chains import chains_of
from mixplan.solver.spend.model import BOOST, SpendModel
from mixplan.solver.spend.relax import chain_bound


def boost_day_prices(problem: Problem, model: SpendModel, duals: np.ndarray) -> np.ndarray:
    """Per day, the dual price a boost's spend pays: budget + that day's cap + the boost limit."""
    price = np.zeros(problem.days)
    for y, row in zip(duals.tolist(), model.rows, strict=True):
        if y <= 0 or row.term != "spend" or row.sense != "<=":
            continue
        if row.family in ("budget", "boost_max_total"):
            price += y
        elif row.family == "daily_cap":
            price[int(dict(row.subject)["day"])] += y
    return price


def boost_bonus(
    problem: Problem, model: SpendModel, duals: np.ndarray, alpha: float, beta: float, organic_weight: float
) -> np.ndarray | None:
    """``bonus[i, k, d]`` for the posting solve (None when no channel offers boosts)."""
    items, channels, days = len(problem.items), len(problem.channels), problem.days
    weights = np.array([item.boost_weight for item in problem.items], dtype=np.float64)
    if not items or not (weights > 0).any():
        return None
    price = boost_day_prices(problem, model, duals)
    bonus = np.zeros((items, channels, days))
    found = False
    for k, channel in enumerate(problem.channels):
        posting = channel.posting
        if posting is None or posting.boost is None or len(posting.boost.levels) < 2:
            continue
        found = True
        levels = np.asarray(posting.boost.levels, dtype=np.float64)
        revenue = np.asarray(posting.boost.revenue, dtype=np.float64)
        factor = np.asarray(posting.boost.day_factor, dtype=np.float64)
        earned = alpha * weights[:, None, None] * revenue[None, :, None] * factor[None, None, :]
        cost = (beta + price)[None, None, :] * levels[None, :, None]
        best = (earned - cost).max(axis=1)  # items x days
        allowed = np.array([item.value[k] > 0 for item in problem.items])
        bonus[:, k, :] = np.where(allowed[:, None], np.maximum(best, 0.0), 0.0) / organic_weight
    return bonus if found else None


def joint_bound(relaxed: SpendModel, duals: np.ndarray, posting_bound: float, organic_weight: float) -> float:
    """Valid bound on the joint objective (module docstring); ``relaxed`` carries the paid objective."""
    return organic_weight * posting_bound + paid_bound_part(relaxed, duals)


def paid_bound_part(relaxed: SpendModel, duals: np.ndarray) -> float:
    """The part of :func:`joint_bound` that does not depend on the posting bound (it is affine in it):
    computed once per set of prices, it turns every posting bound into a joint bound."""
    bound = chain_bound(relaxed, chains_of(relaxed), duals)
    boosts = np.flatnonzero(relaxed.kind == BOOST)
    boost_part = float(bound.reduced[boosts].max(axis=1).sum()) if len(boosts) else 0.0
    return bound.bound - boost_part
