"""Valid upper bounds on the spend model: the concave-envelope LP and the Lagrangian bound, and the exact reduction.

The LP relaxes every group to the upper concave hull of its options (the LP relaxation of the
multiple-choice knapsack) and drops the change links; its optimum is an upper bound. Its dual prices
``y >= 0`` on the rows give the Lagrangian bound

    L(y) = constant + sum_i sigma_i y_i rhs_i + sum_g max_j [ v_gj - sum_{i ∋ g} sigma_i y_i a_i(g, j) ]

(``sigma = +1`` for ``<=`` rows, ``-1`` for ``>=`` rows, ``a_i`` the option's spend or revenue), which is
valid for ANY ``y >= 0`` and is computed here on the grid points themselves, so the bound does not
depend on the LP solver's accuracy. With the LP's duals it equals the LP optimum.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from mixplan.solver.spend.chains import Chain, chain_values
from mixplan.solver.spend.curves import upper_hull
from mixplan.solver.spend.model import SpendModel
from ortools.linear_solver.python import model_builder_helper as mbh
from scipy.sparse import coo_matrix


@dataclass(frozen=True)
class LpResult:
    """Outcome of the envelope LP: ``feasible`` False proves the spend rules contradict each other."""

    feasible: bool
    value: float
    duals: np.ndarray


def _segments(model: SpendModel) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hull segments of every group: group index, spend and revenue length; base spend and revenue per group."""
    seg_group: list[np.ndarray] = []
    seg_ds: list[np.ndarray] = []
    seg_dr: list[np.ndarray] = []
    base_s = np.zeros(model.groups)
    base_r = np.zeros(model.groups)
    hulls: dict[int, np.ndarray] = {}
    full = model.valid.sum(axis=1) == np.array([len(model.curves[c][0]) for c in model.curve.tolist()])
    for g in range(model.groups):
        options = np.flatnonzero(model.valid[g])
        if full[g]:
            curve = int(model.curve[g])
            if curve not in hulls:
                grid, rev = model.curves[curve]
                hulls[curve] = upper_hull(grid, rev)
            hull = hulls[curve]
        else:
            hull = options[upper_hull(model.spend[g, options], model.revenue[g, options])]
        s = model.spend[g, hull].astype(np.float64)
        r = model.revenue[g, hull]
        base_s[g], base_r[g] = s[0], r[0]
        if len(hull) > 1:
            seg_group.append(np.full(len(hull) - 1, g))
            seg_ds.append(np.diff(s))
            seg_dr.append(np.diff(r))
    if not seg_group:
        empty = np.zeros(0)
        return empty.astype(np.int64), empty, empty, base_s, base_r
    return np.concatenate(seg_group), np.concatenate(seg_ds), np.concatenate(seg_dr), base_s, base_r


def envelope_lp(model: SpendModel, wall_s: float | None = None) -> LpResult:
    """Solve the LP over each group's concave envelope (change links dropped) with GLOP.

    Variables are the fractions ``t`` in [0, 1] of each hull segment; every row is written as
    ``<=`` (a ``>=`` row negated), so its dual price is non-negative. ``wall_s`` caps GLOP's wall
    time (the solve's deadline); a cut LP gives no bound (``inf``) and zero prices, which stay valid.
    """
    seg_group, seg_ds, seg_dr, base_s, base_r = _segments(model)
    base_value = float((model.alpha * base_r - model.beta * base_s).sum()) + model.constant
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    data: list[np.ndarray] = []
    rhs = np.zeros(len(model.rows))
    for i, row in enumerate(model.rows):
        sign = 1.0 if row.sense == "<=" else -1.0
        inside = np.zeros(model.groups, dtype=bool)
        inside[row.members] = True
        segs = np.flatnonzero(inside[seg_group])
        if row.term == "net":
            weight = np.zeros(model.groups)
            weight[row.members] = row.revenue_coefficient()
            coef = weight[seg_group[segs]] * seg_dr[segs] - row.spend_weight * seg_ds[segs]
            base = float((weight[row.members] * base_r[row.members] - row.spend_weight * base_s[row.members]).sum())
        else:
            coef = seg_ds[segs] if row.term == "spend" else seg_dr[segs]
            base = base_s[row.members].sum() if row.term == "spend" else base_r[row.members].sum()
        rows.append(np.full(len(segs), i))
        cols.append(segs)
        data.append(sign * coef)
        rhs[i] = sign * (row.rhs - base)
    if len(seg_group) == 0 or not model.rows:
        feasible = bool(np.all(rhs >= -1e-9))
        best = np.maximum(model.alpha * seg_dr - model.beta * seg_ds, 0.0).sum() if len(seg_group) else 0.0
        return LpResult(feasible, base_value + float(best), np.zeros(len(model.rows)))
    matrix = coo_matrix(
        (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))),
        shape=(len(model.rows), len(seg_group)),
    ).tocsr()
    builder = mbh.ModelBuilderHelper()
    fill: Any = builder.fill_model_from_sparse_data  # its stubs want an odd ndarray type; these are float64
    fill(
        np.zeros(len(seg_group)),
        np.ones(len(seg_group)),
        model.alpha * seg_dr - model.beta * seg_ds,
        np.full(len(model.rows), -np.inf),
        rhs,
        matrix,
    )
    builder.set_maximize(True)
    solver = mbh.ModelSolverHelper("glop")
    # dual simplex: 10-25x faster than GLOP's default on these wide LPs with few rows (measured)
    solver.set_solver_specific_parameters("use_dual_simplex: true")
    if wall_s is not None:
        solver.set_time_limit_in_seconds(max(0.01, wall_s))
    solver.solve(builder)
    status = solver.status()
    if status == mbh.SolveStatus.INFEASIBLE:
        return LpResult(False, -np.inf, np.zeros(len(model.rows)))
    if status != mbh.SolveStatus.OPTIMAL:
        return LpResult(True, np.inf, np.zeros(len(model.rows)))
    duals = np.maximum(0.0, np.asarray(solver.dual_values(), dtype=np.float64))
    return LpResult(True, base_value + float(solver.objective_value()), duals)


