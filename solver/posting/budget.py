"""The posting optimizer's share of a solve: a work (or wall) limit over the solve's one :class:`Control`.

With ``deterministic`` the phases stop on a *work* budget: each phase adds an estimate of its cost,
computed from sizes and counts only (never from the clock), calibrated so that one unit is about
one second on the 2-core reference machine, and the work budget is 70 % of the time limit. The same
problem, options and seed then give the same plan on any machine, as long as the wall-clock limit
(always enforced, as a safety net) is not hit first. Without ``deterministic`` the phases stop on the
wall clock.

The clock, the work meter, the stop event, the deadline, progress reporting and the gap are the
solve's :class:`mixplan.solver.control.Control`; a Budget only adds the phase's own limits.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from mixplan.solver.control import Control
from mixplan.solver.options import SolveOptions

DETERMINISTIC_SHARE = 0.7


@dataclass
class _Phase:
    """Where a posting solve started (wall clock and work meter) and why it stopped early, if it did."""

    start: float
    work_start: float
    stopped_by: str | None = None


class Budget:
    """The posting solve's limits over the solve's clock, work meter, stop flag and progress callback.

    ``control`` is the solve's Control; when None (a posting solve on its own) a new one is made for
    ``options`` and only this budget's own wall limit applies (deterministic: ``options``' deadline
    counted from the budget's start; otherwise ``time_limit_s``).
    ``time_limit_s`` is the posting solve's share of the limit, in seconds.
    """

    def __init__(
        self,
        options: SolveOptions,
        time_limit_s: float,
        share: float = 1.0,
        control: Control | None = None,
    ) -> None:
        self.options = options
        self.bounded = control is not None
        """Whether the solve's deadline applies (a Control was given), besides this budget's wall limit."""
        self.control = control or Control(options)
        self.deterministic = options.deterministic
        base = max(0.0, time_limit_s) * (DETERMINISTIC_SHARE if self.deterministic else 1.0)
        # Deterministic phases get the whole deadline as their wall-clock net, not a share of it: a
        # share is reached by a busy machine long before the deadline, and cutting a phase there
        # changed the plan (the bundled example at 10 s, load 4: cut at 22 s of a 40 s deadline).
        self.wall_limit = options.wall_deadline_s if self.deterministic else max(0.0, time_limit_s)
        """The wall-clock safety net: the solve's deadline (deterministic), else this phase's limit."""
        self.limit = base * share
        self.phase = _Phase(time.perf_counter(), self.control.work)

    def part(self, share: float) -> Budget:
        """A budget for one phase: ``share`` of this one, same clock and meter."""
        out = Budget(self.options, 0.0, 1.0, self.control)
        out.bounded = self.bounded
        out.phase = self.phase
        out.wall_limit = self.wall_limit
        out.limit = self.limit * share
        return out

    @property
    def stopped_by(self) -> str | None:
        """Why a phase stopped early ("time limit", "deadline", "stop requested"), if it did."""
        return self.phase.stopped_by

    def elapsed(self) -> float:
        """Wall seconds since the posting solve started."""
        return time.perf_counter() - self.phase.start

    def spend(self, units: float) -> None:
        """Record work (estimated seconds on the reference machine) on the solve's meter."""
        self.control.count(units)

    @property
    def work(self) -> float:
        """Work recorded since the posting solve started."""
        return self.control.work - self.phase.work_start

    def used(self) -> float:
        """The budget measure: work units when deterministic, else wall seconds."""
        return self.work if self.deterministic else self.elapsed()

    def remaining(self) -> float:
        """What is left of this budget, in its measure: work units (deterministic, never read from the
        clock, so the phases' sizes do not depend on the machine's load), else wall seconds."""
        if self.deterministic:
            return max(0.0, self.limit - self.used())
        return max(0.0, min(self.limit - self.used(), self.wall_limit - self.elapsed()))

    def stop_requested(self) -> bool:
        """The caller asked to stop (Ctrl-C)."""
        return self.control.stopped()

    def out_of_time(self) -> bool:
        """The wall-clock limit is reached (always checked, also in deterministic mode)."""
        return self.elapsed() >= self.wall_limit or self.past_deadline()

    def past_deadline(self) -> bool:
        """The whole solve's deadline has passed: even the first schedule stops here."""
        if self.bounded and self.control.elapsed() >= self.options.wall_deadline_s:
            self.control.note_deadline()
            return True
        return False

    def exhausted(self, share: float = 1.0) -> bool:
        """True when ``share`` of the budget is used, the wall limit is hit, or a stop was requested."""
        if self.stop_requested():
            self.phase.stopped_by = self.phase.stopped_by or "stop requested"
            return True
        if self.out_of_time():
            self.phase.stopped_by = self.phase.stopped_by or ("deadline" if self.deterministic else "time limit")
            self.control.note_deadline()
            return True
        return self.used() >= share * self.limit

    def checker(self, share: float = 1.0) -> Callable[[], bool]:
        """A zero-argument ``exhausted(share)`` for inner loops."""
        return lambda: self.exhausted(share)

    def wall_left(self) -> float:
        """Wall seconds left of this phase's share of the deadline, and of the solve's deadline."""
        own = self.wall_limit - self.elapsed()
        return max(0.0, min(own, self.control.wall_left()) if self.bounded else own)

    def gap(self, objective: float | None, bound: float | None) -> float | None:
        """The solve's relative gap (:meth:`Control.gap`)."""
        return self.control.gap(objective, bound)

    def progress(self, phase: str, objective: float | None, bound: float | None) -> None:
        """Send a progress report to ``options.on_progress`` (if set), through the solve's Control."""
        self.control.report(phase, objective, bound)
