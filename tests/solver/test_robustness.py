"""The solver off its own benchmark (issue 8): never below greedy, a plan whenever one exists, monotone
time limits, a pre-set stop, and the same plan beside CPU-burning processes."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from mixplan.engine import Engine
from mixplan.errors import NoSolutionError
from mixplan.loading import load_scenario
from mixplan.solver import ChannelData, ItemData, PostingData, Problem, Solution, SolveOptions, SolveStatus, solve
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.rules import schedule_violations
from mixplan.solver.posting.value import posting_value
from mixplan.solver.spend.build import build_spend_model
from mixplan.solver.spend.greedy import greedy_solution
from mixplan.solver.spend.presolve import presolve
from support.spend_bruteforce import rules_hold

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from baselines_posting import greedy_by_value  # noqa: E402
from families import (  # noqa: E402
    posting_windows,
    spend_day_lower_bounds,
    spend_minimums,
    spend_multi_day_minimums,
    spend_share_lower_bound,
)
from posting_instances import posting_problem, rules_heavy_problem  # noqa: E402

SPEND_CASES = {
    "channel minimums": lambda seed: spend_minimums(60, seed),
    "no minimums": lambda seed: spend_minimums(60, seed, with_minimums=False),
    "channel-day lower bounds": lambda seed: spend_day_lower_bounds(8, 14, seed),
    "month minimums": lambda seed: spend_multi_day_minimums(8, 14, seed),
    "group share": lambda seed: spend_share_lower_bound(8, 14, seed),
}


def _spend_greedy(problem: Problem) -> float | None:
    model = presolve(build_spend_model(problem))
    choice = greedy_solution(model)
    return None if choice is None else model.objective_of(choice)


@pytest.mark.parametrize("family", sorted(SPEND_CASES))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_spend_plan_is_never_below_greedy(family: str, seed: int) -> None:
    problem = SPEND_CASES[family](seed)
    solution = solve(problem, SolveOptions(time_limit_s=1.0, seed=seed))
    greedy = _spend_greedy(problem)
    assert solution.objective is not None, solution.messages
    assert rules_hold(problem, solution.spend)
    if greedy is not None:
        assert solution.objective >= greedy - 1e-6 * max(1.0, abs(greedy))
    assert solution.best_bound is not None and solution.best_bound >= solution.objective - 1e-6


def test_channel_minimums_are_planned_near_the_bound() -> None:
    """The reformulated minimums: the single-period family is solved to a proven small gap."""
    for seed in range(3):
        solution = solve(spend_minimums(100, seed), SolveOptions(time_limit_s=2.0, seed=seed))
        assert solution.status is SolveStatus.OPTIMAL
        assert solution.gap is not None and solution.gap <= 1e-3


POSTING_CASES = {
    "project family": lambda seed: posting_problem(30, 4, 7, seed),
    "windows and masks": lambda seed: dataclasses.replace(posting_windows(30, seed), days=28),
    "rules heavy": lambda seed: rules_heavy_problem(30, 4, 7, seed),
}


@pytest.mark.parametrize("family", sorted(POSTING_CASES))
def test_posting_plan_is_never_below_greedy(family: str) -> None:
    problem = POSTING_CASES[family](3)
    solution = solve(problem, SolveOptions(time_limit_s=2.0, seed=3))
    greedy = greedy_by_value(problem)
    inst = PostingInstance(problem)
    assert solution.objective is not None
    assert not schedule_violations(inst, solution.posts)
    if not schedule_violations(inst, greedy):
        assert solution.objective >= posting_value(problem, greedy) - 1e-6


@pytest.mark.parametrize("family", sorted(POSTING_CASES))
def test_a_deadline_cut_posting_plan_is_still_never_below_greedy(family: str) -> None:
    """A deadline far below the work limit cuts the search; the greedy floor still holds."""
    problem = POSTING_CASES[family](4)
    solution = solve(problem, SolveOptions(time_limit_s=30.0, seed=4, deadline_s=0.01))
    greedy = greedy_by_value(problem)
    inst = PostingInstance(problem)
    if schedule_violations(inst, greedy):
        return
    assert solution.objective is not None, solution.messages
    assert not schedule_violations(inst, solution.posts)
    assert solution.objective >= posting_value(problem, greedy) - 1e-6


def _trivial_problem() -> Problem:
    """3 channels, 4 items, 4 days, budget 0 and no rule that needs a post: the empty plan keeps every rule."""
    slots = tuple(tuple(1.0 if 9 <= h <= 20 else 0.0 for h in range(24)) for _ in range(4))
    posting = PostingData(
        slot_value=slots,
        max_per_day=2,
        max_per_week=None,
        min_gap_slots=3,
        quota=None,
        quota_window_slots=24,
        same_day_decay=(1.0, 0.8),
    )
    channels = tuple(ChannelData(name=f"c{k}", posting=posting) for k in range(3))
    items = tuple(
        ItemData(
            name=f"i{i}",
            category=0,
            value=(100.0 + i, 90.0, 80.0),
            first_slot=0,
            last_slot=95,
            max_uses=2,
            cooldown_slots=24,
        )
        for i in range(4)
    )
    return Problem(
        days=4, slots_per_day=24, slot_minutes=60, budget=0, channels=channels, items=items, categories=("product",)
    )


def test_pre_set_stop_on_a_trivially_feasible_problem_gives_a_valid_plan() -> None:
    stop = threading.Event()
    stop.set()
    problem = _trivial_problem()
    solution = solve(problem, SolveOptions(time_limit_s=5, stop=stop))
    assert solution.status is SolveStatus.INTERRUPTED
    assert solution.stopped_by == "stop"
    assert solution.objective is not None
    assert not schedule_violations(PostingInstance(problem), solution.posts)


def test_trivially_feasible_problem_is_planned_at_any_limit() -> None:
    problem = _trivial_problem()
    for limit in (0.01, 0.1, 1.0):
        solution = solve(problem, SolveOptions(time_limit_s=limit))
        assert solution.objective is not None and solution.objective > 0
        assert not schedule_violations(PostingInstance(problem), solution.posts)


def test_pre_set_stop_through_the_library_is_no_solution_not_an_internal_error() -> None:
    scenario = load_scenario(ROOT / "examples" / "shop" / "scenario.yaml")
    stop = threading.Event()
    stop.set()
    from mixplan.engine import PlanOptions

    with pytest.raises(NoSolutionError, match="stopped before a plan was found"):
        Engine().plan(scenario, PlanOptions(time_limit_s=5, stop=stop))


def test_more_time_never_turns_a_plan_into_no_plan() -> None:
    problems = [rules_heavy_problem(30, 4, 7, 1), spend_day_lower_bounds(8, 14, 1), posting_problem(30, 4, 7, 2)]
    for problem in problems:
        found = False
        for limit in (0.05, 0.2, 1.0, 3.0):
            solution = solve(problem, SolveOptions(time_limit_s=limit, seed=1))
            if found:
                assert solution.objective is not None, f"plan at a shorter limit, none at {limit} s"
            found = found or solution.objective is not None
        assert found


def _fingerprint(solution: Solution) -> tuple[object, ...]:
    return (
        solution.status,
        solution.objective,
        solution.best_bound,
        solution.spend,
        solution.posts,
        solution.stopped_by,
    )


BURNER = "import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end:\n    pass\n"


def test_same_plan_idle_and_beside_cpu_burning_processes() -> None:
    """Deterministic mode stops on counted work, so a saturated machine gives the byte-identical plan.

    The deadline is set far away on purpose: this checks the work budget, not the safety net.
    """
    scenario = load_scenario(ROOT / "examples" / "shop" / "scenario.yaml")
    problem = Engine().compile(scenario).problem
    options = SolveOptions(time_limit_s=2.0, seed=1, deadline_s=600.0)
    idle = solve(problem, options)
    burners = [subprocess.Popen([sys.executable, "-c", BURNER.format(seconds=240)]) for _ in range(2)]
    try:
        loaded = solve(problem, options)
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    assert idle.stopped_by != "deadline" and loaded.stopped_by != "deadline"
    assert _fingerprint(idle) == _fingerprint(loaded)


class _SlowClock:
    """Stands in for the ``time`` module of the solver's clocks: every reading advances by ``step``
    seconds, so a solve sees a machine as slow as wanted, the same on any real machine and load."""

    def __init__(self, step: float) -> None:
        self.step = step
        self.now = 0.0
        self.readings = 0

    def perf_counter(self) -> float:
        self.readings += 1
        self.now += self.step
        return self.now


def _solve_on_clock(problem: Problem, options: SolveOptions, clock: _SlowClock) -> Solution:
    import mixplan.solver.control as control_module
    import mixplan.solver.posting.budget as budget_module

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(control_module, "time", clock)
        patch.setattr(budget_module, "time", clock)
        return solve(problem, options)


def test_a_slow_machine_changes_no_plan_before_the_deadline() -> None:
    """With the default deadline (3 × limit + 10 s), a machine slow enough to use 90 % of it still
    gets the byte-identical plan: no phase stops on a share of the deadline. Before, the posting
    phase's wall net was its share of the deadline, and a loaded machine (the bundled example at
    10 s, load 4) cut it at 22 of 40 s and got another plan."""
    scenario = load_scenario(ROOT / "examples" / "shop" / "scenario.yaml")
    problem = Engine().compile(scenario).problem
    options = SolveOptions(time_limit_s=2.0, seed=1)
    counting = _SlowClock(1e-9)
    fast = _solve_on_clock(problem, options, counting)
    slow = _solve_on_clock(problem, options, _SlowClock(0.9 * options.wall_deadline_s / counting.readings))
    assert fast.stopped_by != "deadline" and slow.stopped_by != "deadline"
    assert _fingerprint(fast) == _fingerprint(slow)


def test_a_deadline_that_cuts_the_solve_is_reported() -> None:
    problem = rules_heavy_problem(60, 6, 14, 2)
    solution = solve(problem, SolveOptions(time_limit_s=30.0, seed=1, deadline_s=0.3))
    assert solution.stopped_by == "deadline"
    assert solution.parameters["deadline_s"] == 0.3
