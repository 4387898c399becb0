"""The plan that needs no search: no posts and no spend, when the rules allow it.

Many scenarios have a trivially valid plan: nothing is required, no minimum spend or post count
binds, so posting nothing and spending nothing keeps every rule. When the search ends without a
plan (stopped before its first schedule, or out of work on a hard instance), that plan is returned
instead of "no plan": a valid plan with a proven bound beats none, and "no feasible plan" then
only ever means that the rules truly need a search that did not finish.
"""

from __future__ import annotations

import numpy as np
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.rules import schedule_violations
from mixplan.solver.problem import Problem
from mixplan.solver.spend.build import build_spend_model

EMPTY_PLAN_OBJECTIVES = ("max_revenue", "max_profit", "risk_aware", "target_roas", "target_cpa")
"""Objectives for which the empty plan is a plan (min_spend_for_revenue needs revenue, max_roas spend;
spending nothing meets a target ROAS or CPA)."""


def empty_plan_value(problem: Problem) -> float | None:
    """The objective of posting nothing and spending nothing, or None when that breaks a rule.

    Zero spend earns each curve's value at 0 (``revenue[0]`` times the day factor), which is 0 for
    the usual curves; organic value is 0 with no posts.
    """
    if problem.objective.kind not in EMPTY_PLAN_OBJECTIVES:
        return None
    model = build_spend_model(problem)
    zero = np.zeros(model.groups, dtype=np.int64)
    if model.groups and (not bool(model.valid[:, 0].all()) or model.violations(zero)):
        return None
    posting = problem.items and any(channel.posting is not None for channel in problem.channels)
    if posting and schedule_violations(PostingInstance(problem), ()):
        return None
    revenue = float(model.revenue[:, 0].sum()) if model.groups else 0.0
    if problem.objective.kind == "max_profit":
        return float(problem.objective.margin or 0.0) * revenue
    return revenue
