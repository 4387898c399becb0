"""A complete plan within the first moments of a joint solve, so progress shows the plan's objective at once.

The posting search and the spend search each report in their own units until the first posting
pass ends (about a third into the limit on the bundled example). This module builds a whole plan
from cheap pieces first: the greedy-by-value calendar (or, when that breaks a rule such as a
weekly minimum, the required-first start repaired to every minimum), then greedy ads and boosts
on it. It is a real plan that keeps every rule: the joint solve builds it first when progress is
watched, and returns it when no pass ends with a plan (stopped, cut by the deadline, or no
schedule found; then it is built at the end if it was not yet), so the returned plan never depends
on whether anyone watched.

Only objectives that are a weighted sum (``max_revenue``, ``max_profit``, ``risk_aware`` without
samples) get one; the ratio and target objectives need a search for their first plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from mixplan.solver.control import Control
from mixplan.solver.posting.budget import Budget
from mixplan.solver.posting.feasibility import required_first_start
from mixplan.solver.posting.greedy import greedy_schedule
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.rules import schedule_violations
from mixplan.solver.posting.value import posting_value
from mixplan.solver.problem import Problem
from mixplan.solver.solution import PostChoice, SolveStatus
from mixplan.solver.spend.build import boost_slots_of_posts, build_spend_model
from mixplan.solver.spend.greedy import greedy_solution
from mixplan.solver.spend.model import SpendModel
from mixplan.solver.spend.objectives import PaidOutcome
from mixplan.solver.spend.presolve import presolve

MAX_ITEM_CHANNEL_DAYS = 100_000
"""Above this many item × posting channel × day combinations the first plan is skipped: building its
posting instance a second time would cost more than the search's own first schedule."""
REPAIR_WORK = 0.5
"""Counted work (about half a second on the reference machine) the repair of the required-first start may use."""


@dataclass
class FirstPlan:
    """A complete plan: its posts, their organic value, the spend model on them and the paid outcome."""

    posts: tuple[PostChoice, ...]
    organic: float
    model: SpendModel
    outcome: PaidOutcome


def first_plan(problem: Problem, control: Control, weights: tuple[float, float, float]) -> FirstPlan | None:
    """The cheap complete plan of the module docstring, or None when none is found cheaply.

    ``weights`` are the objective's (organic weight, alpha, beta) of
    :func:`mixplan.solver.joint.objective_weights`. The plan is recorded on ``control`` and reported
    as the phase "first plan".
    """
    posting_channels = sum(1 for channel in problem.channels if channel.posting is not None)
    if len(problem.items) * posting_channels * problem.days > MAX_ITEM_CHANNEL_DAYS or control.stopped():
        return None
    inst = PostingInstance(problem, None)
    if not inst.posting_channels or inst.n_candidates() == 0:
        return None
    posts: list[PostChoice] | None = list(greedy_schedule(inst))
    if not posts or schedule_violations(inst, posts):
        posts = required_first_start(inst, Budget(control.options, 0.0, control=control), REPAIR_WORK)
    if posts is None:
        return None
    organic_weight, alpha, beta = weights
    organic = posting_value(problem, posts)
    model = build_spend_model(problem, boost_slots_of_posts(problem, posts))
    priced = presolve(model.with_objective(alpha, beta, organic_weight * organic))
    choice = greedy_solution(priced)
    if choice is None or priced.violations(choice):
        return None
    value = float(priced.objective_of(choice))
    control.record_plan(value)
    control.report("first plan", value, None)
    outcome = PaidOutcome(choice, value, None, SolveStatus.FEASIBLE, messages=["first plan: greedy calendar and spend"])
    return FirstPlan(tuple(posts), organic, model, outcome)
