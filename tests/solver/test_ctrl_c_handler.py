"""A solve leaves the caller's SIGINT handler in place (CP-SAT must not take Ctrl-C over)."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import mixplan
from mixplan.loading import load_scenario

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "shop" / "scenario.yaml"


def test_ctrl_c_reaches_the_callers_handler_after_a_solve_that_ran_cp_sat() -> None:
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        done: list[mixplan.Plan] = []
        # in a worker thread, as the CLI runs it; the example's search runs CP-SAT (LNS windows, spend)
        worker = threading.Thread(target=lambda: done.append(mixplan.plan(load_scenario(EXAMPLE), time_limit_s=2.0)))
        worker.start()
        worker.join()
        assert done and done[0].report.objective is not None
        os.kill(os.getpid(), signal.SIGINT)
        deadline = time.monotonic() + 5
        while not caught and time.monotonic() < deadline:
            time.sleep(0.01)
        assert caught == [signal.SIGINT]
    finally:
        signal.signal(signal.SIGINT, previous)
