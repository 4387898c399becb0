"""The spend pipeline for one linear objective.

1. The LP over each group's concave envelope (change limits dropped) gives dual prices.
2. The Lagrangian bound at those prices, with each channel's days solved exactly under its change
   limits by a DP, is a valid upper bound, and gives for every option the best any plan using it
   can reach.
3. Primal plans: the greedy from zero spend, and the greedy repair of the DP's plan at the dual
   prices (which already respects the change limits); the better one is the incumbent.
4. Options that cannot beat the incumbent are removed (exact).
5. If the reduced model is small, CP-SAT searches all of it (its bound is then valid for the full
   model, because every removed option appears only in plans no better than the incumbent);
   otherwise CP-SAT re-optimizes windows of days in turn around the incumbent (large-neighbourhood
   search), which improves the plan but proves nothing beyond step 2's bound.
The reported bound is the smallest valid one; "optimal" means the gap is within the tolerance.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from mixplan.solver.control import Control
from mixplan.solver.solution import SolveStatus
from mixplan.solver.spend.chains import chain_argmax, chains_of
from mixplan.solver.spend.cpsat import CpSatSpend, SearchResult, SearchSettings
from mixplan.solver.spend.greedy import greedy_solution
from mixplan.solver.spend.model import SpendModel, restrict
from mixplan.solver.spend.presolve import presolve
from mixplan.solver.spend.relax import chain_bound, envelope_lp, reduce_options

Reporter = Callable[[str, float | None, float | None], None]

EXACT_OPTION_LIMIT = 3000
"""Reduced models with at most this many free options are searched whole; larger ones by windows."""
WINDOW_OPTIONS = 1200
"""Free options per large-neighbourhood window."""
WINDOW_COST = 0.1
"""Deterministic time one window search is counted at (CP-SAT's fixed cost per call)."""
PATIENCE = 8
"""Windows in a row without improvement after which the window search ends."""


@dataclass
class SpendResult:
    """Best choice found for a spend model, its value, a valid upper bound and how it ended."""

    choice: np.ndarray | None
    value: float | None
    bound: float
    status: SolveStatus
    duals: np.ndarray
    stats: dict[str, object] = field(default_factory=dict)


def _status(
    value: float | None, bound: float, tolerance: float, control: Control, absolute: float = 0.0
) -> SolveStatus:
    if value is None:
        return SolveStatus.INTERRUPTED if control.stopped() else SolveStatus.NO_SOLUTION
    if _within(value, bound, tolerance, control, absolute):
        return SolveStatus.OPTIMAL
    return SolveStatus.INTERRUPTED if control.stopped() else SolveStatus.FEASIBLE


def _within(value: float | None, bound: float, tolerance: float, control: Control, absolute: float = 0.0) -> bool:
    """Whether ``value`` is within ``tolerance`` (relative, the solve's gap) or ``absolute`` of ``bound``."""
    if value is None:
        return False
    if bound - value <= max(absolute, control.noise):
        return True
    gap = control.gap(value, bound)
    return gap is not None and gap <= tolerance


class _Incumbent:
    """Best feasible choice so far."""

    def __init__(self, model: SpendModel) -> None:
        self.model = model
        self.choice: np.ndarray | None = None
        self.value: float | None = None

    def offer(self, candidate: np.ndarray | None) -> bool:
        if candidate is None or self.model.violations(candidate):
            return False
        value = self.model.objective_of(candidate)
        if self.value is None or value > self.value + 1e-12 * max(1.0, abs(value)):
            self.choice, self.value = candidate.copy(), value
            return True
        return False


def maximize(
    model: SpendModel,
    control: Control,
    *,
    time_share: float = 1.0,
    start: np.ndarray | None = None,
    phase: str = "spend",
    report: Reporter | None = None,
    tolerance: float | None = None,
    absolute: float = 0.0,
    windows: bool = True,
) -> SpendResult:
    """Maximize the model's objective under its rows and links; see the module docstring.

    The search stops (and calls the plan optimal) once the gap is within ``tolerance`` (relative,
    default ``options.relative_gap``) or within ``absolute`` objective units. ``windows=False`` skips
    the window search of large reduced models (used by the inner steps of the ratio and risk loops).
    """
    tolerance = control.options.relative_gap if tolerance is None else tolerance
    model = presolve(model)
    notify: Reporter = report or (lambda name, value, bound: control.report(name, value, bound))
    stats: dict[str, object] = {"options": int(model.valid.sum()), "groups": model.groups}
    lp = envelope_lp(model)
    if not lp.feasible:
        return SpendResult(None, None, -math.inf, SolveStatus.INFEASIBLE, lp.duals, stats)
    chains = chains_of(model)
    relaxation = chain_bound(model, chains, lp.duals)
    bound = relaxation.bound
    stats["lp_bound"] = lp.value
    stats["lagrangian_bound"] = bound

    best = _Incumbent(model)
    best.offer(start)
    best.offer(greedy_solution(model))
    best.offer(greedy_solution(model, chain_argmax(model, chains, relaxation.reduced)))
    stats["greedy_value"] = best.value
    notify(f"{phase}: greedy", best.value, bound)
    if _within(best.value, bound, tolerance, control, absolute) or control.stopped():
        status = _status(best.value, bound, tolerance, control, absolute)
        return SpendResult(best.choice, best.value, bound, status, lp.duals, stats)

    reduced = model.with_objective(model.alpha, model.beta, model.constant)
    if best.choice is not None and best.value is not None:
        stats["options_after_reduction"] = reduce_options(reduced, relaxation, best.choice, best.value)
    free = int(reduced.valid[reduced.valid.sum(axis=1) > 1].sum())
    budget = control.phase_budget(time_share)
    context = _SearchContext(control, tolerance, absolute, phase, notify, stats)
    if free <= EXACT_OPTION_LIMIT or best.choice is None:
        bound = _search_whole(reduced, best, bound, budget, context)
    elif windows:
        _search_windows(reduced, best, bound, 0.3 * budget, context, relaxation.reduced)
    notify(f"{phase}: done", best.value, bound)
    if best.value is None and stats.get("cpsat_status") == SolveStatus.INFEASIBLE:
        return SpendResult(None, None, -math.inf, SolveStatus.INFEASIBLE, lp.duals, stats)
    status = _status(best.value, bound, tolerance, control, absolute)
    return SpendResult(best.choice, best.value, bound, status, lp.duals, stats)


def account(control: Control, result: SearchResult) -> None:
    """Count a CP-SAT search's work on the solve's meter, and a wall-clock cut as the deadline's."""
    control.count(result.work)
    if result.wall_cut:
        control.note_deadline()


@dataclass(frozen=True)
class _SearchContext:
    """What both CP-SAT searches of one ``maximize`` call share: limits, tolerances, reporting."""

    control: Control
    tolerance: float
    absolute: float
    phase: str
    notify: Reporter
    stats: dict[str, object]

    def settings(self, budget: float, on_solution: Callable[[float, float], None]) -> SearchSettings:
        """CP-SAT settings for a search of ``budget`` (deterministic) seconds."""
        return _settings(self.control, budget, self.tolerance, self.absolute, on_solution)


def _settings(
    control: Control, budget: float, tolerance: float, absolute: float, on_solution: Callable[[float, float], None]
) -> SearchSettings:
    options = control.options
    return SearchSettings(
        time_limit_s=budget,
        workers=options.workers,
        seed=options.seed,
        deterministic=options.deterministic,
        relative_gap=tolerance,
        absolute_gap=absolute,
        stop=options.stop,
        on_solution=on_solution,
        wall_s=control.wall_left(),
    )


def _search_whole(reduced: SpendModel, best: _Incumbent, bound: float, budget: float, context: _SearchContext) -> float:
    """CP-SAT on the whole reduced model; returns the new valid bound."""
    search = CpSatSpend(reduced)
    if best.choice is not None:
        search.hint(best.choice)
    result = search.solve(
        context.settings(budget, lambda v, b: context.notify(f"{context.phase}: search", v, min(bound, b)))
    )
    account(context.control, result)
    context.stats["cpsat"] = result.parameters
    context.stats["cpsat_status"] = str(result.status)
    best.offer(result.choice)
    if result.status is SolveStatus.INFEASIBLE:
        return bound if best.value is not None else -math.inf
    if result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return min(bound, result.bound if best.value is None else max(best.value, result.bound))
    return bound


def _windows(reduced: SpendModel) -> list[np.ndarray]:
    """Blocks of groups for the large-neighbourhood search: runs of days, or chunks of free groups."""
    counts = reduced.valid.sum(axis=1)
    free = counts > 1
    days = int(reduced.day.max()) + 1 if reduced.groups else 1
    blocks: list[np.ndarray] = []
    if days > 1:
        per_day = np.bincount(reduced.day[free], weights=counts[free], minlength=days)
        width = max(1, int(WINDOW_OPTIONS / max(1.0, float(per_day.mean()))))
        for offset in (0, width // 2) if width > 1 else (0,):
            for first in range(-offset if offset else 0, days, width):
                lo, hi = max(first, 0), first + width
                members = np.flatnonzero(free & (reduced.day >= lo) & (reduced.day < hi))
                if len(members):
                    blocks.append(members)
    else:
        order = np.flatnonzero(free)
        per_group = max(1.0, float(counts[free].mean())) if len(order) else 1.0
        size = max(2, int(WINDOW_OPTIONS / per_group))
        for offset in (0, size // 2):
            for first in range(-offset if offset else 0, len(order), size):
                members = order[max(first, 0) : first + size]
                if len(members):
                    blocks.append(members)
    return blocks


def _search_windows(
    reduced: SpendModel,
    best: _Incumbent,
    bound: float,
    budget: float,
    context: _SearchContext,
    reduced_values: np.ndarray,
) -> None:
    """Re-optimize blocks of groups with CP-SAT while the others keep the incumbent's options.

    Blocks are taken in order of their share of the Lagrangian gap (how far the incumbent's options
    are from the best ones at the dual prices), at most ``budget / WINDOW_COST`` of them (a CP-SAT
    call costs about that much even when it proves its window at once), and the search ends after
    ``PATIENCE`` windows in a row without improvement.
    """
    assert best.choice is not None
    control, tolerance, absolute = context.control, context.tolerance, context.absolute
    blocks = _windows(reduced)
    choice = best.choice
    gap = reduced_values.max(axis=1) - reduced_values[np.arange(reduced.groups), choice]
    order = sorted(range(len(blocks)), key=lambda k: -float(gap[blocks[k]].sum()))
    count = min(len(blocks), max(1, int(budget / WINDOW_COST)))
    slice_s = max(0.05, budget / count)
    improved, idle, searched = 0, 0, 0
    for k in order[:count]:
        block = blocks[k]
        if control.stopped() or control.out_of_time() or _within(best.value, bound, tolerance, control, absolute):
            break
        if idle >= PATIENCE:
            break
        if not control.options.deterministic and control.remaining() < 0.05:
            break
        assert best.choice is not None
        sub, block = restrict(reduced, block, best.choice)
        search = CpSatSpend(sub)
        search.hint(best.choice[block])
        result = search.solve(context.settings(slice_s, lambda v, b: None))
        account(control, result)
        searched += 1
        idle += 1
        if result.choice is None:
            continue
        candidate = best.choice.copy()
        candidate[block] = result.choice
        if best.offer(candidate):
            improved += 1
            idle = 0
            context.notify(f"{context.phase}: windows", best.value, bound)
    context.stats["windows"] = searched
    context.stats["windows_improved"] = improved
