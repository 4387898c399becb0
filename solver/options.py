"""Options of a solve: limits, seed, threads and a progress callback."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from threading import Event


@dataclass(frozen=True)
class Progress:
    """A progress report sent during a solve."""

    elapsed_s: float
    objective: float | None
    best_bound: float | None
    gap: float | None
    phase: str


@dataclass(frozen=True)
class SolveOptions:
    """How to solve: ``time_limit_s`` is wall time for the whole solve; ``deterministic`` makes CP-SAT
    use a deterministic time limit (same seed → same plan); ``stop`` lets a caller (Ctrl-C) ask the
    solver to stop and return the best plan found so far."""

    time_limit_s: float = 30.0
    seed: int = 0
    workers: int = 2
    relative_gap: float = 1e-4
    deterministic: bool = True
    on_progress: Callable[[Progress], None] | None = None
    stop: Event | None = None
