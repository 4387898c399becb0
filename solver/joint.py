"""Posting + paid spend together: posting with Lagrangian boost bonuses, then ads + boosts on the posts.

Pass 1 prices the budget, daily caps and boost limit with the envelope LP over ads and every boost
slot a schedule could use; the posting solver maximizes organic value + boost bonus at those
prices; then ads and boosts on the scheduled posts are solved as one spend model. Pass 2 (when
boosts exist and time allows) re-prices with the LP of the plan just found — at LP prices the
marginal boosts are worth exactly their price, so pass 1 can leave a boost-friendly schedule
unchosen — and keeps the better plan. Every pass's prices give a valid joint bound
(:func:`mixplan.solver.spend.boosts.joint_bound`); the smallest is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from mixplan.solver.control import Control, PlanFrame
from mixplan.solver.first_plan import first_plan
from mixplan.solver.problem import Problem
from mixplan.solver.solution import PostChoice, SolveStatus
from mixplan.solver.spend.boosts import boost_bonus, paid_bound_part
from mixplan.solver.spend.build import boost_slots_of_posts, boost_slots_relaxed, build_spend_model
from mixplan.solver.spend.explain import Conflict, conflicting_rules
from mixplan.solver.spend.model import BOOST, SpendModel
from mixplan.solver.spend.objectives import PaidOutcome, solve_objective
from mixplan.solver.spend.relax import envelope_lp

POSTING_SHARES = (0.35, 0.2)
"""Share of the time limit for the posting solve of pass 1 and pass 2."""
POSTING_ONLY_SHARE = 0.85
"""Share of the time limit for the posting solve when no channel has ads (nothing else to optimize)."""


@dataclass
class JointResult:
    """The best joint plan found: posts, the paid outcome on them and what the bound needs."""

    relaxed: SpendModel
    posts: tuple[PostChoice, ...] = ()
    organic: float = 0.0
    posting_bound: float = float("inf")
    outcome: PaidOutcome | None = None
    model: SpendModel | None = None
    duals: np.ndarray | None = None
    lagrangian_bound: float | None = None
    conflicts: list[Conflict] | None = None
    messages: list[str] = field(default_factory=list)
    posting_seconds: float = 0.0


def has_curve_samples(problem: Problem) -> bool:
    """Whether any channel carries alternative curve samples (what risk_aware weighs)."""
    return any(channel.ads is not None and len(channel.ads.samples) > 1 for channel in problem.channels)


def objective_weights(problem: Problem) -> tuple[float, float, float] | None:
    """(organic weight, alpha, beta) when the objective is a sum the Lagrangian bonus can split."""
    kind = problem.objective.kind
    if kind == "max_revenue" or (kind == "risk_aware" and not has_curve_samples(problem)):
        return 1.0, 1.0, 0.0  # risk_aware without samples is the expected revenue
    if kind == "max_profit":
        margin = float(problem.objective.margin or 0.0)
        return margin, margin, 1.0
    return None


def _aligned(target: SpendModel, source: SpendModel, duals: np.ndarray) -> np.ndarray:
    """Duals of ``source``'s rows moved onto ``target``'s rows with the same label (others 0)."""
    by_label = {row.label(): float(y) for row, y in zip(source.rows, duals.tolist(), strict=True)}
    return np.array([by_label.get(row.label(), 0.0) for row in target.rows], dtype=np.float64)


def _better(a: PaidOutcome | None, b: PaidOutcome) -> bool:
    if a is None or a.objective is None:
        return b.objective is not None
    if b.objective is None:
        return False
    return b.objective > a.objective if b.sense == "max" else b.objective < a.objective


def solve_joint(problem: Problem, control: Control) -> JointResult:
    """Run the passes described in the module docstring."""
    from mixplan.solver.posting import posting_value, solve_posting

    weights = objective_weights(problem)
    relaxed = build_spend_model(problem, boost_slots_relaxed(problem))
    result = JointResult(relaxed=relaxed)
    duals: np.ndarray | None = None
    if weights is not None:
        _, alpha, beta = weights
        relaxed = relaxed.with_objective(alpha, beta)
        result.relaxed = relaxed
        lp = envelope_lp(relaxed, wall_s=control.wall_left())
        if not lp.feasible:
            result.conflicts = conflicting_rules(problem, relaxed)
            result.messages.append("the spend rules contradict each other")
            return result
        duals = lp.duals
    has_boosts = bool((relaxed.kind == BOOST).any())
    posting_only = not has_boosts and not any(channel.ads is not None for channel in problem.channels)
    # built at once only for someone watching the progress: the search's own first plan follows soon,
    # and a batch of plans should not pay for it (see the end of this function for the fallback)
    watched = control.options.on_progress is not None
    first = first_plan(problem, control, weights) if weights is not None and watched else None
    passes = len(POSTING_SHARES) if weights is not None and has_boosts else 1
    previous_bonus: np.ndarray | None = None
    for number in range(passes):
        if number > 0 and (control.stopped() or (not control.options.deterministic and control.remaining() < 0.5)):
            break
        bonus = None
        if weights is not None and duals is not None:
            bonus = boost_bonus(problem, relaxed, duals, weights[1], weights[2], weights[0])
            if number > 0 and bonus is not None and previous_bonus is not None and np.allclose(bonus, previous_bonus):
                break
        previous_bonus = bonus
        share = POSTING_SHARES[number] if passes > 1 else sum(POSTING_SHARES)
        if not any(channel.ads is not None for channel in problem.channels):
            share = POSTING_ONLY_SHARE
        seconds = control.share_seconds(share)
        result.posting_seconds += seconds
        if control.out_of_time():
            result.messages.append("stopped: deadline")
            break
        paid_part = paid_bound_part(relaxed, duals) if weights is not None and duals is not None else None
        with control.framed(_posting_frame(paid_part, weights, posting_only)):
            posting = solve_posting(problem, control.options, time_limit_s=seconds, bonus=bonus, control=control)
        result.messages += [f"posting pass {number + 1}: {m}" for m in posting.messages]
        if posting.status is SolveStatus.INFEASIBLE:
            result.conflicts = [Conflict(text, {"rule": "posting"}) for text in posting.conflicts]
            return result
        if posting.status is SolveStatus.NO_SOLUTION:
            break
        posts = tuple(posting.posts)
        organic = posting_value(problem, posts)
        model = build_spend_model(
            problem, boost_slots_of_posts(problem, posts), with_samples=problem.objective.kind == "risk_aware"
        )
        with control.framed(lambda objective, _bound: (control.as_plan_value(objective), None)):
            outcome = solve_objective(problem, model, control, organic, 0.6 / passes)
        control.record_plan(outcome.objective if outcome.choice is not None else None)
        result.messages.append(
            f"posting pass {number + 1}: {len(posts)} posts, organic value {organic / 100:,.2f}, "
            f"status {posting.status.value}, bound {posting.bound / 100:,.2f}"
        )
        if weights is not None and paid_part is not None:
            bound = weights[0] * posting.bound + paid_part  # joint_bound at these prices
            result.lagrangian_bound = bound if result.lagrangian_bound is None else min(result.lagrangian_bound, bound)
            control.record_plan(None, bound)
        if outcome.status is SolveStatus.INFEASIBLE and result.outcome is None:
            result.outcome, result.model = outcome, model
            return result
        if _better(result.outcome, outcome):
            result.posts, result.organic, result.outcome, result.model = posts, organic, outcome, model
            result.posting_bound = posting.bound
            result.duals = duals
        if weights is None or not has_boosts:
            result.posting_bound = posting.bound
            break
        # prices of the plan just found, for the next pass
        priced = model.with_objective(weights[1], weights[2])
        lp = envelope_lp(priced)
        if not lp.feasible:
            break
        duals = _aligned(relaxed, priced, lp.duals)
    if result.outcome is None and result.conflicts is None and weights is not None:
        # no pass ended with a plan (stopped, deadline, no schedule found): the cheap complete plan, the
        # same whether or not progress was watched (the search's plans never depend on it)
        first = first if first is not None else first_plan(problem, control, weights)
        if first is not None:
            result.posts, result.organic = first.posts, first.organic
            result.outcome, result.model = first.outcome, first.model
            result.messages.append("first plan kept: the search ended before it found a plan")
    return result


def _posting_frame(
    paid_part: float | None, weights: tuple[float, float, float] | None, posting_only: bool
) -> PlanFrame:
    """How a posting phase's figures map onto the whole plan's (see :class:`mixplan.solver.control.Control`).

    Its bound becomes a joint bound through :func:`joint_bound`, affine in the posting bound (``paid_part``
    is the rest of it at the pass's prices);
    its calendar value is a plan's objective only when nothing is paid (no ads, no boosts).
    """
    if weights is None or paid_part is None:
        return lambda _objective, _bound: (None, None)
    organic_weight = weights[0]
    base = paid_part

    def frame(objective: float | None, bound: float | None) -> tuple[float | None, float | None]:
        plan_bound = None if bound is None or not np.isfinite(bound) else organic_weight * bound + base
        plan_objective = organic_weight * objective if posting_only and objective is not None else None
        return plan_objective, plan_bound

    return frame
