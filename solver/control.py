"""The run kernel: one control object shared by every phase of a solve (spend, posting, joint).

:class:`Control` holds the solve's clock, its counted-work meter, the caller's stop event, the
wall-clock deadline, progress reporting and the one definition of the gap (:func:`relative_gap`
with the solve's rounding noise), so ``Progress.gap`` and ``Solution.gap`` mean the same in every
phase. A phase that needs its own share of the limit takes a view of it (the posting optimizer's
:class:`mixplan.solver.posting.budget.Budget`); the clock, meter, stop and gap stay the Control's.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Literal

from mixplan.solver.options import Progress, SolveOptions

PlanSense = Literal["max", "min"]
PlanFrame = Callable[[float | None, float | None], tuple[float | None, float | None]]
"""Maps a phase's (objective, bound) onto (whole-plan objective, whole-plan bound); None where it says nothing."""

DETERMINISTIC_PER_SECOND = 0.5
"""CP-SAT deterministic time granted per second of ``time_limit_s`` in deterministic mode."""

ABSOLUTE_EPS = 1e-9
"""Default rounding noise: differences below it count as no gap (see ``Control.noise``)."""


def relative_gap(objective: float | None, bound: float | None, noise: float = ABSOLUTE_EPS) -> float | None:
    """``|bound - objective| / max(|bound|, |objective|)``; 0 when they differ by at most ``noise``
    (the solver's rounding of scaled coefficients), None when either is missing."""
    if objective is None or bound is None:
        return None
    scale = max(abs(bound), abs(objective))
    if abs(bound - objective) <= noise or scale == 0:
        return 0.0
    return abs(bound - objective) / scale


class Control:
    """Clock, stop event and progress reporting of one solve.

    In deterministic mode the time given to a phase depends only on ``options.time_limit_s`` (never
    on the wall clock), so the same seed gives the same plan; the wall clock is then only a safety net.
    """

    def __init__(self, options: SolveOptions, noise: float = ABSOLUTE_EPS) -> None:
        self.options = options
        self.started = time.perf_counter()
        self.noise = noise
        """Objective differences up to this are rounding noise (about 1e-9 of the problem's money scale)."""
        self.deadline_hit = False
        """Set once the wall-clock deadline cut a phase (reported as ``stopped_by: deadline``)."""
        self.work = 0.0
        """Counted work of every phase so far: CP-SAT deterministic time and the posting moves' calibrated
        estimates (one unit is about one second on the 2-core reference machine); never a clock reading."""
        self.plan_sense: PlanSense = "max"
        """Which way the plan's objective is better; "min" also means the spend phases report its negative."""
        self.plan_objective: float | None = None
        """Objective of the best complete plan found so far, in the plan's units (see ``Progress``)."""
        self.plan_bound: float | None = None
        """The tightest bound known to hold for the whole problem."""
        self.plan_frame: PlanFrame | None = None
        """How the running phase's figures map onto the plan's; None: they are the plan's own."""

    def count(self, units: float) -> None:
        """Add ``units`` of counted work to the meter."""
        self.work += units

    def note_deadline(self) -> None:
        """Record that the wall-clock deadline (or, in fast mode, the limit) cut a phase."""
        self.deadline_hit = True

    def elapsed(self) -> float:
        """Seconds since the solve started."""
        return time.perf_counter() - self.started

    def remaining(self) -> float:
        """Wall seconds left of the time limit (never negative)."""
        return max(0.0, self.options.time_limit_s - self.elapsed())

    def phase_budget(self, share: float) -> float:
        """Time for a phase that may use ``share`` of the limit.

        Deterministic mode returns CP-SAT deterministic-time units computed from the limit alone:
        ``DETERMINISTIC_PER_SECOND`` units per second of the limit (one unit took one to three wall
        seconds on the shared 2-core machine, so this keeps solves near their wall limit).
        """
        if self.options.deterministic:
            return max(0.05, share * self.options.time_limit_s * DETERMINISTIC_PER_SECOND)
        return max(0.05, min(self.remaining(), share * self.options.time_limit_s))

    def share_seconds(self, share: float) -> float:
        """Wall seconds for a phase with ``share`` of the limit (deterministic: from the limit alone)."""
        if self.options.deterministic:
            return max(0.05, share * self.options.time_limit_s)
        return max(0.05, min(self.remaining(), share * self.options.time_limit_s))

    def stopped(self) -> bool:
        """Whether the caller asked the solve to stop."""
        return self.options.stop is not None and self.options.stop.is_set()

    def out_of_time(self) -> bool:
        """Whether the wall-clock deadline is spent (fast mode: the limit itself; deterministic: a safety net)."""
        if self.elapsed() >= self.options.wall_deadline_s:
            self.note_deadline()
            return True
        return False

    def wall_left(self) -> float:
        """Wall seconds left before the deadline (never negative)."""
        return max(0.0, self.options.wall_deadline_s - self.elapsed())

    def report(self, phase: str, objective: float | None, bound: float | None) -> None:
        """Send a Progress to ``options.on_progress`` (if any), with the phase's figures mapped onto the plan's."""
        if self.plan_frame is not None:
            self.record_plan(*self.plan_frame(objective, bound))
        else:
            self.record_plan(self.as_plan_value(objective), self.as_plan_value(bound))
        self._send(phase, objective, bound)

    def as_plan_value(self, value: float | None) -> float | None:
        """A spend search's figure as the plan's objective: the spend searches maximize, so a "min"
        objective (least spend) arrives negated."""
        if value is None or self.plan_sense == "max":
            return value
        return -value

    def record_plan(self, objective: float | None, bound: float | None = None) -> None:
        """Note a complete plan's objective and/or a bound valid for the whole problem (the better one stays)."""
        better = max if self.plan_sense == "max" else min
        tighter = min if self.plan_sense == "max" else max
        if objective is not None:
            self.plan_objective = objective if self.plan_objective is None else better(self.plan_objective, objective)
        if bound is not None:
            self.plan_bound = bound if self.plan_bound is None else tighter(self.plan_bound, bound)

    @contextmanager
    def framed(self, frame: PlanFrame) -> Iterator[None]:
        """Within the block, progress reports are mapped onto the plan's figures by ``frame``."""
        previous, self.plan_frame = self.plan_frame, frame
        try:
            yield
        finally:
            self.plan_frame = previous

    def report_final(self, objective: float | None, bound: float | None) -> None:
        """The last report of a solve: the returned plan's own objective, bound and gap."""
        self.plan_objective, self.plan_bound = objective, bound
        self._send("done", objective, bound)

    def _send(self, phase: str, objective: float | None, bound: float | None) -> None:
        callback = self.options.on_progress
        if callback is None:
            return
        plan_bound = self.plan_bound
        if plan_bound is not None and self.plan_objective is not None:
            # a bound is never worse than a plan that exists
            keep = max if self.plan_sense == "max" else min
            plan_bound = keep(plan_bound, self.plan_objective)
        callback(
            Progress(
                self.elapsed(),
                objective,
                bound,
                relative_gap(objective, bound, self.noise),
                phase,
                self.plan_objective,
                plan_bound,
                relative_gap(self.plan_objective, plan_bound, self.noise),
            )
        )

    def gap(self, objective: float | None, bound: float | None) -> float | None:
        """The relative gap with this solve's rounding noise."""
        return relative_gap(objective, bound, self.noise)
