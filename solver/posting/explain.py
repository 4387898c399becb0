"""Explain an infeasible posting problem with CP-SAT assumptions (small problems).

Every rule family of every channel, item, category and count rule is put behind an assumption
literal; CP-SAT returns a set of assumptions that is infeasible together, which is then shrunk
(deletion filter: drop a rule, re-solve, keep it out if still infeasible). The result names the
rules and their numbers in the user's terms.
"""

from __future__ import annotations

import numpy as np
from mixplan.solver.cp_solver import new_cp_solver
from mixplan.solver.posting.cpsat_model import Guards, PostingModel, all_candidates
from mixplan.solver.posting.instance import PostingInstance
from ortools.sat.python import cp_model


def _hours(inst: PostingInstance, slots: int) -> str:
    return f"{slots * inst.problem.slot_minutes / 60:g} h"


def describe_rule(inst: PostingInstance, key: tuple) -> str:
    """One guarded rule in the user's words, with its numbers."""
    kind = key[0]
    if kind in ("gap", "day", "week", "quota"):
        k = key[1]
        posting = inst.problem.channels[k].posting
        assert posting is not None
        name = inst.channel_name(k)
        if kind == "gap":
            if posting.min_gap_slots <= 1:
                return f"{name} publishes at most one post per {_hours(inst, 1)} slot"
            return f"{name} needs {_hours(inst, posting.min_gap_slots)} between two posts"
        if kind == "day":
            return f"{name} allows at most {posting.max_per_day} posts per day"
        if kind == "week":
            return f"{name} allows at most {posting.max_per_week} posts per week"
        return f"{name} publishes at most {posting.quota} posts per {_hours(inst, posting.quota_window_slots)}"
    if kind in ("uses", "channel_uses", "cool", "cross", "required"):
        i = key[1]
        name = inst.item_name(i)
        if kind == "uses":
            return f"item '{name}' may be used at most {inst.max_uses[i]} times (max_uses, all channels)"
        if kind == "channel_uses":
            return (
                f"item '{name}' may be used at most {inst.per_channel[i]} times on one channel (max_uses_per_channel)"
            )
        if kind == "cool":
            cool = _hours(inst, int(inst.cooldown[i]))
            return f"item '{name}' needs a cool-down of {cool} between reposts on one channel"
        if kind == "cross":
            return (
                f"item '{name}' needs {_hours(inst, int(inst.cross_gap[i]))} between cross-posts (cross_post_gap_hours)"
            )
        end = inst.slot_label(int(inst.last[i]) + 1) if inst.last[i] + 1 < inst.n_slots else "the end of the plan"
        return f"item '{name}' is required (window {inst.slot_label(int(inst.first[i]))} – {end})"
    if kind == "required_channel":
        return f"item '{inst.item_name(key[1])}' must go on {inst.channel_name(key[2])}"
    if kind in ("share_min", "share_max"):
        rule = inst.shares[key[1]]
        cat = inst.category_name(rule.category)
        posts = "posts"
        if rule.scoped:
            posts = "posts on " + ", ".join(inst.channel_name(int(k)) for k in np.flatnonzero(rule.on))
        if kind == "share_min":
            return f"at least {float(rule.min_share or 0):.0%} of each week's {posts} must be '{cat}'"
        return f"at most {float(rule.max_share or 0):.0%} of each week's {posts} may be '{cat}'"
    rule = inst.count_rules[key[1]]
    span = "in the whole range" if rule.window_slots is None else f"in every {_hours(inst, rule.window_slots)}"
    hi = "" if rule.hi is None else f" and at most {rule.hi}"
    return f"rule '{rule.name}' asks for at least {rule.lo}{hi} posts {span}"


def _infeasible(model: cp_model.CpModel, literals: list[cp_model.IntVar], seconds: float) -> bool | None:
    model.clear_assumptions()
    model.add_assumptions(literals)
    solver = new_cp_solver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return True
    if status in (cp_model.FEASIBLE, cp_model.OPTIMAL):
        return False
    return None


def explain_infeasible(inst: PostingInstance, seconds: float) -> list[str] | None:
    """A minimal set of conflicting rules as one message, or None if the time ran out or it is feasible."""
    guards = Guards()
    pm = PostingModel(inst, all_candidates(inst), guards=guards)
    model = pm.model
    model.clear_objective()
    keys = list(guards.literals)
    lits = [guards.literals[k] for k in keys]
    model.add_assumptions(lits)
    solver = new_cp_solver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.1, seconds / 2)
    status = solver.solve(model)
    if status != cp_model.INFEASIBLE:
        return None
    index = {lit.index: key for key, lit in guards.literals.items()}
    core = [index[j] for j in solver.sufficient_assumptions_for_infeasibility() if j in index]
    per_try = seconds / (2 * max(1, len(core)))
    for key in list(core):
        rest = [k for k in core if k != key]
        if _infeasible(model, [guards.literals[k] for k in rest], per_try) is True:
            core = rest
    if not core:
        return [
            "the posting rules cannot all hold (the item windows, blackout hours and channel rules leave "
            "no valid schedule)"
        ]
    return ["these posting rules cannot all hold together: " + "; ".join(describe_rule(inst, k) for k in core)]
