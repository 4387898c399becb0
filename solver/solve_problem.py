"""``solve(problem, options) -> Solution``: the whole problem — posting, ad spend, boosts, objective.

Steps (each its own function):
1. check the Problem and explain contradictions plain arithmetic proves (no search needed);
2. without content items: the spend model alone (:mod:`mixplan.solver.spend`);
3. with items: prices for boosts from the spend LP, the posting calendar with those boost bonuses
   (:func:`mixplan.solver.posting.solve_posting`), then ads + boosts on the scheduled posts as one
   spend model; the bound reported is valid for the joint problem (see :mod:`.spend.boosts`);
4. the Solution: status (OPTIMAL only when the gap is within ``options.relative_gap``), objective,
   best bound, gap, wall time, spend, posts with boost levels, conflicts, messages, parameters.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import ortools
from mixplan.solver.control import Control
from mixplan.solver.options import SolveOptions
from mixplan.solver.problem import Problem
from mixplan.solver.solution import PostChoice, Solution, SolveStatus, StoppedBy
from mixplan.solver.spend.build import boost_slots_relaxed, build_spend_model
from mixplan.solver.spend.engine import maximize
from mixplan.solver.spend.explain import Conflict, conflicting_rules, presolve_conflicts
from mixplan.solver.spend.model import ADS, BOOST, SpendModel
from mixplan.solver.spend.objectives import PaidOutcome, max_roas, risk_aware, solve_objective, target_efficiency
from mixplan.solver.validate import check_problem


def solve(problem: Problem, options: SolveOptions | None = None) -> Solution:
    """Solve ``problem`` and return its Solution (see the module docstring).

    Raises :class:`mixplan.solver.validate.ProblemError` for a malformed Problem.
    """
    options = options or SolveOptions()
    check_problem(problem)
    control = Control(options, noise=_noise(problem))
    if problem.objective.kind == "min_spend_for_revenue":
        control.plan_sense = "min"
    solution = _solve(problem, control)
    control.report_final(solution.objective, solution.best_bound)
    return solution


def _solve(problem: Problem, control: Control) -> Solution:
    found = presolve_conflicts(problem)
    if found:
        return _infeasible(problem, control, found, ["found by presolve arithmetic"])
    if problem.items and any(channel.posting is not None for channel in problem.channels):
        solution = _solve_joint(problem, control)
    else:
        solution = _solve_spend(problem, control)
    if solution.objective is None and solution.status in (SolveStatus.NO_SOLUTION, SolveStatus.INTERRUPTED):
        return _empty_plan(problem, control, solution)
    return solution


def _empty_plan(problem: Problem, control: Control, failed: Solution) -> Solution:
    """The no-posts, no-spend plan when it keeps every rule, else ``failed`` (see :mod:`.feasibility`)."""
    from mixplan.solver.feasibility import empty_plan_value

    value = empty_plan_value(problem)
    if value is None:
        return failed
    status = SolveStatus.INTERRUPTED if control.stopped() else SolveStatus.FEASIBLE
    note = (
        "the search ended before it found a plan; this plan posts nothing and spends nothing, "
        "which keeps every rule (raise --time-limit for a better one)"
    )
    bound = failed.best_bound if failed.best_bound is not None and failed.best_bound >= value else None
    return _finish(problem, control, status, value, bound, messages=[*failed.messages, note])


def _noise(problem: Problem) -> float:
    """Rounding noise of this problem's objective: 1e-8 of its money scale (ratios: 1e-12).

    The scale is the spend that can actually go out (not the budget: a budget far above what the
    channels can spend would otherwise make a real gap look like noise) plus the most the ads can earn.
    It never exceeds the scale core's verifier allows for (the budget plus the most the ads can earn),
    so a gap the solver calls noise is one the verifier accepts.
    """
    if problem.objective.kind == "max_roas":
        return 1e-12
    spendable = 0.0
    scale = 0.0
    for channel in problem.channels:
        if channel.ads is not None:
            spendable += float(channel.ads.grid[-1]) * problem.days
            scale += max(abs(v) for v in channel.ads.revenue) * sum(channel.ads.day_factor)
        boost = channel.posting.boost if channel.posting is not None else None
        if boost is not None:
            spendable += float(boost.levels[-1]) * max(1, len(problem.items)) * problem.days
    scale += min(float(problem.budget), spendable)
    return 1e-8 * max(scale, 1.0)


# -- spend only ---------------------------------------------------------------------------------
def _solve_spend(problem: Problem, control: Control) -> Solution:
    model = build_spend_model(problem, with_samples=problem.objective.kind == "risk_aware")
    outcome = solve_objective(problem, model, control, 0.0, 1.0)
    if outcome.status is SolveStatus.INFEASIBLE:
        return _infeasible_outcome(problem, control, model, outcome)
    return _solution(problem, control, model, outcome, (), outcome.objective, outcome.bound, [])


# -- joint --------------------------------------------------------------------------------------
def _solve_joint(problem: Problem, control: Control) -> Solution:
    from mixplan.solver.joint import objective_weights, solve_joint

    joint = solve_joint(problem, control)
    if joint.conflicts is not None:
        return _infeasible(problem, control, joint.conflicts, joint.messages)
    if joint.outcome is None or joint.model is None:
        status = SolveStatus.INTERRUPTED if control.stopped() else SolveStatus.NO_SOLUTION
        return _finish(problem, control, status, None, None, messages=joint.messages)
    outcome = joint.outcome
    if outcome.status is SolveStatus.INFEASIBLE:
        return _infeasible_outcome(problem, control, joint.model, outcome, joint.messages)
    with control.framed(lambda _objective, _bound: (None, None)):  # relaxed solves: neither is a plan's
        bound = _joint_bound(
            problem, control, joint.relaxed, joint.posting_bound, joint.organic, outcome, objective_weights(problem)
        )
    if joint.lagrangian_bound is not None:
        bound = joint.lagrangian_bound if bound is None else min(bound, joint.lagrangian_bound)
    return _solution(
        problem,
        control,
        joint.model,
        outcome,
        joint.posts,
        outcome.objective,
        bound,
        joint.messages,
        joint.posting_seconds,
    )


def _joint_bound(
    problem: Problem,
    control: Control,
    relaxed: SpendModel,
    posting_bound: float,
    organic: float,
    outcome: PaidOutcome,
    weights: tuple[float, float, float] | None,
) -> float | None:
    """A bound valid for the joint problem (not just for the paid part on the chosen posts)."""
    if not math.isfinite(posting_bound):
        return None
    kind = problem.objective.kind
    has_boosts = bool((relaxed.kind == BOOST).any())
    if weights is not None:
        return None  # the Lagrangian joint bound (solve_joint) covers these objectives
    if kind == "max_roas":
        if not has_boosts:
            return outcome.bound
        return max_roas(problem, relaxed, control, 0.2).bound
    if kind in ("target_roas", "target_cpa"):
        if not has_boosts and not (kind == "target_roas" and problem.objective.roas_basis == "blended"):
            return None if outcome.bound is None else outcome.bound - organic + posting_bound
        # boosts on any slot, and (blended) the row relaxed by the best organic revenue
        return target_efficiency(problem, relaxed, control, posting_bound, 0.2).bound
    if kind == "risk_aware":
        if not has_boosts:
            return None if outcome.bound is None else outcome.bound - organic + posting_bound
        relaxed_risk = build_spend_model(problem, boost_slots_relaxed(problem), with_samples=True)
        result = risk_aware(problem, relaxed_risk, control, posting_bound, 0.2)
        return result.bound
    # min_spend_for_revenue: least spend with paid revenue >= target - (best organic), boosts anywhere
    target = float(problem.objective.revenue_target or 0) - posting_bound
    if target <= 0:
        return 0.0
    from mixplan.solver.spend.model import Row

    rows = [Row("revenue_target", ">=", target, np.arange(relaxed.groups), "revenue")]
    least = maximize(relaxed.with_rows(rows).with_objective(0.0, 1.0), control, time_share=0.2)
    return None if least.bound is None or not math.isfinite(least.bound) else -least.bound


# -- the Solution -------------------------------------------------------------------------------
def _solution(
    problem: Problem,
    control: Control,
    model: SpendModel,
    outcome: PaidOutcome,
    posts: tuple[PostChoice, ...],
    objective: float | None,
    bound: float | None,
    messages: list[str],
    posting_limit: float | None = None,
) -> Solution:
    if outcome.choice is None:
        status = outcome.status
        if status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
            status = SolveStatus.NO_SOLUTION
        return _finish(problem, control, status, None, bound, messages=[*messages, *outcome.messages])
    spend = _spend_table(problem, model, outcome.choice)
    posts = _with_boosts(model, outcome.choice, posts)
    if bound is not None and objective is not None:
        # a bound is never worse than the plan itself
        bound = max(bound, objective) if outcome.sense == "max" else min(bound, objective)
    gap = control.gap(objective, bound)
    if control.stopped():
        status = SolveStatus.INTERRUPTED
    elif gap is not None and gap <= control.options.relative_gap:
        status = SolveStatus.OPTIMAL
    else:
        status = SolveStatus.FEASIBLE
    extra = {"spend_stats": _plain(outcome.stats)}
    if posting_limit is not None:
        extra["posting_time_limit_s"] = round(posting_limit, 3)
    return _finish(
        problem,
        control,
        status,
        objective,
        bound,
        spend=spend,
        posts=posts,
        messages=[*messages, *outcome.messages],
        extra=extra,
    )


def _spend_table(problem: Problem, model: SpendModel, choice: np.ndarray) -> tuple[tuple[int, ...], ...]:
    table = [[0] * problem.days for _ in problem.channels]
    amounts, _ = model.chosen(choice)
    for g in np.flatnonzero(model.kind == ADS).tolist():
        table[int(model.channel[g])][int(model.day[g])] = int(amounts[g])
    return tuple(tuple(row) for row in table)


def _with_boosts(model: SpendModel, choice: np.ndarray, posts: tuple[PostChoice, ...]) -> tuple[PostChoice, ...]:
    chosen = list(posts)
    for g in np.flatnonzero(model.kind == BOOST).tolist():
        index = int(model.post[g])
        if index >= 0:
            chosen[index] = dataclasses.replace(chosen[index], boost_level=int(choice[g]))
    return tuple(chosen)


def _infeasible_outcome(
    problem: Problem, control: Control, model: SpendModel, outcome: PaidOutcome, messages: list[str] | None = None
) -> Solution:
    if outcome.conflicts:
        found = [Conflict(text, {"rule": "objective"}) for text in outcome.conflicts]
    else:
        found = conflicting_rules(problem, model, time_limit_s=max(1.0, control.remaining()))
    return _infeasible(problem, control, found, messages or [])


def _infeasible(problem: Problem, control: Control, found: list[Conflict], messages: list[str]) -> Solution:
    if not found:
        found = [Conflict("the spend rules cannot all hold (no smaller conflicting set was found in time)", {})]
    return _finish(
        problem,
        control,
        SolveStatus.INFEASIBLE,
        None,
        None,
        conflicts=[c.text for c in found],
        details=[c.details for c in found],
        messages=messages,
    )


def _plain(value: Any) -> Any:
    """JSON-friendly copy (numpy scalars to Python numbers)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _stopped_by(control: Control, status: SolveStatus, gap: float | None) -> StoppedBy:
    """Why the solve ended (see :attr:`Solution.stopped_by`); every phase records a deadline cut on the Control."""
    if control.stopped():
        return "stop"
    if control.deadline_hit:
        return "deadline"
    if status is SolveStatus.OPTIMAL:
        return "complete" if not gap else "gap"
    if status is SolveStatus.INFEASIBLE:
        return "complete"
    return "work_limit"


