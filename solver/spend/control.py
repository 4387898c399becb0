"""Time, stop and progress bookkeeping shared by the phases of one solve."""

from __future__ import annotations

import time

from mixplan.solver.options import Progress, SolveOptions


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """``|bound - objective| / max(|bound|, |objective|)`` (0 when both are 0; None when either is missing)."""
    if objective is None or bound is None:
        return None
    scale = max(abs(bound), abs(objective))
    if scale == 0:
        return 0.0
    return abs(bound - objective) / scale


class Control:
    """Clock, stop event and progress reporting of one solve.

    In deterministic mode the time given to a phase depends only on ``options.time_limit_s`` (never
    on the wall clock), so the same seed gives the same plan; the wall clock is then only a safety net.
    """

    def __init__(self, options: SolveOptions) -> None:
        self.options = options
        self.started = time.perf_counter()

    def elapsed(self) -> float:
        """Seconds since the solve started."""
        return time.perf_counter() - self.started

    def remaining(self) -> float:
        """Wall seconds left of the time limit (never negative)."""
        return max(0.0, self.options.time_limit_s - self.elapsed())

    def phase_budget(self, share: float) -> float:
        """Time for a phase that may use ``share`` of the limit (deterministic: of the whole limit)."""
        if self.options.deterministic:
            return max(0.05, share * self.options.time_limit_s)
        return max(0.05, min(self.remaining(), share * self.options.time_limit_s))

    def stopped(self) -> bool:
        """Whether the caller asked the solve to stop."""
        return self.options.stop is not None and self.options.stop.is_set()

    def out_of_time(self) -> bool:
        """Whether the wall-clock limit is spent (a safety net in deterministic mode)."""
        limit = self.options.time_limit_s
        if self.options.deterministic:
            limit = 2.0 * limit + 1.0
        return self.elapsed() >= limit

    def report(self, phase: str, objective: float | None, bound: float | None) -> None:
        """Send a Progress to ``options.on_progress`` (if any)."""
        callback = self.options.on_progress
        if callback is None:
            return
        callback(Progress(self.elapsed(), objective, bound, relative_gap(objective, bound), phase))
