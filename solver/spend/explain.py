"""Why the spend rules cannot all hold: presolve arithmetic first, then a small conflicting set.

Presolve checks catch the common contradictions with explicit arithmetic (a channel minimum above
the budget, minimums adding up to more than the budget, a minimum a channel cannot reach under its
daily maximum and the daily caps, a group minimum above what its channels can spend, ...). When
they find nothing, the spend model is solved by CP-SAT with one assumption literal per rule
(each budget/cap/minimum/maximum row, and each channel's change limits); CP-SAT's
``sufficient_assumptions_for_infeasibility`` gives a conflicting set, which is then shrunk by
dropping one rule at a time while the rest stays infeasible.

Days are named by the Problem's ``day_labels`` ("Thu 2026-11-26"; "day 3" when it has none) and
channels by their names. Each conflict also has a machine-readable form (a dict) with day indices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from mixplan.solver.cp_solver import new_cp_solver
from mixplan.solver.problem import Problem
from mixplan.solver.spend.cpsat import CpSatSpend
from mixplan.solver.spend.model import Row, SpendModel
from mixplan.solver.spend.money import money, percent
from ortools.sat.python import cp_model


@dataclass(frozen=True)
class Conflict:
    """One explanation: the text for people and the numbers for programs."""

    text: str
    details: dict[str, Any]


def _name(problem: Problem, channel: int) -> str:
    return problem.channels[channel].name


def _days(problem: Problem, first: int, last: int) -> str:
    """'on Thu 2026-11-26' / 'from Mon 2026-11-23 to Sun 2026-11-29' ('over day 3' / 'over days 0-6'
    when the problem has no day labels)."""
    if problem.day_labels:
        if first == last:
            return f"on {problem.day_name(first)}"
        return f"from {problem.day_name(first)} to {problem.day_name(last)}"
    return f"over day {first}" if first == last else f"over days {first}-{last}"


def presolve_conflicts(problem: Problem) -> list[Conflict]:
    """Contradictions among the spend rules that plain arithmetic proves."""
    found: list[Conflict] = []
    caps = [None if c is None else int(c) for c in problem.daily_cap] or [None] * problem.days
    budget = problem.budget
    minimums: list[tuple[str, int]] = []
    for c, channel in enumerate(problem.channels):
        ads = channel.ads
        if ads is None:
            continue
        name = channel.name
        top = [min(ads.grid[-1], cap) if cap is not None else ads.grid[-1] for cap in caps]
        top = [max((g for g in ads.grid if g <= t), default=0) for t in top]
        reach = sum(top)
        if ads.min_total > 0:
            minimums.append((name, ads.min_total))
            if ads.max_total is not None and ads.max_total < ads.min_total:
                found.append(
                    Conflict(
                        f"{name}: min_total {money(ads.min_total)} is above its max_total {money(ads.max_total)}",
                        {
                            "rule": "min_total>max_total",
                            "channel": c,
                            "min_total": ads.min_total,
                            "max_total": ads.max_total,
                        },
                    )
                )
            if ads.min_total > budget:
                per_day = ads.min_daily
                days_needed = -(-ads.min_total // per_day) if per_day > 0 else 0
                how = (
                    f" ({money(per_day)}/day x {days_needed} days at least)"
                    if per_day > 0 and days_needed * per_day >= ads.min_total and days_needed <= problem.days
                    else ""
                )
                found.append(
                    Conflict(
                        f"{name}: minimum spend {money(ads.min_total)}{how} required by min_total exceeds the "
                        f"budget of {money(budget)}",
                        {"rule": "min_total>budget", "channel": c, "min_total": ads.min_total, "budget": budget},
                    )
                )
            elif ads.min_total > reach:
                capped = any(x is not None for x in caps)
                limit = (
                    "its maximum daily spend and the daily caps allow" if capped else "its maximum daily spend allows"
                )
                found.append(
                    Conflict(
                        f"{name}: min_total {money(ads.min_total)} cannot be reached: {limit} at most "
                        f"{money(reach)} over {problem.days} days (max {money(ads.grid[-1])}/day)",
                        {"rule": "min_total>reach", "channel": c, "min_total": ads.min_total, "reach": reach},
                    )
                )
    total_min = sum(amount for _, amount in minimums)
    if len(minimums) > 1 and total_min > budget and all(amount <= budget for _, amount in minimums):
        parts = ", ".join(f"{name} {money(amount)}" for name, amount in minimums)
        found.append(
            Conflict(
                f"channel minimums add up to {money(total_min)} ({parts}), more than the budget {money(budget)}",
                {"rule": "sum(min_total)>budget", "total": total_min, "budget": budget},
            )
        )
    for index, bound in enumerate(problem.spend_bounds):
        label = f"rule {bound.name!r}"
        if bound.hi is not None and bound.lo > bound.hi:
            found.append(
                Conflict(
                    f"{label}: minimum {money(bound.lo)} is above its maximum {money(bound.hi)}",
                    {"rule": "spend_bound lo>hi", "index": index, "lo": bound.lo, "hi": bound.hi},
                )
            )
        if bound.lo > budget:
            found.append(
                Conflict(
                    f"{label}: minimum spend {money(bound.lo)} {_days(problem, bound.first_day, bound.last_day)} "
                    f"exceeds the budget of {money(budget)}",
                    {"rule": "spend_bound>budget", "index": index, "lo": bound.lo, "budget": budget},
                )
            )
            continue
        members = range(len(problem.channels)) if bound.channels is None else bound.channels
        reach = 0
        for c in members:
            ads = problem.channels[c].ads
            if ads is None:
                continue
            for d in range(bound.first_day, bound.last_day + 1):
                cap = caps[d] if d < len(caps) else None
                reach += ads.grid[-1] if cap is None else max((g for g in ads.grid if g <= cap), default=0)
        if bound.lo > reach:
            found.append(
                Conflict(
                    f"{label}: minimum spend {money(bound.lo)} {_days(problem, bound.first_day, bound.last_day)} "
                    f"cannot be reached: its channels can spend at most {money(reach)} there",
                    {"rule": "spend_bound>reach", "index": index, "lo": bound.lo, "reach": reach},
                )
            )
    objective = problem.objective
    if objective.kind == "max_roas" and objective.min_spend is not None and objective.min_spend > budget:
        found.append(
            Conflict(
                f"max_roas needs a minimum spend of {money(objective.min_spend)}, "
                f"more than the budget of {money(budget)}",
                {"rule": "min_spend>budget", "min_spend": objective.min_spend, "budget": budget},
            )
        )
    return found


def describe_row(problem: Problem, model: SpendModel, row: Row) -> Conflict:
    """A rule (row) in the user's terms with its numbers."""
    subject = dict(row.subject)
    details: dict[str, Any] = {"rule": row.family, "amount": row.rhs, **subject}
    if row.family == "budget":
        return Conflict(f"the budget of {money(row.rhs)}", details)
    if row.family == "daily_cap":
        day = int(subject["day"])
        when = _days(problem, day, day).replace("over ", "on ")
        return Conflict(f"the daily cap of {money(row.rhs)} {when}{_minimums_on_day(problem, day)}", details)
    if row.family in ("min_total", "max_total"):
        name = _name(problem, int(subject["channel"]))
        word = "minimum" if row.family == "min_total" else "maximum"
        return Conflict(f"{name}: total {word} {money(row.rhs)} ({row.family})", details)
    if row.family in ("spend_bound_lo", "spend_bound_hi"):
        bound = problem.spend_bounds[int(subject["rule"])]
        word = "at least" if row.family == "spend_bound_lo" else "at most"
        names = "all channels" if bound.channels is None else ", ".join(_name(problem, c) for c in bound.channels)
        when = _days(problem, bound.first_day, bound.last_day)
        return Conflict(f"rule {bound.name!r}: {word} {money(row.rhs)} on {names} {when}", details)
    if row.family == "boost_max_total":
        return Conflict(f"the boost limit of {money(row.rhs)}", details)
    if row.family == "revenue_target":
        return Conflict(f"the revenue target ({money(row.rhs)} from paid revenue)", details)
    if row.family == "min_spend":
        return Conflict(f"the minimum paid spend of {money(row.rhs)} (max_roas)", details)
    return Conflict(row.label(), details)


