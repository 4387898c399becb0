"""Baseline for the posting benchmarks: greedy by value, the same function the solver uses as its safety net."""

from __future__ import annotations

from mixplan.solver.posting.greedy import greedy_by_value, greedy_value

__all__ = ["greedy_by_value", "greedy_value"]
