"""Brute force for tiny spend-only Problems, written from the Problem docstrings (no solver code).

Every combination of grid levels per channel-day is enumerated; the rules are re-checked here
independently: budget, daily caps, channel min/max totals, day-over-day change limits, spend bounds.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass

from mixplan.solver import ObjectiveData, Problem


@dataclass(frozen=True)
class Plan:
    """One enumerated plan: spend[c][d], paid revenue and spend totals, revenue per sample."""

    spend: tuple[tuple[int, ...], ...]
    revenue: float
    total: int
    samples: tuple[float, ...]
    conversions: float = 0.0


def ads_channels(problem: Problem) -> list[int]:
    """Indices of channels with ads."""
    return [c for c, ch in enumerate(problem.channels) if ch.ads is not None]


def rules_hold(problem: Problem, spend: tuple[tuple[int, ...], ...]) -> bool:
    """Whether a spend table meets every spend rule of the Problem."""
    total = sum(sum(row) for row in spend)
    if total > problem.budget:
        return False
    for d, cap in enumerate(problem.daily_cap):
        if cap is not None and sum(row[d] for row in spend) > cap:
            return False
    for c, channel in enumerate(problem.channels):
        ads = channel.ads
        if ads is None:
            continue
        row = spend[c]
        if sum(row) < ads.min_total or (ads.max_total is not None and sum(row) > ads.max_total):
            return False
        if ads.max_change is not None:
            # consecutive positive days (a restart after a pause counts), from the spend before the window
            p = ads.previous_spend
            for x in row:
                if x <= 0:
                    continue
                if p > 0 and not (p * (1 - ads.max_change) <= x <= p * (1 + ads.max_change)):
                    return False
                p = x
    for bound in problem.spend_bounds:
        members = range(len(problem.channels)) if bound.channels is None else bound.channels
        amount = sum(spend[c][d] for c in members for d in range(bound.first_day, bound.last_day + 1))
        if amount < bound.lo or (bound.hi is not None and amount > bound.hi):
            return False
    return True


def plans(problem: Problem) -> Iterator[Plan]:
    """Every plan that meets the rules."""
    channels = ads_channels(problem)
    days = problem.days
    choices = [range(len(problem.channels[c].ads.grid)) for c in channels for _ in range(days)]
    count = max((len(c.ads.samples) for c in problem.channels if c.ads is not None), default=0)
    for combo in itertools.product(*choices):
        table = [[0] * days for _ in problem.channels]
        revenue = 0.0
        conversions = 0.0
        per_revenue = problem.objective.conversions_per_revenue
        samples = [0.0] * count
        for position, j in enumerate(combo):
            c, d = channels[position // days], position % days
            ads = problem.channels[c].ads
            assert ads is not None
            table[c][d] = ads.grid[j]
            revenue += ads.revenue[j] * ads.day_factor[d]
            conversions += ads.revenue[j] * ads.day_factor[d] * (per_revenue[c] if per_revenue else 0.0)
            for s in range(count):
                curve = ads.samples[s] if ads.samples else ads.revenue
                samples[s] += curve[j] * ads.day_factor[d]
        spend = tuple(tuple(row) for row in table)
        if rules_hold(problem, spend):
            yield Plan(spend, revenue, sum(sum(row) for row in table), tuple(samples), conversions)


def objective_value(objective: ObjectiveData, plan: Plan) -> float | None:
    """The objective of a plan (None when the plan does not qualify, e.g. below a revenue target)."""
    if objective.kind == "max_revenue":
        return plan.revenue
    if objective.kind == "max_profit":
        return (objective.margin or 0.0) * plan.revenue - plan.total
    if objective.kind == "min_spend_for_revenue":
        return -plan.total if plan.revenue >= (objective.revenue_target or 0) else None
    if objective.kind == "target_roas":
        # spend-only problems: no organic revenue, so paid and blended ROAS agree
        return plan.revenue if plan.revenue >= (objective.target_roas or 0.0) * plan.total - 1e-9 else None
    if objective.kind == "target_cpa":
        return plan.revenue if plan.total <= (objective.target_cpa or 0.0) * plan.conversions + 1e-9 else None
    if objective.kind == "max_roas":
        if plan.total < max(objective.min_spend or 0, 1):
            return None
        return plan.revenue / plan.total
    values = sorted(plan.samples)
    if objective.risk_measure == "cvar":
        k = max(1, math.ceil(objective.risk_alpha * len(values) - 1e-9))
        return sum(values[:k]) / k
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    return mean - objective.risk_lambda * sd


def best_value(problem: Problem) -> float | None:
    """The best objective over all plans (None if no plan qualifies); min objectives as negatives."""
    best = None
    for plan in plans(problem):
        value = objective_value(problem.objective, plan)
        if value is not None and (best is None or value > best):
            best = value
    return best
