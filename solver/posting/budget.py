"""Time, work and stop requests for one posting solve.

With ``deterministic`` the phases stop on a *work* budget: each phase adds an estimate of its cost,
computed from sizes and counts only (never from the clock), calibrated so that one unit is about
one second on the 2-core reference machine, and the work budget is 70 % of the time limit. The same
problem, options and seed then give the same plan on any machine, as long as the wall-clock limit
(always enforced, as a safety net) is not hit first. Without ``deterministic`` the phases stop on the
wall clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from mixplan.solver.control import relative_gap
from mixplan.solver.options import Progress, SolveOptions

DETERMINISTIC_SHARE = 0.7


@dataclass
class _Meter:
    start: float
    work: float = 0.0
    stopped_by: str | None = None
    deadline_at: float | None = None


class Budget:
    """The clock, the work meter, the stop flag and the progress callback of a solve."""

    def __init__(
        self,
        options: SolveOptions,
        time_limit_s: float,
        share: float = 1.0,
        meter: _Meter | None = None,
        deadline_at: float | None = None,
    ) -> None:
        self.options = options
        self.deterministic = options.deterministic
        base = max(0.0, time_limit_s) * (DETERMINISTIC_SHARE if self.deterministic else 1.0)
        self.wall_limit = max(0.0, time_limit_s) * (options.deadline_factor if self.deterministic else 1.0)
        """The wall-clock safety net: this phase's share of the solve's deadline."""
        self.limit = base * share
        self.meter = meter or _Meter(time.perf_counter(), deadline_at=deadline_at)

    def part(self, share: float) -> Budget:
        """A budget for one phase: ``share`` of this one, same clock and meter."""
        out = Budget(self.options, 0.0, 1.0, self.meter)
        out.wall_limit = self.wall_limit
        out.limit = self.limit * share
        return out

    @property
    def stopped_by(self) -> str | None:
        """Why a phase stopped early ("time limit", "stop requested"), if it did."""
        return self.meter.stopped_by

    def elapsed(self) -> float:
        """Wall seconds since the solve started."""
        return time.perf_counter() - self.meter.start

    def spend(self, units: float) -> None:
        """Record work (estimated seconds on the reference machine)."""
        self.meter.work += units

    @property
    def work(self) -> float:
        """Work recorded so far."""
        return self.meter.work

    def used(self) -> float:
        """The budget measure: work units when deterministic, else wall seconds."""
        return self.meter.work if self.deterministic else self.elapsed()

    def remaining(self) -> float:
        """What is left of this budget (in its measure), and never more than the wall clock allows."""
        return max(0.0, min(self.limit - self.used(), self.wall_limit - self.elapsed()))

    def stop_requested(self) -> bool:
        """The caller asked to stop (Ctrl-C)."""
        return self.options.stop is not None and self.options.stop.is_set()

    def out_of_time(self) -> bool:
        """The wall-clock limit is reached (always checked, also in deterministic mode)."""
        return self.elapsed() >= self.wall_limit or self.past_deadline()

    def past_deadline(self) -> bool:
        """The whole solve's deadline has passed: even the first schedule stops here."""
        return self.meter.deadline_at is not None and time.perf_counter() >= self.meter.deadline_at

    def exhausted(self, share: float = 1.0) -> bool:
        """True when ``share`` of the budget is used, the wall limit is hit, or a stop was requested."""
        if self.stop_requested():
            self.meter.stopped_by = self.meter.stopped_by or "stop requested"
            return True
        if self.out_of_time():
            self.meter.stopped_by = self.meter.stopped_by or ("deadline" if self.deterministic else "time limit")
            return True
        return self.used() >= share * self.limit

    def checker(self, share: float = 1.0) -> Callable[[], bool]:
        """A zero-argument ``exhausted(share)`` for inner loops."""
        return lambda: self.exhausted(share)

    def progress(self, phase: str, objective: float | None, bound: float | None) -> None:
        """Send a progress report to ``options.on_progress`` (if set)."""
        callback = self.options.on_progress
        if callback is None:
            return
        gap = relative_gap(objective, bound)
        callback(Progress(elapsed_s=self.elapsed(), objective=objective, best_bound=bound, gap=gap, phase=phase))
