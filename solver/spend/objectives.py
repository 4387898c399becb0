"""The five objectives on top of the spend pipeline (:func:`mixplan.solver.spend.engine.maximize`).

All money is in minor units. ``organic`` is the organic revenue of the scheduled posts (a
constant here). Paid revenue is ads + boosts; paid spend likewise.

- ``max_revenue``: maximize organic + paid revenue; the budget is a cap.
- ``max_profit``: maximize margin x (organic + paid revenue) - paid spend; budget may stay unspent.
- ``min_spend_for_revenue``: minimize paid spend with organic + paid revenue >= target.
- ``max_roas``: maximize paid revenue / paid spend with paid spend >= min_spend, by Dinkelbach's
  method: each step maximizes revenue - q x spend at the best ratio q so far; a step's upper bound
  ``U`` proves ``ratio <= q + max(U, 0) / S_lo`` for every plan (``S_lo`` = least positive spend).
- ``risk_aware``: over the curve samples (sample s of every channel taken together), either CVaR
  (mean of the worst ``ceil(alpha x samples)`` sample totals) or mean - lambda x sd (population sd);
  organic and boost revenue count as certain. For any weights ``w`` in the CVaR dual set (or, for
  mean - lambda sd, ``w_s = 1/S - lambda c_s / (|c| sqrt(S))`` for any centred direction ``c``), the
  risk value is at most sum_s w_s R_s, a linear objective: its bound is valid for the risk objective.
  CVaR is then solved exactly by CP-SAT (Rockafellar-Uryasev) on the reduced grid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from mixplan.solver.control import Control
from mixplan.solver.problem import Problem
from mixplan.solver.solution import SolveStatus
from mixplan.solver.spend.efficiency import efficiency_note, efficiency_row
from mixplan.solver.spend.engine import SpendResult, maximize
from mixplan.solver.spend.model import Row, SpendModel
from mixplan.solver.spend.money import money
from mixplan.solver.spend.risk import exact_cvar, tail_count

Sense = Literal["max", "min"]


@dataclass
class PaidOutcome:
    """Result of the paid part in the objective's own units (``sense`` says which way is better)."""

    choice: np.ndarray | None
    objective: float | None
    bound: float | None
    status: SolveStatus
    sense: Sense = "max"
    messages: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    stats: dict[str, object] = field(default_factory=dict)
    duals: np.ndarray | None = None


def _from_result(result: SpendResult, sense: Sense = "max") -> PaidOutcome:
    if sense == "min":
        value = None if result.value is None else -result.value
        bound = None if not math.isfinite(result.bound) else -result.bound
    else:
        value, bound = result.value, (result.bound if math.isfinite(result.bound) else None)
    return PaidOutcome(result.choice, value, bound, result.status, sense, stats=result.stats, duals=result.duals)


def paid_totals(model: SpendModel, choice: np.ndarray) -> tuple[float, float]:
    """Total paid spend and paid revenue of a choice."""
    spend, revenue = model.chosen(choice)
    return float(spend.sum()), float(revenue.sum())


def solve_objective(problem: Problem, model: SpendModel, control: Control, organic: float, share: float) -> PaidOutcome:
    """Solve the paid part of ``problem``'s objective on ``model`` (its groups and rows)."""
    objective = problem.objective
    kind = objective.kind
    if kind == "max_revenue":
        return _from_result(maximize(model.with_objective(1.0, 0.0, organic), control, time_share=share))
    if kind == "max_profit":
        return max_profit(problem, model, control, organic, share)
    if kind == "min_spend_for_revenue":
        return min_spend_for_revenue(problem, model, control, organic, share)
    if kind == "max_roas":
        return max_roas(problem, model, control, share)
    if kind in ("target_roas", "target_cpa"):
        return target_efficiency(problem, model, control, organic, share)
    return risk_aware(problem, model, control, organic, share)


