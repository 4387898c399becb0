"""The posting feasibility phase: CP-SAT on the weeks the required posts force, when the heuristics found nothing.

A required item (or an item required on a channel) and a post-count minimum force posts into a few
weeks; every other week may stay empty, and an empty week keeps every weekly rule. So when the
decomposition's heuristics end without a valid schedule, CP-SAT gets the whole problem restricted
to those weeks, with at most ``SLOTS_PER_CHANNEL_DAY`` of the best slots of each channel-day. A
schedule it finds keeps every rule of the full problem (the restriction only removes candidates);
"none found" proves nothing, and the caller then says so.
"""

from __future__ import annotations

import numpy as np
from mixplan.solver.posting.budget import Budget
from mixplan.solver.posting.cpsat_model import Candidates, all_candidates
from mixplan.solver.posting.exact import ExactOutcome, solve_exact
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.solution import SolveStatus

SLOTS_PER_CHANNEL_DAY = 4
"""Best slots kept per channel-day in the restricted model."""
MAX_CANDIDATES = 40_000
"""Above this many candidates even the restricted model is not built."""


def forced_weeks(inst: PostingInstance) -> np.ndarray:
    """Weeks that must hold a post: the windows of required items and of post-count minimums."""
    weeks = np.zeros(inst.n_weeks, dtype=bool)
    needed = inst.required | inst.required_channels.any(axis=1)
    for i in np.flatnonzero(needed).tolist():
        weeks[inst.slot_week[inst.first[i]] : inst.slot_week[inst.last[i]] + 1] = True
    for rule in inst.problem.post_counts:
        if rule.lo > 0:
            last = min(rule.last_slot, inst.n_slots - 1)
            weeks[inst.slot_week[max(0, rule.first_slot)] : inst.slot_week[last] + 1] = True
    return weeks


def restricted_candidates(inst: PostingInstance) -> Candidates | None:
    """Candidates in the forced weeks, on the best slots of each channel-day (None: nothing to restrict to)."""
    weeks = forced_weeks(inst)
    if not weeks.any():
        return None
    cands = all_candidates(inst)
    keep = weeks[inst.slot_week[cands.slots]]
    spd = inst.slots_per_day
    best = np.zeros((inst.n_channels, inst.n_slots), dtype=bool)
    for k in inst.posting_channels:
        values = inst.slot_value[k].reshape(inst.days, spd)
        order = np.argsort(-values, axis=1, kind="stable")[:, :SLOTS_PER_CHANNEL_DAY]
        rows = np.repeat(np.arange(inst.days), order.shape[1])
        best[k, rows * spd + order.ravel()] = True
    keep &= best[cands.channels, cands.slots]
    if not keep.any() or int(keep.sum()) > MAX_CANDIDATES:
        return None
    return Candidates(cands.items[keep], cands.channels[keep], cands.slots[keep])


def solve_forced_weeks(inst: PostingInstance, budget: Budget, seconds: float) -> ExactOutcome | None:
    """CP-SAT on the restricted model (see the module docstring); None when there is nothing to try."""
    cands = restricted_candidates(inst)
    if cands is None:
        return None
    outcome = solve_exact(inst, budget, seconds, cands=cands, feasibility_only=True)
    if outcome.status is SolveStatus.INFEASIBLE:  # infeasible on a restriction proves nothing about the problem
        return ExactOutcome(SolveStatus.NO_SOLUTION, [], 0.0, np.inf)
    return outcome
