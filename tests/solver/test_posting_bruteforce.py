"""solve_posting on random tiny problems against brute force, checked with the independent rule checker."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from mixplan.solver import (
    Problem,
    SolveOptions,
    SolveStatus,
)
from mixplan.solver.posting import solve_posting
from support.posting_checker import allowed_triples, brute_force, checker_value, checker_violations, tiny_problems

OPTIONS = SolveOptions(workers=1, relative_gap=1e-6, seed=3)
TOLERANCE = 1e-6
MAX_TRIPLES = 16  # brute force stays fast


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(tiny_problems())
def test_optimal_is_optimal_and_every_schedule_is_valid(case: tuple[Problem, np.ndarray | None]) -> None:
    problem, bonus = case
    if len(allowed_triples(problem)) > MAX_TRIPLES:
        return
    best = brute_force(problem, bonus)
    result = solve_posting(problem, OPTIONS, time_limit_s=20.0, bonus=bonus)
    if best is None:
        assert result.status is SolveStatus.INFEASIBLE
        assert result.conflicts and all(isinstance(c, str) and c for c in result.conflicts)
        return
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    assert checker_violations(problem, result.posts) == []
    assert abs(checker_value(problem, result.posts, bonus) - result.value) <= TOLERANCE * max(1.0, abs(best))
    assert result.bound >= best - TOLERANCE * max(1.0, abs(best))
    if result.status is SolveStatus.OPTIMAL:
        assert result.value >= best - 1e-5 * max(1.0, abs(best))
