"""Exact search on the (reduced) spend model as a MIP (SCIP or HiGHS through OR-Tools' model builder).

Same model as the CP-SAT one (one binary per remaining option, exactly one per group, spend rows,
change limits through "index >= t" chains), but solved by LP-based branch and bound, which closes
the small remaining gaps of knapsack-like rows better. The model is filled from sparse arrays in one
call. The MIP's bound is used only after a safety margin for its tolerances (see ``to_true``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.linear_solver.python import model_builder_helper as mbh
from scipy.sparse import coo_matrix

from mixplan.solver.spend.model import SpendModel


@dataclass(frozen=True)
class MipResult:
    """Outcome of one MIP search (objective units are the model's)."""

    choice: np.ndarray | None
    value: float | None
    bound: float
    status: str
    parameters: dict[str, object]


class MipSpend:
    """Sparse MIP of a SpendModel's valid options."""

    def __init__(self, model: SpendModel) -> None:
        self.model = model
        self.options = [np.flatnonzero(model.valid[g]) for g in range(model.groups)]
        self.first = np.zeros(model.groups + 1, dtype=np.int64)
        for g in range(model.groups):
            self.first[g + 1] = self.first[g] + len(self.options[g])
        self.binaries = int(self.first[-1])
        self._extra = 0  # chain variables
        self._rows: list[tuple[np.ndarray, np.ndarray, float, float]] = []
        self._chains: dict[int, dict[int, int]] = {}
        self._build()

    def var(self, g: int, j: int) -> int:
        """Column of 'group g takes option j' (-1 if that option is not in the model)."""
        opts = self.options[g]
        k = int(np.searchsorted(opts, j))
        return int(self.first[g] + k) if k < len(opts) and opts[k] == j else -1

    def _ge(self, g: int, t: int) -> tuple[list[int], list[float], float]:
        """Linear expression (cols, coefs, constant) of 'group g takes an option with index >= t'."""
        opts = self.options[g]
        k = int(np.searchsorted(opts, t))
        if k >= len(opts):
            return [], [], 0.0
        if k == 0:
            return [], [], 1.0
        if len(opts) - k == 1:
            return [int(self.first[g] + k)], [1.0], 0.0
        chain = self._chains.setdefault(g, {})
        if k not in chain:
            column = self.binaries + self._extra
            self._extra += 1
            chain[k] = column
            cols = [column, *range(int(self.first[g] + k), int(self.first[g + 1]))]
            coefs = [1.0] + [-1.0] * (len(cols) - 1)
            self._rows.append((np.asarray(cols), np.asarray(coefs), 0.0, 0.0))
        return [chain[k]], [1.0], 0.0

    def _build(self) -> None:
        m = self.model
        for g in range(m.groups):
            cols = np.arange(self.first[g], self.first[g + 1])
            self._rows.append((cols, np.ones(len(cols)), 1.0, 1.0))
        spend = np.concatenate([m.spend[g, self.options[g]] for g in range(m.groups)]).astype(np.float64)
        revenue = np.concatenate([m.revenue[g, self.options[g]] for g in range(m.groups)])
        self.objective = m.alpha * revenue - m.beta * spend
        for row in m.rows:
            cols = np.concatenate([np.arange(self.first[g], self.first[g + 1]) for g in row.members.tolist()])
            coefs = spend[cols] if row.term == "spend" else revenue[cols]
            lo, hi = (-np.inf, row.rhs) if row.sense == "<=" else (row.rhs, np.inf)
            self._rows.append((cols, coefs, lo, hi))
        for link in m.links:
            for x in self.options[link.next].tolist():
                if x == 0:
                    continue
                chosen = self.var(link.next, x)
                lo, hi = int(link.lo[x]), int(link.hi[x])
                cols, coefs, const = self._ge(link.prev, hi + 1)
                if cols or const:
                    self._rows.append((np.asarray([chosen, *cols]), np.asarray([1.0, *coefs]), -np.inf, 1.0 - const))
                if lo > 1:
                    c1, k1, const1 = self._ge(link.prev, 1)
                    c2, k2, const2 = self._ge(link.prev, lo)
                    self._rows.append(
                        (
                            np.asarray([chosen, *c1, *c2]),
                            np.asarray([1.0, *k1, *(-np.asarray(k2))]),
                            -np.inf,
                            1.0 - const1 + const2,
                        )
                    )

    def solve(
        self, solver_name: str, time_limit_s: float, hint: np.ndarray | None = None, gap: float = 1e-4
    ) -> MipResult:
        """Solve with SCIP or HiGHS; the returned bound includes a margin for the solver's tolerances."""
        m = self.model
        columns = self.binaries + self._extra
        rows = self._rows
        data = coo_matrix(
            (
                np.concatenate([r[1] for r in rows]),
                (np.concatenate([np.full(len(r[0]), i) for i, r in enumerate(rows)]), np.concatenate([r[0] for r in rows])),
            ),
            shape=(len(rows), columns),
        ).tocsr()
        objective = np.concatenate([self.objective, np.zeros(self._extra)])
        builder = mbh.ModelBuilderHelper()
        builder.fill_model_from_sparse_data(
            np.zeros(columns),
            np.ones(columns),
            objective,
            np.array([r[2] for r in rows], dtype=np.float64),
            np.array([r[3] for r in rows], dtype=np.float64),
            data,
        )
        for column in range(self.binaries):
            builder.set_var_integrality(column, True)
        builder.set_maximize(True)
        if hint is not None:
            for g in range(m.groups):
                builder.add_hint(self.var(g, int(hint[g])), 1.0)
        solver = mbh.ModelSolverHelper(solver_name)
        solver.set_time_limit_in_seconds(time_limit_s)
        if solver_name == "scip":
            solver.set_solver_specific_parameters(f"limits/gap = {gap}\nrandomization/randomseedshift = 0\n")
        solver.solve(builder)
        status = solver.status()
        parameters = {"solver": solver_name, "time_limit_s": round(time_limit_s, 3)}
        bound = float(solver.best_objective_bound()) if solver.has_response() else np.inf
        if not solver.has_solution():
            return MipResult(None, None, bound + m.constant, str(status), parameters)
        values = np.asarray(solver.variable_values(), dtype=np.float64)[: self.binaries]
        choice = np.zeros(m.groups, dtype=np.int64)
        for g in range(m.groups):
            part = values[self.first[g] : self.first[g + 1]]
            choice[g] = self.options[g][int(np.argmax(part))]
        return MipResult(choice, m.objective_of(choice), bound + m.constant, str(status), parameters)
