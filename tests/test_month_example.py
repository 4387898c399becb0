"""The scripted month of examples/month: the loop beats the plan made once and ends within 3 % of
the hindsight-optimal plan on the true curves, although the starting curves are off by 30 %."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "examples" / "month" / "run_month.py"


def test_loop_beats_plan_once_and_is_within_3_percent_of_hindsight() -> None:
    spec = importlib.util.spec_from_file_location("run_month", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    loop, once, best, moves = module.run()
    assert loop > once
    assert loop >= 0.97 * best
    assert len(moves) == 3
