"""Exact CVaR of the paid revenue over the curve samples, with CP-SAT (Rockafellar-Uryasev).

CVaR here is the mean of the ``k`` worst sample totals. With integer sample totals ``R_s`` it
equals ``max over eta of eta - (1/k) * sum_s max(0, eta - R_s)``, which is linear with one
integer ``eta`` and one ``u_s >= eta - R_s, u_s >= 0`` per sample: CP-SAT maximizes
``k * eta - sum_s u_s``. Sample revenues are scaled and rounded down, so the true CVaR of any plan is
at most ``(bound / k + free groups + 1) / scale`` (plus the constant), which is what is reported.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from mixplan.solver.control import Control
from mixplan.solver.problem import Problem
from mixplan.solver.solution import SolveStatus
from mixplan.solver.spend.chains import chains_of
from mixplan.solver.spend.cpsat import CpSatSpend, SearchSettings
from mixplan.solver.spend.engine import account
from mixplan.solver.spend.model import SpendModel
from mixplan.solver.spend.relax import chain_bound, envelope_lp, reduce_options
from ortools.sat.python import cp_model

SAMPLE_BITS = 24
"""Sample totals are scaled to about 2**SAMPLE_BITS. With coefficients near 2**28 in the shortfall
rows, CP-SAT 9.15's LP was seen to loop forever (past every time limit); 2**24 solved every case we
tried. The price is a bound slack of (free groups + 1) / scale, about 1e-7 of the revenue per group."""


class CpSatCvar(CpSatSpend):
    """The spend model with the CVaR objective over ``model.samples``."""

    def __init__(self, model: SpendModel, tail: int) -> None:
        self.tail = tail
        super().__init__(model)

    def _add_objective(self) -> None:
        m = self.model
        assert m.samples is not None
        samples = m.samples
        count = samples.shape[0]
        reach = np.where(m.valid[None, :, :], np.abs(samples), 0.0).max(axis=2).sum(axis=1).max() + 1.0
        self.scale = float(2.0 ** math.floor(math.log2(2.0**SAMPLE_BITS / reach)))
        totals: list[cp_model.LinearExpr] = []
        low, high = 0, 0
        for s in range(count):
            variables: list[cp_model.IntVar] = []
            coefficients: list[int] = []
            fixed = 0.0
            lows, highs = 0, 0
            for g in range(m.groups):
                opts = self.options[g]
                values = samples[s, g, opts] * self.scale
                if len(opts) == 1:
                    fixed += float(values[0])
                    continue
                ints = np.floor(values).astype(np.int64)
                variables += self.literals[g]
                coefficients += ints.tolist()
                lows += int(ints.min())
                highs += int(ints.max())
            base = math.floor(fixed)
            totals.append(cp_model.LinearExpr.weighted_sum(variables, coefficients) + base)
            low = min(low, lows + base) if s else lows + base
            high = max(high, highs + base) if s else highs + base
        eta = self.cp.new_int_var(low, high, "eta")
        shortfalls = []
        for s, total in enumerate(totals):
            u = self.cp.new_int_var(0, max(0, high - low), f"u{s}")
            self.cp.add(u >= eta - total)
            shortfalls.append(u)
        self.cp.maximize(self.tail * eta - cp_model.LinearExpr.sum(shortfalls))
        self.fixed_value = m.constant

    def hint(self, choice: np.ndarray) -> None:
        """No hint: with a hint, CP-SAT 9.15 was seen to hang past every time limit on this model
        (see ``exact_cvar``); the caller keeps its incumbent anyway."""
        del choice

    def to_true(self, scaled: float) -> float:
        """A valid bound on the true CVaR (plus constant) from CP-SAT's bound."""
        return (scaled / self.tail + len(self.free) + 1) / self.scale + self.fixed_value

    def approximate(self, scaled: float) -> float:
        """About the true CVaR (plus constant) of a CP-SAT objective value."""
        return scaled / self.tail / self.scale + self.fixed_value


def tail_count(problem: Problem, samples: int) -> int:
    """How many worst samples CVaR averages: ceil(alpha x samples), at least 1."""
    return max(1, math.ceil(problem.objective.risk_alpha * samples - 1e-9))


@dataclass(frozen=True)
class ExactRisk:
    """The best CVaR plan CP-SAT found on the reduced grid and a valid bound."""

    choice: np.ndarray | None
    bound: float


def exact_cvar(
    problem: Problem,
    model: SpendModel,
    control: Control,
    organic: float,
    incumbent: np.ndarray,
    value: float,
    weights: np.ndarray,
    share: float,
) -> ExactRisk:
    """Reduce the grid with the linear bound at ``weights`` (valid for CVaR), then solve CVaR exactly."""

    assert model.samples is not None
    weighted = model.with_objective(1.0, 0.0, organic)
    weighted.revenue = np.tensordot(weights, model.samples, axes=1)
    lp = envelope_lp(weighted)
    if not lp.feasible:
        return ExactRisk(None, -math.inf)
    bound = chain_bound(weighted, chains_of(weighted), lp.duals)
    reduced = model.with_objective(1.0, 0.0, organic)
    reduce_options(reduced, bound, incumbent, value)
    search = CpSatCvar(reduced, tail_count(problem, model.samples.shape[0]))
    search.hint(incumbent)
    options = control.options
    result = search.solve(
        SearchSettings(
            time_limit_s=control.phase_budget(share),
            workers=options.workers,
            seed=options.seed,
            deterministic=options.deterministic,
            relative_gap=options.relative_gap,
            stop=options.stop,
            wall_s=control.wall_left(),
        )
    )
    account(control, result)
    proven = bound.bound
    if result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        proven = min(proven, max(value, result.bound))
    if result.status is SolveStatus.INFEASIBLE:
        proven = min(proven, value)
    return ExactRisk(
        result.choice if result.choice is not None and not model.violations(result.choice) else None, proven
    )
