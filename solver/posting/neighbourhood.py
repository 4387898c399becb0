"""Re-solve a time window of a schedule exactly with CP-SAT, everything outside fixed.

Used to repair rules the local search's moves cannot fix one at a time (e.g. a post-count minimum
on one channel whose only candidates break a category cap elsewhere) and to improve a schedule
window by window. Candidates inside the window: the posts already there, the best items of every
category for every open slot, and the items a rule needs (required items, required channels). The
exact model (:mod:`cpsat_model`) keeps every rule, including those that cross the window's edges,
because the fixed posts outside are part of it.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from mixplan.solver.cp_solver import new_cp_solver
from mixplan.solver.posting.budget import Budget
from mixplan.solver.posting.cpsat_model import Candidates, PostingModel
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.schedule import Schedule
from ortools.sat.python import cp_model

ITEMS_PER_SLOT = 4  # best items per category and open slot


def window_candidates(
    inst: PostingInstance,
    sched: Schedule,
    first: int,
    last: int,
    extra_items: list[int],
    channels: Collection[int] | None = None,
) -> list[tuple[int, int, int]]:
    """Candidate (item, channel, slot) triples for slots first..last (on ``channels``, None = every channel)."""
    out: set[tuple[int, int, int]] = set()
    slots = np.arange(first, last + 1)
    for k in inst.posting_channels:
        if channels is not None and k not in channels:
            continue
        open_slots = slots[inst.slot_value[k, slots] > 0]
        if open_slots.size == 0:
            continue
        allowed = inst.available[:, open_slots] & (inst.value[:, k] > 0)[:, None]
        worth = np.where(allowed, inst.value[:, k][:, None] * inst.slot_value[k, open_slots][None, :], -np.inf)
        for c in np.unique(inst.category).tolist():
            mine = np.flatnonzero(inst.category == c)
            if mine.size == 0:
                continue
            n = min(ITEMS_PER_SLOT, mine.size)
            part = worth[mine]
            top = np.argpartition(-part, n - 1, axis=0)[:n] if n < mine.size else np.argsort(-part, axis=0)
            for col, t in enumerate(open_slots.tolist()):
                for row in top[:, col].tolist():
                    if np.isfinite(part[row, col]):
                        out.add((int(mine[row]), k, t))
        for i in extra_items:
            for t in open_slots[allowed[i]].tolist():
                out.add((i, k, t))
    for i, k, t in sched.triples():
        if first <= t <= last and (channels is None or k in channels):
            out.add((i, k, t))
    return sorted(out)


def resolve_window(
    inst: PostingInstance,
    sched: Schedule,
    first: int,
    last: int,
    budget: Budget,
    seconds: float,
    extra_items: list[int] | None = None,
    need_improvement: bool = False,
    channels: Collection[int] | None = None,
) -> bool:
    """Re-solve slots first..last; on success the schedule holds the new posts and True comes back.

    The new window must keep every rule. With ``need_improvement`` it must also be worth more
    than the current one (when the current schedule is valid); else any valid answer is taken.
    With ``channels`` only those channels' posts in the window are free (the others stay fixed).
    """
    first, last = max(0, first), min(inst.n_slots - 1, last)
    inside = window_candidates(inst, sched, first, last, extra_items or [], channels)

    def free(k: int, t: int) -> bool:
        return first <= t <= last and (channels is None or k in channels)

    outside = [(i, k, t) for i, k, t in sched.triples() if not free(k, t)]
    cands = Candidates.from_triples(inside + outside)
    index = {
        (int(i), int(k), int(t)): j
        for j, (i, k, t) in enumerate(zip(cands.items, cands.channels, cands.slots, strict=True))
    }
    fixed = np.zeros(len(cands), dtype=bool)
    fixed[[index[x] for x in outside]] = True
    inside_items = {i for i, _k, _t in inside}
    inside_pairs = {(i, k) for i, k, _t in inside}
    spd7 = 7 * inst.slots_per_day

    def skip(key: tuple) -> bool:
        """Rules the window cannot touch are left to the rest of the schedule."""
        kind = key[0]
        if kind == "required":
            return key[1] not in inside_items
        if kind == "required_channel":
            return (key[1], key[2]) not in inside_pairs
        if kind == "share":
            return not (key[2] * spd7 <= last and (key[2] + 1) * spd7 > first)
        w = inst.count_windows[key[1]]
        return w.last < first or w.first > last

    pm = PostingModel(inst, cands, fixed=fixed, skip=skip)
    pm.hint([index[x] for x in sched.triples()])
    solver = new_cp_solver()
    params = solver.parameters
    params.num_workers = 1
    params.random_seed = budget.options.seed
    wall_left = budget.wall_left()
    params.max_time_in_seconds = max(0.05, wall_left if budget.deterministic else min(seconds, wall_left))
    if budget.deterministic:
        params.max_deterministic_time = max(0.05, seconds)
    status = solver.solve(pm.model)
    budget.spend(1.3 * solver.deterministic_time + 6e-5 * len(cands))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    chosen = [(int(cands.items[j]), int(cands.channels[j]), int(cands.slots[j])) for j in pm.chosen(solver).tolist()]
    trial = Schedule.from_posts(inst, chosen)
    if need_improvement and sched.total_violation() <= 1e-9 and trial.value() <= sched.value() + 1e-9:
        return False
    for _i, k, t in [x for x in sched.triples() if free(x[1], x[2])]:
        sched.remove(k, t)
    for i, k, t in chosen:
        if free(k, t):
            sched.add(i, k, t)
    return True
