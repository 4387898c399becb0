"""Run a solve in a worker thread with live progress; the first Ctrl-C keeps the best plan, a second aborts."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

from mixplan import Progress
from mixplan.model.plan import Plan
from rich.console import Console
from rich.live import Live
from rich.text import Text

POLL_SECONDS = 0.1
LOG_SECONDS = 2.0

_abandoned = threading.Event()


def solve_abandoned() -> bool:
    """Whether a solve was aborted in this process (its native solver threads may still be running)."""
    return _abandoned.is_set()


LINE_WIDTH = 79
"""The progress line never exceeds this (80 columns, minus the cursor's)."""
STOPPING = "stopping: keeping the best plan so far (Ctrl-C again to abort)"


class ProgressBoard:
    """The latest progress report of a running solve, written by solver threads, read by the display."""

    def __init__(self, objective: str = "", time_limit_s: float | None = None, unit: str = "") -> None:
        self._lock = threading.Lock()
        self.objective = objective
        self.time_limit_s = time_limit_s
        self.unit = unit
        """The plan objective's unit: a currency code for money objectives, "" for ratios."""
        self._latest: Progress | None = None
        self.started = time.monotonic()
        self.stopping = False

    def update(self, progress: Progress) -> None:
        """Record a progress report (called from the solver's threads)."""
        with self._lock:
            self._latest = progress

    def best_objective(self) -> float | None:
        """The objective of the best complete plan found so far, if any (in the plan's unit)."""
        with self._lock:
            return None if self._latest is None else self._latest.plan_objective

    def line(self) -> Text:
        """One status line, the same measures in every phase: time used, the best plan's objective in
        the plan's unit, the whole plan's gap, then the phase (cut to fit ``LINE_WIDTH``); while
        stopping, a second line says so."""
        with self._lock:
            latest = self._latest
        elapsed = time.monotonic() - self.started
        if self.time_limit_s:
            share = min(elapsed / self.time_limit_s, 1.0)
            parts = [f"solving {elapsed:5.1f}/{self.time_limit_s:g} s {share:4.0%}"]
        else:
            parts = [f"solving {elapsed:5.1f} s"]
        figure = self._figure(None if latest is None else latest.plan_objective)
        parts.append(f"{self.objective} {figure}" if self.objective else figure)
        gap = None if latest is None else latest.plan_gap
        parts.append("gap " + ("–" if gap is None else f"{gap:.2%}"))
        parts.append("starting" if latest is None else latest.phase)
        line = _fit(" · ".join(parts))
        if self.stopping:  # a line of its own, so that it is never cut
            line += "\n" + STOPPING
        return Text(line)

    def _figure(self, value: float | None) -> str:
        if value is None:
            return "no plan yet"
        if self.unit:
            return f"{value:,.2f} {self.unit}"
        return f"{value:,.2f}"


def _fit(line: str) -> str:
    """``line`` cut to ``LINE_WIDTH`` with an ellipsis (only the phase at its end is ever that long)."""
    return line if len(line) <= LINE_WIDTH else line[: LINE_WIDTH - 1] + "…"


def solve_with_progress(
    solve: Callable[[Callable[[Progress], None], threading.Event], Plan],
    display: Console,
    objective: str = "",
    time_limit_s: float | None = None,
    unit: str = "",
) -> Plan:
    """Run ``solve(on_progress, stop)`` in a worker thread and return its plan.

    On a terminal a live line shows the progress. The first SIGINT sets ``stop`` (the solver then
    returns its best plan so far, marked interrupted); the second raises KeyboardInterrupt at once
    and marks the solve abandoned (see :func:`solve_abandoned`). `objective` (e.g.
    "max_revenue") labels every line from the first one on; `time_limit_s` lets it show the share of the
    budget used; `unit` (a currency code, or "" for a ratio) follows the plan's objective. Every line
    has the same measures, whatever the solver's phase.
    """
    board = ProgressBoard(objective, time_limit_s, unit)
    stop = threading.Event()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["plan"] = solve(board.update, stop)
        except BaseException as exc:  # handed to the main thread, which raises it
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="mixplan-solve", daemon=True)
    previous = _install_interrupt_handler(stop, board)
    try:
        worker.start()
        if display.is_terminal:
            with Live(board.line(), console=display, refresh_per_second=8, transient=True) as live:
                while worker.is_alive():
                    worker.join(POLL_SECONDS)
                    live.update(board.line())
        else:
            _log_progress(worker, board, display)
    except KeyboardInterrupt:
        stop.set()
        _abandoned.set()
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if "error" in outcome:
        raise outcome["error"]
    plan: Plan = outcome["plan"]
    return plan


def _log_progress(worker: threading.Thread, board: ProgressBoard, display: Console) -> None:
    """Without a terminal: a plain line whenever the best objective improves (at most every LOG_SECONDS)."""
    noted_stop = False
    logged: float | None = None
    last_log = 0.0
    while worker.is_alive():
        worker.join(POLL_SECONDS)
        if board.stopping and not noted_stop:
            display.print(STOPPING)
            noted_stop = True
        best = board.best_objective()
        now = time.monotonic()
        if best is not None and best != logged and now - last_log >= LOG_SECONDS:
            display.print(board.line(), soft_wrap=True)
            logged, last_log = best, now


def _install_interrupt_handler(stop: threading.Event, board: ProgressBoard) -> Any:
    """Make the first Ctrl-C set `stop` and the second abort; returns the handler to restore (None if not possible)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def on_interrupt(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        board.stopping = True

    return signal.signal(signal.SIGINT, on_interrupt)