# -- target_roas, target_cpa -------------------------------------------------------------------
def target_efficiency(
    problem: Problem, model: SpendModel, control: Control, organic: float, share: float
) -> PaidOutcome:
    """Most revenue with the ROAS (or CPA) row of :mod:`mixplan.solver.spend.efficiency`."""
    row = efficiency_row(problem, model, organic)
    constrained = model.with_rows([row]).with_objective(1.0, 0.0, organic)
    outcome = _from_result(maximize(constrained, control, time_share=share))
    if outcome.status is SolveStatus.INFEASIBLE:
        outcome.conflicts.append(
            f"the {row.family.replace('_', ' ')} cannot hold together with the minimum-spend rules "
            "(channel or group minimums force spend that earns too little)"
        )
    elif outcome.choice is not None:
        outcome.messages += efficiency_note(problem, model, outcome.choice, organic)
    return outcome


# -- max_profit ---------------------------------------------------------------------------------
def max_profit(problem: Problem, model: SpendModel, control: Control, organic: float, share: float) -> PaidOutcome:
    """margin x revenue - spend; says why budget is left unspent."""
    margin = float(problem.objective.margin or 0.0)
    outcome = _from_result(maximize(model.with_objective(margin, 1.0, margin * organic), control, time_share=share))
    if outcome.choice is not None:
        outcome.messages += unspent_budget_note(problem, model, outcome.choice, margin)
    return outcome


def unspent_budget_note(problem: Problem, model: SpendModel, choice: np.ndarray, margin: float) -> list[str]:
    """Explain a profit plan that leaves budget unspent (best next step's return vs 1/margin)."""
    spent, _ = paid_totals(model, choice)
    left = problem.budget - spent
    if left <= 0 or margin <= 0:
        return []
    threshold = 1.0 / margin
    best_return, where, fits = -math.inf, "", False
    for g in range(model.groups):
        a = int(choice[g])
        options = np.flatnonzero(model.valid[g] & (model.spend[g] > model.spend[g, a]))
        if len(options) == 0:
            continue
        steps = (model.spend[g, options] - model.spend[g, a]).astype(np.float64)
        ratio = float(((model.revenue[g, options] - model.revenue[g, a]) / steps).max())
        fits |= bool(steps[0] <= left)
        if ratio > best_return:
            best_return = ratio
            where = f"{problem.channels[int(model.channel[g])].name} on {problem.day_name(int(model.day[g]))}"
    text = f"spend stops at {money(spent)} of {money(problem.budget)}: "
    if best_return == -math.inf:
        return [text + "every channel is at its highest allowed level"]
    if best_return < threshold:
        text += (
            f"more spend on any channel returns less than 1/margin = {threshold:.2f} per unit on average "
            f"(best: {best_return:.2f}, {where})"
        )
    elif not fits:
        text += f"the {money(left)} left is less than any channel's next spend step"
    else:
        text += (
            f"a next step would return {best_return:.2f} per unit (above 1/margin = {threshold:.2f}) on {where}, "
            "but other rules (daily caps, change limits, channel maximums) stop it"
        )
    return [text]


# -- min_spend_for_revenue -------------------------------------------------------------------------
def min_spend_for_revenue(
    problem: Problem, model: SpendModel, control: Control, organic: float, share: float
) -> PaidOutcome:
    """Least paid spend whose organic + paid revenue reaches the target."""
    target = float(problem.objective.revenue_target or 0)
    needed = target - organic
    rows = [Row("revenue_target", ">=", needed, np.arange(model.groups), "revenue")] if needed > 0 else []
    constrained = model.with_rows(rows).with_objective(0.0, 1.0, 0.0)
    result = maximize(constrained, control, time_share=share * 0.7)
    if result.status is not SolveStatus.INFEASIBLE:
        outcome = _from_result(result, "min")
        if outcome.choice is not None:
            outcome.stats["paid_revenue"] = paid_totals(model, outcome.choice)[1]
        return outcome
    best = maximize(
        model.with_objective(1.0, 0.0, organic), control, time_share=share * 0.3, report=lambda name, v, b: None
    )  # the most revenue within reach, for the message: not a plan of this objective
    outcome = PaidOutcome(None, None, None, SolveStatus.INFEASIBLE, "min")
    if best.status is SolveStatus.INFEASIBLE:
        return outcome
    reach = best.bound
    outcome.conflicts.append(
        f"revenue target {money(target)} is out of reach: with the budget of {money(problem.budget)} and "
        f"every spend rule, expected revenue is at most {money(reach)}"
        + (f" ({money(organic)} of it organic)" if organic > 0 else "")
    )
    outcome.stats["reachable_revenue_bound"] = reach
    return outcome