def _minimums_on_day(problem: Problem, day: int) -> str:
    lows = [
        f"{c.name} {money(c.ads.min_daily)}"
        for c in problem.channels
        if c.ads is not None and c.ads.min_daily > 0 and len(c.ads.grid) > 1
    ]
    return f" (smallest non-zero daily spends: {', '.join(lows)})" if lows else ""


def describe_links(problem: Problem, channel: int) -> Conflict:
    """A channel's day-over-day change limit in the user's terms."""
    ads = problem.channels[channel].ads
    assert ads is not None and ads.max_change is not None
    return Conflict(
        f"{_name(problem, channel)}: day-over-day change limit of {percent(ads.max_change)} "
        f"(daily spend 0 or {money(ads.min_daily)}-{money(ads.max_daily)} in steps of {money(ads.step)})",
        {"rule": "max_change", "channel": channel, "max_change": ads.max_change},
    )


def conflicting_rules(problem: Problem, model: SpendModel, time_limit_s: float = 5.0) -> list[Conflict]:
    """A small set of the model's rules that cannot all hold (empty if none found in time)."""
    families: list[tuple[str, int]] = [("row", i) for i in range(len(model.rows))]
    channels_with_links = sorted({int(model.channel[link.next]) for link in model.links})
    families += [("links", c) for c in channels_with_links]
    core = _core(model, families, families, time_limit_s)
    if core is None:
        return []
    if len(core) <= 12:
        for member in list(core):
            trial = [f for f in core if f != member]
            if trial and _core(model, families, trial, time_limit_s / 4, just_check=True) is not None:
                core = trial
    conflicts = []
    for kind, index in core:
        if kind == "row":
            conflicts.append(describe_row(problem, model, model.rows[index]))
        else:
            conflicts.append(describe_links(problem, index))
    return conflicts


