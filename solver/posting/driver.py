"""``solve_posting``: presolve, then the exact model (small) or the decomposition (large), with a proven bound."""

from __future__ import annotations

import numpy as np
from mixplan.solver.control import Control
from mixplan.solver.options import SolveOptions
from mixplan.solver.posting.budget import Budget
from mixplan.solver.posting.decomposition import Decomposition
from mixplan.solver.posting.exact import solve_exact
from mixplan.solver.posting.explain import explain_infeasible
from mixplan.solver.posting.feasibility import required_first_start, solve_forced_weeks
from mixplan.solver.posting.greedy import GREEDY_MAX_CANDIDATES, GREEDY_WORK_PER_CANDIDATE, greedy_schedule
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.lagrangian import Lagrangian
from mixplan.solver.posting.presolve import presolve_conflicts
from mixplan.solver.posting.result import PostingResult
from mixplan.solver.posting.rules import schedule_violations
from mixplan.solver.posting.schedule import Schedule
from mixplan.solver.problem import Problem
from mixplan.solver.solution import PostChoice, SolveStatus

FEASIBILITY_WORK = 10.0  # CP-SAT deterministic time the feasibility phase gets at least (its presolve needs most of it)
FEASIBILITY_SHARE = 0.3  # ... or this share of the posting budget, whichever is larger
EXACT_CANDIDATES = 12_000  # up to this many, CP-SAT gets the whole problem after the decomposition
EXPLAIN_CANDIDATES = 4_000  # assumption-based explanations on problems up to this size
GREEDY_WORK_PAST_DEADLINE = 0.5  # past the deadline the greedy still runs when it costs at most this


def _check_bonus(problem: Problem, bonus: np.ndarray | None) -> np.ndarray | None:
    if bonus is None:
        return None
    arr = np.asarray(bonus, dtype=float)
    shape = (len(problem.items), len(problem.channels), problem.days)
    if arr.shape != shape:
        raise ValueError(f"bonus must have shape items × channels × days = {shape}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("bonus must be finite")
    return arr


def _status(value: float, bound: float, budget: Budget) -> SolveStatus:
    gap = budget.gap(value, bound)
    if gap is not None and gap <= budget.options.relative_gap:
        return SolveStatus.OPTIMAL
    return SolveStatus.FEASIBLE


def solve_posting(
    problem: Problem,
    options: SolveOptions,
    *,
    time_limit_s: float,
    bonus: np.ndarray | None = None,
    control: Control | None = None,
) -> PostingResult:
    """The best posting calendar found within ``time_limit_s``, with a proven upper bound.

    ``bonus[i, k, d]`` (items × channels × days, None = zeros) is added to the value of a post of
    item i on channel k on day d, outside the same-day decay. Channels whose ``posting`` is None take
    no posts. Status OPTIMAL only when ``bound - value`` is within ``options.relative_gap``; when
    ``options.stop`` is set the best schedule so far comes back (FEASIBLE); INFEASIBLE comes with
    ``conflicts`` in the user's terms; NO_SOLUTION when no valid schedule was found in time.
    ``control`` is the whole solve's (its clock, work meter, deadline, progress and gap); None for a
    posting solve on its own.
    """
    inst = PostingInstance(problem, _check_bonus(problem, bonus))
    budget = Budget(options, time_limit_s, control=control)
    conflicts = presolve_conflicts(inst)
    if conflicts:
        return PostingResult(
            SolveStatus.INFEASIBLE, (), 0.0, -np.inf, tuple(conflicts), ("infeasible by presolve arithmetic",)
        )
    if not inst.posting_channels or inst.n_items == 0 or inst.n_candidates() == 0:
        return PostingResult(SolveStatus.OPTIMAL, (), 0.0, 0.0, (), ("nothing can be posted",))
    n_candidates = inst.n_candidates()
    messages: list[str] = []
    best_posts: list[PostChoice] = []
    best_value, bound, found = -np.inf, np.inf, False
    # the decomposition's primal heuristics run on every size: on tiny instances they are the cheap
    # constructive start that makes sure a plan exists before the exact model spends its budget
    greedy = _greedy_start(inst, budget)
    # the search's budget starts after the greedy's counted work: its phase shares (warm start, bound
    # search, diving) are fractions of the budget, and the greedy must not eat the first of them
    budget = Budget(options, time_limit_s, control=control)
    dec = Decomposition(inst, budget.part(0.3) if n_candidates <= EXACT_CANDIDATES else budget)
    dec.run()
    messages.extend(dec.messages)
    best_posts, best_value, bound, found = list(dec.best.posts), dec.best.value, dec.bound, dec.best.found
    if greedy is not None and (not found or greedy[1] > best_value):
        messages.append("greedy by value kept: the search found nothing better")
        best_posts, best_value, found = greedy[0], greedy[1], True
    if dec.proven_infeasible():
        return _infeasible(inst, budget, time_limit_s, [*messages, "the Lagrangian bound proves infeasibility"])
    done = dec.gap_closed()
    if n_candidates <= EXACT_CANDIDATES and not done and not budget.exhausted():
        exact = solve_exact(inst, budget, max(0.05, budget.remaining()), hint=best_posts if found else None)
        messages.append(f"exact model: {exact.status}")
        if exact.status is SolveStatus.INFEASIBLE:
            return _infeasible(inst, budget, time_limit_s, messages)
        if exact.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
            bound = min(bound, exact.bound)
            if exact.value > best_value:
                best_posts, best_value, found = exact.posts, exact.value, True
    if not found and not budget.stop_requested() and not budget.past_deadline():
        # the feasibility phase, on its own counted budget (never on what the optimization left)
        work = max(FEASIBILITY_WORK, FEASIBILITY_SHARE * budget.limit)
        start = required_first_start(inst, budget, work)
        if start is not None:
            messages.append("feasibility phase: required-first start")
            best_posts, best_value, found = start, Schedule.from_posts(inst, _triples(start)).value(), True
    if not found and not budget.stop_requested() and not budget.past_deadline():
        forced = solve_forced_weeks(inst, budget, max(FEASIBILITY_WORK, FEASIBILITY_SHARE * budget.limit))
        if forced is not None:
            messages.append(f"feasibility phase (forced weeks): {forced.status}")
            if forced.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):  # its bound holds for the restriction only
                best_posts, best_value, found = forced.posts, forced.value, True
    if not np.isfinite(bound):
        bound = Lagrangian(inst).evaluate(Lagrangian(inst).zero).bound
    if not found:
        status = SolveStatus.NO_SOLUTION
        if budget.stopped_by:
            messages.append(f"stopped: {budget.stopped_by}")
        return PostingResult(status, (), 0.0, float(bound), (), tuple(messages))
    problems = schedule_violations(inst, best_posts)
    if problems:  # pragma: no cover - every phase checks its schedules; this is the last guard
        raise RuntimeError(f"posting optimizer produced an invalid schedule: {problems[0]}")
    bound = max(float(bound), best_value)
    if budget.stopped_by:
        messages.append(f"stopped: {budget.stopped_by}")
    status = _status(best_value, bound, budget)
    if budget.stop_requested() and status != SolveStatus.OPTIMAL:
        status = SolveStatus.FEASIBLE
    return PostingResult(status, tuple(best_posts), float(best_value), float(bound), (), tuple(messages))