# -- max_roas --------------------------------------------------------------------------------------
def max_roas(problem: Problem, model: SpendModel, control: Control, share: float) -> PaidOutcome:
    """Dinkelbach's method for paid revenue / paid spend with paid spend >= min_spend."""
    floor_spend = max(int(problem.objective.min_spend or 0), 1)
    positive = model.spend[model.valid & (model.spend > 0)]
    least = max(float(floor_spend), float(positive.min()) if positive.size else math.inf)
    constrained = model.with_rows([Row("min_spend", ">=", float(floor_spend), np.arange(model.groups))])
    tolerance = control.options.relative_gap
    q, bound = 0.0, math.inf
    best_choice: np.ndarray | None = None
    best_ratio: float | None = None
    steps = 0
    status = SolveStatus.NO_SOLUTION
    while steps < 25 and not control.stopped() and not control.out_of_time():
        if not control.options.deterministic and steps > 0 and control.remaining() <= 0:
            break
        steps += 1
        absolute = 0.5 * tolerance * q * least if q > 0 else 0.0
        result = maximize(
            constrained.with_objective(1.0, q, 0.0),
            control,
            time_share=share / 4,
            tolerance=tolerance if q == 0 else 0.0,
            absolute=absolute,
            phase=f"max_roas step {steps}",
            report=lambda name, v, b: None,
            windows=False,
        )
        if result.status is SolveStatus.INFEASIBLE:
            outcome = PaidOutcome(None, None, None, SolveStatus.INFEASIBLE)
            outcome.conflicts.append(_min_spend_conflict(problem, floor_spend))
            return outcome
        if math.isfinite(result.bound):
            bound = min(bound, q + max(result.bound, 0.0) / least)
        if result.choice is None:
            status = result.status
            break
        spend, revenue = paid_totals(model, result.choice)
        ratio = revenue / spend if spend > 0 else 0.0
        if best_ratio is None or ratio > best_ratio:
            best_choice, best_ratio = result.choice, ratio
        control.report("max_roas", best_ratio, bound)
        near_zero = result.value is not None and result.value <= absolute + 1e-9 * max(1.0, q * spend)
        if near_zero and result.status is SolveStatus.OPTIMAL:
            break  # F(q) ~ 0 proven: q is the best ratio (within the tolerance)
        if ratio <= q * (1 + 1e-12):
            break  # no progress: the subproblem was not solved to optimality in time
        q = ratio
    if best_ratio is None:
        return PaidOutcome(None, None, None, SolveStatus.INTERRUPTED if control.stopped() else status)
    bound = max(bound, best_ratio)
    gap = control.gap(best_ratio, bound)
    proven = gap is not None and gap <= tolerance
    status = SolveStatus.OPTIMAL if proven else (SolveStatus.INTERRUPTED if control.stopped() else SolveStatus.FEASIBLE)
    outcome = PaidOutcome(best_choice, best_ratio, bound, status)
    outcome.stats["dinkelbach_steps"] = steps
    return outcome


def _min_spend_conflict(problem: Problem, floor_spend: int) -> str:
    return (
        f"max_roas needs at least {money(floor_spend)} of paid spend (min_spend), but the budget of "
        f"{money(problem.budget)} and the other spend rules do not allow that much"
    )


# -- risk_aware --------------------------------------------------------------------------------
def sample_totals(model: SpendModel, choice: np.ndarray) -> np.ndarray:
    """Paid revenue of a choice in every sample."""
    assert model.samples is not None
    index = np.arange(model.groups)
    return model.samples[:, index, choice].sum(axis=1)


