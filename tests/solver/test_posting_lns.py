"""The reduced-cost large-neighbourhood search: improves an incumbent, never worsens it, and is deterministic."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from mixplan.solver import Problem, SolveOptions
from mixplan.solver.posting.budget import Budget
from mixplan.solver.posting.column_generation import ColumnGeneration
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.lagrangian import Lagrangian
from mixplan.solver.posting.lns import LnsResult, ReducedCostLNS
from mixplan.solver.posting.rules import schedule_violations
from mixplan.solver.posting.value import posting_value
from mixplan.solver.solution import PostChoice
from support.posting_checker import checker_value, checker_violations

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from baselines_posting import greedy_by_value
from posting_instances import posting_problem


def small_problem(seed: int) -> Problem:
    """30 items, 3 channels, 4 days of hourly slots (cool-downs, gaps, day caps, item windows)."""
    return posting_problem(30, 3, 4, seed, category_mix=False)


def run_lns(problem: Problem, incumbent: list[PostChoice], seed: int = 0, work: float = 4.0) -> LnsResult:
    """Multipliers from a few column-generation rounds, then the search from ``incumbent`` on ``work`` units."""
    inst = PostingInstance(problem)
    lag = Lagrangian(inst)
    cg = ColumnGeneration(inst, lag, 0.8)
    for _ in range(6):
        cg.round()
    state = cg.state
    assert state.evaluation is not None
    # A wall-clock safety net far beyond any load, so only counted work stops the search here.
    budget = Budget(SolveOptions(time_limit_s=work / 0.7, seed=seed, deadline_s=3600.0), work / 0.7)
    value = float(posting_value(problem, incumbent))
    return ReducedCostLNS(inst, lag, state.multipliers, state.evaluation, budget, window_work=1.0).run(incumbent, value)


@pytest.mark.parametrize("seed", [1, 2])
def test_lns_improves_the_greedy_incumbent_and_keeps_every_rule(seed: int) -> None:
    problem = small_problem(seed)
    greedy = list(greedy_by_value(problem))
    assert not schedule_violations(PostingInstance(problem), greedy)
    greedy_value = checker_value(problem, greedy)
    out = run_lns(problem, greedy)
    assert checker_violations(problem, out.posts) == []
    assert out.value == pytest.approx(checker_value(problem, out.posts))
    assert out.value >= greedy_value - 1e-9  # never below the incumbent (here: greedy)
    assert out.improved >= 1 and out.value > greedy_value + 1e-6 * greedy_value  # and it does improve it


def test_lns_gives_the_same_plan_twice() -> None:
    problem = small_problem(3)
    greedy = list(greedy_by_value(problem))
    first = run_lns(problem, greedy)
    second = run_lns(problem, greedy)
    assert first.posts == second.posts
    assert first.value == second.value
    assert (first.tried, first.improved) == (second.tried, second.improved)


def test_lns_never_worsens_an_incumbent_it_cannot_improve() -> None:
    problem = small_problem(1)
    greedy = list(greedy_by_value(problem))
    improved = run_lns(problem, greedy)
    again = run_lns(problem, improved.posts, work=3.0)  # from a local optimum of the same windows
    assert again.value >= improved.value - 1e-9
    assert checker_violations(problem, again.posts) == []


def test_lns_stops_on_counted_work() -> None:
    problem = small_problem(2)
    greedy = list(greedy_by_value(problem))
    out = run_lns(problem, greedy, work=0.0)  # no work budget: nothing is tried, the incumbent comes back
    assert out.tried == 0
    assert out.posts == greedy
