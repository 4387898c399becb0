"""Solve the whole posting problem with CP-SAT (small instances): proves optimality or infeasibility."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from mixplan.solver.cp_solver import new_cp_solver
from mixplan.solver.posting.budget import Budget
from mixplan.solver.posting.cpsat_model import Candidates, PostingModel, all_candidates
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.schedule import Schedule
from mixplan.solver.solution import PostChoice, SolveStatus
from ortools.sat.python import cp_model


@dataclass
class ExactOutcome:
    """CP-SAT's answer in value units."""

    status: SolveStatus
    """OPTIMAL, FEASIBLE, INFEASIBLE, or NO_SOLUTION (CP-SAT ended without a schedule or a proof)."""
    posts: list[PostChoice]
    value: float
    bound: float


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, pm: PostingModel, budget: Budget) -> None:
        super().__init__()
        self.pm = pm
        self.budget = budget

    def on_solution_callback(self) -> None:
        self.budget.progress(
            "exact model", self.objective_value / self.pm.scale, self.pm.true_bound(self.best_objective_bound)
        )


def solve_exact(
    inst: PostingInstance,
    budget: Budget,
    seconds: float,
    hint: list[PostChoice] | None = None,
    cands: Candidates | None = None,
    feasibility_only: bool = False,
) -> ExactOutcome:
    """CP-SAT on every allowed (item, channel, slot) (or on ``cands`` only), for at most ``seconds``.

    With ``cands`` the bound is valid only for schedules made of those candidates. With
    ``feasibility_only`` the objective is dropped and CP-SAT stops at its first valid schedule (its
    value is still reported; the bound is then meaningless).
    """
    cands = all_candidates(inst) if cands is None else cands
    pm = PostingModel(inst, cands)
    if feasibility_only:
        pm.model.clear_objective()
    if hint:
        index = {
            (int(i), int(k), int(t)): j
            for j, (i, k, t) in enumerate(zip(cands.items, cands.channels, cands.slots, strict=True))
        }
        pm.hint([index[(p.item, p.channel, p.slot)] for p in hint if (p.item, p.channel, p.slot) in index])
    options = budget.options
    solver = new_cp_solver()
    params = solver.parameters
    params.random_seed = options.seed
    params.num_workers = max(1, options.workers)
    params.relative_gap_limit = options.relative_gap / 2
    wall_left = budget.wall_left()
    params.max_time_in_seconds = max(0.05, wall_left if budget.deterministic else min(seconds, wall_left))
    if options.deterministic:
        params.interleave_search = True
        params.max_deterministic_time = max(0.05, seconds)
    done = threading.Event()
    watcher = None
    if options.stop is not None:
        stop = options.stop

        def watch() -> None:
            while not done.is_set():
                if stop.wait(0.05):
                    solver.stop_search()
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
    try:
        status = solver.solve(pm.model, _Progress(pm, budget))
    finally:
        done.set()
        if watcher is not None:
            watcher.join()
    budget.spend(solver.deterministic_time)
    if status == cp_model.INFEASIBLE:
        return ExactOutcome(SolveStatus.INFEASIBLE, [], 0.0, -np.inf)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ExactOutcome(SolveStatus.NO_SOLUTION, [], 0.0, np.inf)
    chosen = pm.chosen(solver)
    sched = Schedule.from_posts(
        inst, [(int(cands.items[j]), int(cands.channels[j]), int(cands.slots[j])) for j in chosen.tolist()]
    )
    bound = pm.true_bound(solver.best_objective_bound)
    return ExactOutcome(
        SolveStatus.OPTIMAL if status == cp_model.OPTIMAL else SolveStatus.FEASIBLE,
        sched.posts(),
        sched.value(),
        max(bound, sched.value()) if status == cp_model.OPTIMAL else bound,
    )