def _core(
    model: SpendModel,
    families: list[tuple[str, int]],
    active: list[tuple[str, int]],
    time_limit_s: float,
    just_check: bool = False,
) -> list[tuple[str, int]] | None:
    """Solve with only the ``active`` rules (each behind an assumption); the infeasible core or None."""
    keep_rows = {index for kind, index in active if kind == "row"}
    keep_links = {index for kind, index in active if kind == "links"}
    reduced = model.with_objective(0.0, 0.0)
    reduced.rows = []
    reduced.links = [link for link in model.links if int(model.channel[link.next]) in keep_links]
    builder = CpSatSpend(reduced, guard_links=True)
    assumptions: dict[int, tuple[str, int]] = {}
    for index in sorted(keep_rows):
        row = model.rows[index]
        literal = builder.cp.new_bool_var(f"rule{index}")
        assumptions[literal.index] = ("row", index)
        variables = []
        coefficients: list[int] = []
        fixed = 0
        for position, g in enumerate(row.members.tolist()):
            opts = builder.options[g]
            if row.term == "spend":
                terms = model.spend[g, opts]
            else:
                weight = 1.0 if row.weights is None else float(row.weights[position])
                raw = weight * model.revenue[g, opts] - row.spend_weight * model.spend[g, opts]
                terms = np.floor(raw).astype(np.int64)
            if len(opts) == 1:
                fixed += int(terms[0])
            else:
                variables += builder.literals[g]
                coefficients += [int(t) for t in terms.tolist()]
        expression = cp_model.LinearExpr.weighted_sum(variables, coefficients) + fixed
        rhs = int(np.floor(row.rhs)) if row.sense == "<=" else int(np.ceil(row.rhs))
        constraint = builder.cp.add(expression <= rhs) if row.sense == "<=" else builder.cp.add(expression >= rhs)
        constraint.only_enforce_if(literal)
    literals = []
    for index, literal in builder.link_guards.items():
        assumptions[literal.index] = ("links", index)
    for proto_index in assumptions:
        literals.append(builder.cp.get_bool_var_from_proto_index(proto_index))
    builder.cp.add_assumptions(literals)
    solver = new_cp_solver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 1
    status = solver.solve(builder.cp)
    if status != cp_model.INFEASIBLE:
        return None
    if just_check:
        return active
    core = [assumptions[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in assumptions]
    return core or active
