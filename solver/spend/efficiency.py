"""Target efficiency (Robyn's ``target_efficiency``): the most revenue while ROAS or CPA stays on target.

- ``target_roas``: maximize organic + paid revenue subject to ``revenue >= target_roas x paid spend``,
  where ``revenue`` is paid revenue (``roas_basis = "paid"``) or paid + organic (``"blended"``).
- ``target_cpa``: maximize organic + paid revenue subject to ``paid spend <= target_cpa x paid
  conversions``, a channel's paid conversions being its paid revenue times
  ``conversions_per_revenue[channel]`` (orders: 1 / average order value; clicks: that over the
  conversion rate).

Both are one linear ``net`` row, ``sum_g w_g revenue_g - t spend_g >= rhs``, added to the spend
model; the pipeline (:func:`mixplan.solver.spend.engine.maximize`) then solves it exactly on the
grid with a proven bound. Spending nothing meets the row (unless minimum-spend rules force
spend), so a plan exists whenever the other rules allow one.
"""

from __future__ import annotations

import numpy as np
from mixplan.solver.problem import Problem
from mixplan.solver.spend.model import Row, SpendModel
from mixplan.solver.spend.money import money

ROW_SLACK = 1e-9
"""Relative tolerance of the efficiency row (of target x the largest spend), for float rounding only."""


def efficiency_row(problem: Problem, model: SpendModel, organic: float) -> Row:
    """The objective's ROAS or CPA row over every group of ``model``, with ``organic`` revenue fixed."""
    objective = problem.objective
    members = np.arange(model.groups)
    most_spend = float(max(problem.budget, 1))
    if objective.kind == "target_roas":
        target = float(objective.target_roas or 0.0)
        rhs = -organic if objective.roas_basis == "blended" else 0.0
        weights = np.ones(model.groups)
        slack = ROW_SLACK * max(1.0, target * most_spend)
        return Row("target_roas", ">=", rhs, members, "net", (), weights, target, slack)
    cpa = float(objective.target_cpa or 0.0)
    per_channel = np.asarray(objective.conversions_per_revenue, dtype=np.float64)
    weights = cpa * per_channel[model.channel] if len(per_channel) else np.zeros(model.groups)
    return Row("target_cpa", ">=", 0.0, members, "net", (), weights, 1.0, ROW_SLACK * most_spend)


def efficiency_note(problem: Problem, model: SpendModel, choice: np.ndarray, organic: float) -> list[str]:
    """Say what the plan's efficiency is and whether the target holds spend below the budget."""
    spend, revenue = model.chosen(choice)
    spent, paid = float(spend.sum()), float(revenue.sum())
    objective = problem.objective
    held = spent < problem.budget
    if objective.kind == "target_roas":
        basis = paid + (organic if objective.roas_basis == "blended" else 0.0)
        reached = f"{basis / spent:.2f}" if spent > 0 else "none (nothing spent)"
        text = f"ROAS ({objective.roas_basis}) {reached} against the target {float(objective.target_roas or 0):.2f}"
    else:
        per_channel = np.asarray(objective.conversions_per_revenue, dtype=np.float64)
        conversions = float((revenue * per_channel[model.channel]).sum()) if len(per_channel) else 0.0
        reached = money(spent / conversions) if conversions > 0 else "none (no conversions)"
        text = f"cost per conversion {reached} against the target {money(float(objective.target_cpa or 0))}"
    if held:
        text += (
            f"; spend stops at {money(spent)} of {money(problem.budget)}: more would break the target or another rule"
        )
    return [text]
