"""Options of a solve: limits, seed, threads and a progress callback."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from threading import Event


@dataclass(frozen=True)
class Progress:
    """A progress report sent during a solve.

    ``objective``, ``best_bound`` and ``gap`` are the current phase's own figures, in that phase's
    units (a posting phase's calendar value with boost prices, the paid part on fixed posts, a
    ratio's inner steps). ``plan_objective``, ``plan_bound`` and ``plan_gap`` are always the whole
    plan's, in the plan's objective's unit: the objective of the best complete plan found so far
    (None before the first) and a bound valid for the whole problem (None while none is known); the
    last report of a solve equals the returned Solution's objective, bound and gap.
    """

    elapsed_s: float
    objective: float | None
    best_bound: float | None
    gap: float | None
    phase: str
    plan_objective: float | None = None
    plan_bound: float | None = None
    plan_gap: float | None = None


DEADLINE_FACTOR = 3.0
"""Default wall-clock deadline in deterministic mode: this many times the time limit, plus ``DEADLINE_EXTRA_S``."""
DEADLINE_EXTRA_S = 10.0


def default_deadline(time_limit_s: float, deterministic: bool) -> float:
    """The wall-clock deadline used when none is given.

    Deterministic mode budgets counted work from ``time_limit_s`` and keeps the wall clock only as a
    safety net, far enough away (3 × the limit + 10 s) that a busy machine does not reach it; fast
    mode stops on the wall clock at the limit itself.
    """
    if deterministic:
        return DEADLINE_FACTOR * time_limit_s + DEADLINE_EXTRA_S
    return time_limit_s


@dataclass(frozen=True)
class SolveOptions:
    """How to solve.

    ``time_limit_s`` sets the work budget: in deterministic mode (the default) every phase stops on
    counted work derived from it (CP-SAT deterministic time, counted moves), never on the clock, so the
    same problem, seed and limit give the same plan on an idle or a saturated machine. ``deadline_s``
    is the wall-clock safety net (default :func:`default_deadline`); when it cuts a solve the
    Solution's ``stopped_by`` says ``deadline``. ``deterministic=False`` stops on the wall clock at
    ``time_limit_s`` instead. ``stop`` lets a caller (Ctrl-C) ask the solver to stop and return the
    best plan found so far.
    """

    time_limit_s: float = 30.0
    seed: int = 0
    workers: int = 2
    relative_gap: float = 1e-4
    deterministic: bool = True
    on_progress: Callable[[Progress], None] | None = None
    stop: Event | None = None
    deadline_s: float | None = None

    @property
    def wall_deadline_s(self) -> float:
        """The wall-clock seconds after which the solve ends with what it has."""
        if self.deadline_s is not None:
            return self.deadline_s
        return default_deadline(self.time_limit_s, self.deterministic)