def _triples(posts: list[PostChoice]) -> list[tuple[int, int, int]]:
    return [(p.item, p.channel, p.slot) for p in posts]


def _greedy_start(inst: PostingInstance, budget: Budget) -> tuple[list[PostChoice], float] | None:
    """The greedy-by-value schedule and its value, on a counted budget; None when too large or it breaks a rule.

    It is computed before the search so that a deadline cutting the search still leaves it, and
    kept only when the search finds nothing better: the plan is never worse than this greedy.
    """
    n_candidates = inst.n_candidates()
    work = GREEDY_WORK_PER_CANDIDATE * n_candidates
    if n_candidates > GREEDY_MAX_CANDIDATES or budget.stop_requested():
        return None
    if budget.past_deadline() and work > GREEDY_WORK_PAST_DEADLINE:
        return None
    posts = list(greedy_schedule(inst))
    budget.spend(work)
    if not posts or schedule_violations(inst, posts):
        return None
    return posts, Schedule.from_posts(inst, _triples(posts)).value()


def _infeasible(inst: PostingInstance, budget: Budget, time_limit_s: float, messages: list[str]) -> PostingResult:
    explanation = None
    if inst.n_candidates() <= EXPLAIN_CANDIDATES and not budget.stop_requested():
        explanation = explain_infeasible(inst, max(1.0, min(10.0, time_limit_s - budget.elapsed())))
    conflicts = explanation or [
        "no schedule satisfies all posting rules together (proven; the problem is too "
        "large to name the conflicting rules — check required items, category shares "
        "and post-count minimums)"
    ]
    return PostingResult(SolveStatus.INFEASIBLE, (), 0.0, -np.inf, tuple(conflicts), tuple(messages))