@dataclass(frozen=True)
class Lagrangian:
    """L(y) and, per option, the reduced value ``v_gj - price terms`` (``-inf`` for invalid options)."""

    bound: float
    reduced: np.ndarray
    best: np.ndarray


def group_prices(model: SpendModel, duals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per group, the summed signed dual price on its spend and on its revenue."""
    price_s = np.zeros(model.groups)
    price_r = np.zeros(model.groups)
    for y, row in zip(duals.tolist(), model.rows, strict=True):
        if y == 0.0:
            continue
        signed = y if row.sense == "<=" else -y
        price_s[row.members] += signed * row.spend_coefficient()
        price_r[row.members] += signed * row.revenue_coefficient()
    return price_s, price_r


def lagrangian(model: SpendModel, duals: np.ndarray, revenue: np.ndarray | None = None) -> Lagrangian:
    """The Lagrangian bound at ``duals`` (any non-negative vector), evaluated on the valid options.

    ``revenue`` replaces the model's revenue in the objective (a weighted mix of samples for the
    risk objectives); rows keep using the model's own revenue.
    """
    duals = np.maximum(duals, 0.0)
    price_s, price_r = group_prices(model, duals)
    objective_revenue = model.revenue if revenue is None else revenue
    reduced = (
        model.alpha * objective_revenue
        - model.beta * model.spend
        - price_s[:, None] * model.spend
        - price_r[:, None] * model.revenue
    )
    reduced = np.where(model.valid, reduced, -np.inf)
    best = reduced.max(axis=1)
    constant = sum(
        (y if row.sense == "<=" else -y) * row.rhs for y, row in zip(duals.tolist(), model.rows, strict=True)
    )
    bound = float(best.sum()) + float(constant) + model.constant
    return Lagrangian(bound, reduced, best)


@dataclass(frozen=True)
class ChainBound:
    """The Lagrangian bound with change limits kept inside each channel's subproblem.

    ``bound`` = constant terms + the best value of every chain under the reduced values;
    ``option_bound[g, j]`` is the bound on any plan that uses option ``j`` of group ``g``.
    """

    bound: float
    option_bound: np.ndarray
    reduced: np.ndarray


def chain_bound(
    model: SpendModel, chains: list[Chain], duals: np.ndarray, revenue: np.ndarray | None = None
) -> ChainBound:
    """Lagrangian bound at ``duals`` with each chain solved exactly under its change limits (a DP).

    It is never above :func:`lagrangian`'s bound, since that one drops the change limits.
    """
    relaxation = lagrangian(model, duals, revenue)
    constant = relaxation.bound - float(relaxation.best.sum())
    values = chain_values(model, chains, relaxation.reduced)
    total = float(values.best.sum()) + constant
    chain_of = np.zeros(model.groups, dtype=np.int64)
    for index, chain in enumerate(chains):
        chain_of[chain.groups] = index
    with np.errstate(invalid="ignore"):  # a chain with no feasible plan: -inf - -inf
        option_bound = np.nan_to_num(total - (values.best[chain_of][:, None] - values.through), nan=-np.inf)
    return ChainBound(total, option_bound, relaxation.reduced)


def reduce_options(model: SpendModel, bound: ChainBound, incumbent: np.ndarray, value: float) -> int:
    """Remove options that cannot be part of a solution better than ``value``; returns how many remain.

    An option whose bound (the best any plan using it can reach under the Lagrangian relaxation) is
    below ``value`` cannot beat the incumbent, so removing it keeps an optimal solution. The
    incumbent's own options are always kept. Works in place on ``model.valid``.
    """
    tolerance = 1e-9 * max(1.0, abs(bound.bound), abs(value))
    keep = model.valid & (bound.option_bound >= value - tolerance)
    keep[np.arange(model.groups), incumbent] = True
    model.valid &= keep
    return int(model.valid.sum())
