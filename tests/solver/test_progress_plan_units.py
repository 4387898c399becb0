"""Progress carries the whole plan's objective, bound and gap, in the plan's unit, in every phase.

Every phase still reports its own figures (``objective``/``best_bound``); ``plan_objective`` is the
best complete plan so far, ``plan_bound`` a bound on the whole problem, and the last report equals
the returned Solution.
"""

from __future__ import annotations

import functools
import itertools
import sys
import threading
from pathlib import Path

import pytest
from mixplan.engine import Engine, PlanOptions
from mixplan.loading import load_scenario
from mixplan.model.objective import Objective
from mixplan.model.scenario import Scenario
from mixplan.solver import Problem, Progress, Solution, SolveOptions, SolveStatus, solve

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from posting_instances import posting_problem  # noqa: E402

EXAMPLE = ROOT / "examples" / "shop" / "scenario.yaml"


def _example(**update: object) -> Scenario:
    return load_scenario(EXAMPLE).model_copy(update=update)


def _problem(scenario: Scenario) -> Problem:
    return Engine().compile(scenario).problem


CASE_NAMES = (
    "joint max_revenue",
    "joint max_roas",
    "posting only",
    "spend only",
    "spend only min_spend_for_revenue",
)


@functools.cache
def _case(name: str) -> tuple[Problem, str]:
    """(problem, which way its objective is better) of one named case, compiled once."""
    example = _example()
    cases = {
        "joint max_revenue": (lambda: _problem(example), "max"),
        "joint max_roas": (lambda: _problem(_example(objective=Objective(kind="max_roas", min_spend="5000"))), "max"),
        "spend only": (lambda: _problem(_example(content=[])), "max"),
        "spend only min_spend_for_revenue": (
            lambda: _problem(
                _example(content=[], objective=Objective(kind="min_spend_for_revenue", revenue_target="20000"))
            ),
            "min",
        ),
        "posting only": (lambda: posting_problem(30, 3, 7, seed=2), "max"),
    }
    build, sense = cases[name]
    return build(), sense


def _solve_watching(problem: Problem, limit: float = 1.0) -> tuple[Solution, list[Progress]]:
    seen: list[Progress] = []
    solution = solve(problem, SolveOptions(time_limit_s=limit, seed=1, on_progress=seen.append))
    return solution, seen


@pytest.mark.parametrize("name", CASE_NAMES)
def test_plan_figures_are_the_whole_plans_and_end_at_the_solution(name: str) -> None:
    problem, sense = _case(name)
    solution, seen = _solve_watching(problem)
    assert solution.objective is not None and seen
    better = (lambda a, b: a >= b - 1e-6) if sense == "max" else (lambda a, b: a <= b + 1e-6)
    objectives = [p.plan_objective for p in seen if p.plan_objective is not None]
    assert objectives, "no report carried a plan's objective"
    assert all(better(later, earlier) for earlier, later in itertools.pairwise(objectives))
    for progress in seen:
        if progress.plan_bound is not None:  # a valid bound: never beaten by the plan returned
            assert better(progress.plan_bound, solution.objective)
            if progress.plan_objective is not None:
                assert better(progress.plan_bound, progress.plan_objective)
    last = seen[-1]
    assert last.phase == "done"
    assert (last.plan_objective, last.plan_bound, last.plan_gap) == (
        solution.objective,
        solution.best_bound,
        solution.gap,
    )


@pytest.mark.parametrize("name", ["joint max_revenue", "posting only"])
def test_progress_changes_no_plan(name: str) -> None:
    problem, _ = _case(name)
    watched, _ = _solve_watching(problem)
    quiet = solve(problem, SolveOptions(time_limit_s=1.0, seed=1))
    assert (watched.objective, watched.best_bound, watched.posts, watched.spend) == (
        quiet.objective,
        quiet.best_bound,
        quiet.posts,
        quiet.spend,
    )


def test_a_joint_plan_has_an_objective_before_the_posting_search_reports() -> None:
    _, seen = _solve_watching(_case("joint max_revenue")[0])
    first = next(p for p in seen if p.plan_objective is not None)
    assert first.phase == "first plan" and first is seen[0]
    posting_bounds = [p for p in seen if p.phase.startswith("bound:")]
    assert posting_bounds and all(p.plan_bound is not None and p.plan_objective is not None for p in posting_bounds)
    # the posting phase's own figures are calendar values, far from the whole plan's (ads included)
    assert posting_bounds[0].best_bound is not None and posting_bounds[0].plan_bound is not None
    assert posting_bounds[0].best_bound < 0.6 * posting_bounds[0].plan_bound


def test_the_first_plan_is_a_real_plan_that_a_stop_returns() -> None:
    """Ctrl-C as soon as the first plan is shown keeps exactly that plan (verified by the engine)."""
    scenario = _example()
    stop = threading.Event()
    shown: list[float] = []

    def on_progress(progress: Progress) -> None:
        if progress.phase == "first plan" and progress.plan_objective is not None:
            shown.append(progress.plan_objective)
            stop.set()

    plan = Engine().plan(scenario, PlanOptions(time_limit_s=10.0, on_progress=on_progress, stop=stop))
    assert shown and plan.report.status == SolveStatus.INTERRUPTED.value
    assert plan.report.objective == pytest.approx(shown[0])  # the engine reports in EUR, as Progress does
    assert plan.posts
