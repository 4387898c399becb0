"""What the solver returns: its own status enum and solution type over OR-Tools' ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

StoppedBy = Literal["complete", "gap", "work_limit", "deadline", "stop"]


class SolveStatus(StrEnum):
    """Outcome of a solve. OPTIMAL only when the solver proved it (gap within tolerance)."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    NO_SOLUTION = "no_solution"
    INTERRUPTED = "interrupted"


@dataclass(frozen=True)
class PostChoice:
    """One scheduled post: item index, channel index, global slot, boost level index (0 = none)."""

    item: int
    channel: int
    slot: int
    boost_level: int = 0


@dataclass(frozen=True)
class Solution:
    """A solved (or failed) problem.

    ``spend[c][d]``: minor units spent on channel ``c`` on day ``d`` (zeros for channels without ads).
    ``objective`` and ``best_bound`` are in the objective's units (minor units for money objectives,
    a ratio for max_roas); ``gap`` is relative: ``|best_bound - objective| / max(|best_bound|, |objective|)``.
    ``conflict_details`` (one dict per entry of ``conflicts``, same order) holds the numbers of each
    conflict for programs, e.g. ``{"rule": "daily_cap", "day": 3, "amount": 5000.0}``.
    """

    status: SolveStatus
    objective: float | None
    best_bound: float | None
    gap: float | None
    wall_time_s: float
    spend: tuple[tuple[int, ...], ...] = ()
    posts: tuple[PostChoice, ...] = ()
    conflicts: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    parameters: dict[str, Any] = field(default_factory=dict)
    conflict_details: tuple[dict[str, Any], ...] = ()
    stopped_by: StoppedBy = "complete"
    """Why the search ended: ``complete`` (proven optimal or proven infeasible), ``gap`` (within the
    relative gap), ``work_limit`` (the counted work budget ran out), ``deadline`` (the wall-clock safety
    net cut a phase: in deterministic mode the plan may then depend on the machine), ``stop`` (the
    caller's stop event)."""