def risk_value(problem: Problem, totals: np.ndarray) -> float:
    """The risk measure of sample totals (CVaR or mean - lambda x sd)."""
    if problem.objective.risk_measure == "cvar":
        k = tail_count(problem, len(totals))
        return float(np.sort(totals)[:k].mean())
    return float(totals.mean() - problem.objective.risk_lambda * totals.std())


def _weights(problem: Problem, totals: np.ndarray) -> np.ndarray:
    """Weights of the linear upper bound that is tight at these sample totals."""
    count = len(totals)
    if problem.objective.risk_measure == "cvar":
        k = tail_count(problem, count)
        w = np.zeros(count)
        w[np.argsort(totals, kind="stable")[:k]] = 1.0 / k
        return w
    centred = totals - totals.mean()
    norm = float(np.linalg.norm(centred))
    w = np.full(count, 1.0 / count)
    if norm > 0:
        w -= problem.objective.risk_lambda * centred / (norm * math.sqrt(count))
    return w


def risk_aware(problem: Problem, model: SpendModel, control: Control, organic: float, share: float) -> PaidOutcome:
    """Best risk-adjusted revenue over the curve samples (see the module docstring)."""
    if model.samples is None or model.samples.shape[0] <= 1:
        outcome = _from_result(maximize(model.with_objective(1.0, 0.0, organic), control, time_share=share))
        outcome.messages.append("no channel has curve samples: risk_aware plans for the expected revenue")
        return outcome
    tolerance = control.options.relative_gap
    samples = model.samples
    best_choice: np.ndarray | None = None
    best_value: float | None = None
    bound = math.inf
    weights = np.full(samples.shape[0], 1.0 / samples.shape[0])
    best_weights = weights
    status = SolveStatus.NO_SOLUTION
    for step in range(6):
        weighted = model.with_objective(1.0, 0.0, organic)
        weighted.revenue = np.tensordot(weights, samples, axes=1)
        result = maximize(
            weighted,
            control,
            time_share=share / 8,
            phase=f"risk step {step + 1}",
            report=lambda n, v, b: None,
            windows=False,
        )
        if result.status is SolveStatus.INFEASIBLE:
            return PaidOutcome(None, None, None, SolveStatus.INFEASIBLE)
        if math.isfinite(result.bound) and result.bound < bound:
            bound, best_weights = result.bound, weights
        if result.choice is None:
            status = result.status
            break
        totals = sample_totals(model, result.choice)
        value = organic + risk_value(problem, totals)
        if best_value is None or value > best_value:
            best_choice, best_value = result.choice, value
        control.report("risk_aware", best_value, bound)
        gap = control.gap(best_value, bound)
        if (gap is not None and gap <= tolerance) or control.stopped():
            break
        new_weights = _weights(problem, totals)
        if np.allclose(new_weights, weights):
            break
        weights = new_weights
    if best_choice is None or best_value is None:
        return PaidOutcome(None, None, None, SolveStatus.INTERRUPTED if control.stopped() else status)
    gap = control.gap(best_value, bound)
    if problem.objective.risk_measure == "cvar" and (gap is None or gap > tolerance) and not control.stopped():
        exact = exact_cvar(problem, model, control, organic, best_choice, best_value, best_weights, share / 2)
        if exact.choice is not None:
            value = organic + risk_value(problem, sample_totals(model, exact.choice))
            if value > best_value:
                best_choice, best_value = exact.choice, value
        bound = min(bound, exact.bound)
    bound = max(bound, best_value)
    gap = control.gap(best_value, bound)
    final = SolveStatus.OPTIMAL if gap is not None and gap <= tolerance else SolveStatus.FEASIBLE
    if final is not SolveStatus.OPTIMAL and control.stopped():
        final = SolveStatus.INTERRUPTED
    return PaidOutcome(best_choice, best_value, bound, final)