def _finish(
    problem: Problem,
    control: Control,
    status: SolveStatus,
    objective: float | None,
    bound: float | None,
    *,
    spend: tuple[tuple[int, ...], ...] = (),
    posts: tuple[PostChoice, ...] = (),
    conflicts: list[str] | None = None,
    details: list[dict[str, Any]] | None = None,
    messages: list[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Solution:
    options = control.options
    parameters: dict[str, Any] = {
        "seed": options.seed,
        "workers": options.workers,
        "deterministic": options.deterministic,
        "time_limit_s": options.time_limit_s,
        "deadline_s": options.wall_deadline_s,
        "relative_gap": options.relative_gap,
        "objective": problem.objective.kind,
        "ortools_version": getattr(ortools, "__version__", "unknown"),
        **(extra or {}),
    }
    if not spend:
        spend = (
            tuple(tuple([0] * problem.days) for _ in problem.channels)
            if objective is not None or status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
            else ()
        )
    return Solution(
        stopped_by=_stopped_by(control, status, control.gap(objective, bound)),
        status=status,
        objective=objective,
        best_bound=bound,
        gap=control.gap(objective, bound),
        wall_time_s=round(control.elapsed(), 4),
        spend=spend,
        posts=posts,
        conflicts=tuple(conflicts or ()),
        messages=tuple(messages or ()),
        parameters=_plain(parameters),
        conflict_details=tuple(_plain(d) for d in (details or ())),
    )
