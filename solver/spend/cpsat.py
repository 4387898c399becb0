"""Exact search on the (reduced) spend model with CP-SAT.

One Boolean per remaining option, exactly one per group; spend rows are exact integer rows; the
objective and any revenue row are scaled to integers. Scaling is done so that the results stay
rigorous: objective coefficients are rounded down, so the true optimum is at most
``(CP-SAT bound + number of free groups) / scale``; revenue rows are rounded in the direction that
relaxes them, and every solution CP-SAT returns is re-checked on the true numbers.
Change limits use an order encoding ("option index >= t" literals chained per group), so each link
costs a number of clauses linear in the options left.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from mixplan.solver.cp_solver import new_cp_solver
from mixplan.solver.solution import SolveStatus
from mixplan.solver.spend.model import SpendModel
from ortools.sat.python import cp_model

OBJECTIVE_BITS = 40
"""The objective is scaled so that its largest possible total is about 2**OBJECTIVE_BITS."""

SolutionHook = Callable[[float, float], None]
"""Called on each improving CP-SAT solution with (approximate objective, valid bound), true units."""


@dataclass(frozen=True)
class SearchSettings:
    """Limits and parameters of one CP-SAT search."""

    time_limit_s: float
    workers: int = 2
    seed: int = 0
    deterministic: bool = True
    relative_gap: float = 1e-4
    absolute_gap: float = 0.0
    stop: threading.Event | None = None
    on_solution: SolutionHook | None = None
    extra: dict[str, object] = field(default_factory=dict)
    wall_s: float | None = None
    """Wall-clock cap in deterministic mode (what is left of the solve's deadline); None: 2 × limit + 1 s."""


@dataclass(frozen=True)
class SearchResult:
    """Outcome of one CP-SAT search (objective units are the model's)."""

    choice: np.ndarray | None
    value: float | None
    bound: float
    status: SolveStatus
    """OPTIMAL, FEASIBLE, INFEASIBLE, or NO_SOLUTION (CP-SAT ended without a solution or a proof)."""
    stopped: bool
    parameters: dict[str, object]
    work: float = 0.0
    """CP-SAT's deterministic time: the counted work of this search."""
    wall_cut: bool = False
    """The wall-clock cap ended the search before its work budget (deterministic mode: the deadline)."""


NET_ROW_BITS = 52
"""Integer size of a net row's coefficients (rounding error per member below 2^-52 of the row's range)."""


def _power_of_two_scale(total: float, target: float = 2.0**OBJECTIVE_BITS) -> float:
    if total <= 0 or not math.isfinite(total):
        return 1.0
    return float(2.0 ** math.floor(math.log2(target / total)))


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, convert: Callable[[float], float], settings: SearchSettings) -> None:
        super().__init__()
        self._convert = convert
        self._settings = settings

    def on_solution_callback(self) -> None:
        if self._settings.on_solution is not None:
            self._settings.on_solution(self._convert(self.objective_value), self._convert(self.best_objective_bound))
        if self._settings.stop is not None and self._settings.stop.is_set():
            self.stop_search()


class CpSatSpend:
    """Builds the CP-SAT model of a SpendModel's valid options."""

    def __init__(self, model: SpendModel, guard_links: bool = False) -> None:
        self.model = model
        self.cp = cp_model.CpModel()
        self.link_guards: dict[int, cp_model.IntVar] = {}
        if guard_links:
            for link in model.links:
                channel = int(model.channel[link.next])
                if channel not in self.link_guards:
                    self.link_guards[channel] = self.cp.new_bool_var(f"links{channel}")
        self.options: list[np.ndarray] = [np.flatnonzero(model.valid[g]) for g in range(model.groups)]
        self.literals: list[list[cp_model.IntVar]] = []
        self.free = [g for g in range(model.groups) if len(self.options[g]) > 1]
        for g in range(model.groups):
            if len(self.options[g]) > 1:
                lits = [self.cp.new_bool_var(f"g{g}o{j}") for j in self.options[g].tolist()]
                self.cp.add_exactly_one(lits)
                self.literals.append(lits)
            else:
                self.literals.append([])
        self._ge: dict[int, list[cp_model.IntVar]] = {}
        self.scale = 1.0
        self.fixed_value = 0.0
        self._add_objective()
        self._add_rows()
        self._add_links()

    # -- building -------------------------------------------------------------------------------
    def _add_objective(self) -> None:
        m = self.model
        value = m.alpha * m.revenue - m.beta * m.spend
        total = sum(float(np.abs(value[g, self.options[g]]).max()) for g in self.free) + 1.0
        self.scale = _power_of_two_scale(total)
        variables: list[cp_model.IntVar] = []
        coefficients: list[int] = []
        fixed = 0.0
        for g in range(m.groups):
            opts = self.options[g]
            if len(opts) == 1:
                fixed += float(value[g, opts[0]])
                continue
            variables += self.literals[g]
            coefficients += np.floor(value[g, opts] * self.scale).astype(np.int64).tolist()
        self.fixed_value = fixed + m.constant
        self.cp.maximize(cp_model.LinearExpr.weighted_sum(variables, coefficients))

    def _add_rows(self) -> None:
        m = self.model
        for row in m.rows:
            fixed = 0.0
            variables: list[cp_model.IntVar] = []
            coefficients: list[int] = []
            if row.term == "spend":
                for g in row.members.tolist():
                    opts = self.options[g]
                    if len(opts) == 1:
                        fixed += float(m.spend[g, opts[0]])
                    else:
                        variables += self.literals[g]
                        coefficients += m.spend[g, opts].tolist()
                rhs = row.rhs - fixed
                bound = math.floor(rhs + 1e-9) if row.sense == "<=" else math.ceil(rhs - 1e-9)
            else:
                coefficient = row.terms(m.spend[row.members], m.revenue[row.members])
                top = float(np.abs(np.where(m.valid[row.members], coefficient, 0.0)).max(initial=0.0))
                top = top * max(1, len(row.members)) + 1.0
                # a net (target ROAS / CPA) row gets finer integers: its plans must meet it within row.slack
                scale = _power_of_two_scale(top, 2.0**NET_ROW_BITS) if row.term == "net" else _power_of_two_scale(top)
                rounding = np.ceil if row.sense == ">=" else np.floor
                for position, g in enumerate(row.members.tolist()):
                    opts = self.options[g]
                    values = rounding(coefficient[position, opts] * scale).astype(np.int64)
                    if len(opts) == 1:
                        fixed += float(values[0])
                    else:
                        variables += self.literals[g]
                        coefficients += values.tolist()
                rhs = row.rhs * scale - fixed
                bound = math.floor(rhs) if row.sense == "<=" else math.ceil(rhs)
            expression = cp_model.LinearExpr.weighted_sum(variables, coefficients)
            if row.sense == "<=":
                self.cp.add(expression <= bound)
            else:
                self.cp.add(expression >= bound)

    def literal(self, g: int, j: int) -> cp_model.IntVar | bool:
        """The literal 'group g takes option j' (a constant when the group has one option)."""
        opts = self.options[g]
        if len(opts) == 1:
            return bool(opts[0] == j)
        position = int(np.searchsorted(opts, j))
        if position < len(opts) and opts[position] == j:
            return self.literals[g][position]
        return False

    def at_least(self, g: int, t: int) -> cp_model.IntVar | bool:
        """The literal 'group g takes an option with index >= t'."""
        opts = self.options[g]
        k = int(np.searchsorted(opts, t))
        if k >= len(opts):
            return False
        if k == 0:
            return True
        if len(opts) == 1:
            return bool(opts[0] >= t)
        chain = self._ge.get(g)
        if chain is None:
            chain = self._chain(g)
            self._ge[g] = chain
        return chain[k]

    def _chain(self, g: int) -> list[cp_model.IntVar]:
        lits = self.literals[g]
        n = len(lits)
        chain: list[cp_model.IntVar] = [lits[0]] * n  # placeholder at 0, never used
        chain[n - 1] = lits[n - 1]
        for k in range(n - 2, 0, -1):
            ge = self.cp.new_bool_var(f"g{g}ge{k}")
            self.cp.add(ge == chain[k + 1] + lits[k])
            chain[k] = ge
        return chain

    def _clause(self, literals: list[cp_model.IntVar | bool]) -> None:
        """Add OR(literals) where a literal may be a Python bool (True satisfies, False drops)."""
        if any(lit is True for lit in literals):
            return
        rest = [lit for lit in literals if lit is not False]
        if not rest:
            self.cp.add_bool_or([self.cp.new_constant(0)])  # an empty clause: infeasible
            return
        self.cp.add_bool_or(rest)

    @staticmethod
    def _negate(lit: cp_model.IntVar | bool) -> cp_model.IntVar | bool:
        if isinstance(lit, bool):
            return not lit
        return lit.Not()  # type: ignore[return-value]

    def _reference(self, g: int, k: int) -> cp_model.IntVar | bool:
        """The literal 'the last positive day of g's chain up to g spent level >= k' (k >= 1).

        R(g, k) = (g >= k) or (g == 0 and R(previous day, k)); before a chain's first day no level
        has been spent. Built iteratively from the chain's start, each (group, k) once.
        """
        path = []
        h = g
        while h >= 0 and (h, k) not in self._refs:
            path.append(h)
            h = int(self._prev_group[h])
        for h in reversed(path):
            before = self._prev_group[h]
            previous: cp_model.IntVar | bool = self._refs[(int(before), k)] if before >= 0 else False
            high = self.at_least(h, k)
            zero = self._negate(self.at_least(h, 1))
            if high is True:
                ref: cp_model.IntVar | bool = True
            elif high is False and (zero is False or previous is False):
                ref = False
            elif high is False and zero is True:
                ref = previous
            else:
                ref = self.cp.new_bool_var(f"r{h}ge{k}")
                neg = self._negate
                self._clause([neg(high), ref])
                self._clause([neg(zero), neg(previous), ref])
                self._clause([neg(ref), high, zero])
                self._clause([neg(ref), high, previous])
            self._refs[(h, k)] = ref
        return self._refs[(g, k)]

    def _add_links(self) -> None:
        """Change limits between consecutive positive days of each chain (see ``Link``).

        For a positive option x of day t with window lo..hi: the reference level before day t
        (the last positive day's level, via :meth:`_reference`) must be 0 or within lo..hi, and,
        with an entry mask that forbids x, must not be 0.
        """
        neg = self._negate
        m = self.model
        before, after = m.links_of()
        self._prev_group = np.full(m.groups, -1, dtype=np.int64)
        for link in m.links:
            self._prev_group[link.next] = link.prev
        self._refs: dict[tuple[int, int], cp_model.IntVar | bool] = {}
        first_of = np.arange(m.groups)
        for start in np.flatnonzero(before < 0).tolist():
            h = start
            while after[h] >= 0:
                h = m.links[int(after[h])].next
                first_of[h] = start
        for g in range(m.groups):
            entry = m.entry.get(int(first_of[g]))
            link_index = int(before[g])
            if entry is None and link_index < 0:
                continue
            guard = self.link_guards.get(int(m.channel[g]))
            extra: list[cp_model.IntVar | bool] = [] if guard is None else [guard.Not()]  # type: ignore[list-item]
            previous = int(self._prev_group[g])
            for x in self.options[g].tolist():
                if x == 0:
                    continue
                chosen = self.literal(g, x)
                if chosen is False:
                    continue
                if entry is not None and not (x < len(entry) and entry[x]):
                    spent = self._reference(previous, 1) if previous >= 0 else False
                    self._clause([*extra, neg(chosen), spent])
                if link_index < 0:
                    continue
                link = m.links[link_index]
                lo, hi = int(link.lo[x]), int(link.hi[x])
                if hi + 1 < len(link.lo):
                    self._clause([*extra, neg(chosen), neg(self._reference(previous, hi + 1))])
                elif lo > hi:
                    self._clause([*extra, neg(chosen), neg(self._reference(previous, 1))])
                if lo > 1:
                    self._clause(
                        [*extra, neg(chosen), neg(self._reference(previous, 1)), self._reference(previous, lo)]
                    )

    # -- solving --------------------------------------------------------------------------------
    def hint(self, choice: np.ndarray) -> None:
        """Hint CP-SAT with a known choice."""
        for g in self.free:
            for j, lit in zip(self.options[g].tolist(), self.literals[g], strict=True):
                self.cp.add_hint(lit, j == int(choice[g]))
        for g, chain in self._ge.items():
            opts = self.options[g]
            for k in range(1, len(chain) - 1):
                self.cp.add_hint(chain[k], int(choice[g]) >= int(opts[k]))

    def to_true(self, scaled: float) -> float:
        """Convert a CP-SAT objective bound into a valid bound on the true objective."""
        return (scaled + len(self.free)) / self.scale + self.fixed_value

    def approximate(self, scaled: float) -> float:
        """Convert a CP-SAT objective value into (about) the true objective, for progress reports."""
        return scaled / self.scale + self.fixed_value

    def solve(self, settings: SearchSettings) -> SearchResult:
        """Run CP-SAT with the settings; the result's bound is valid for the model's valid options."""
        solver = new_cp_solver()
        params = solver.parameters
        # One worker: the portfolio's parallel workers run with their own linearization level and
        # left the bound of these knapsack models at the trivial one in our measurements, while a
        # single worker with the full LP (level 2) closed it; one worker is also deterministic.
        params.num_workers = 1
        params.random_seed = settings.seed
        params.relative_gap_limit = settings.relative_gap
        if settings.absolute_gap > 0:
            params.absolute_gap_limit = settings.absolute_gap * self.scale
        params.linearization_level = 2
        limit = max(0.05, settings.time_limit_s)
        if settings.deterministic:
            params.max_deterministic_time = limit
            wall = settings.wall_s if settings.wall_s is not None else 2.0 * limit + 1.0
            params.max_time_in_seconds = max(0.05, wall)
        else:
            params.max_time_in_seconds = limit
        for key, value in settings.extra.items():
            if isinstance(value, list):
                getattr(params, key).extend(value)
            else:
                setattr(params, key, value)
        watcher = _StopWatcher(solver, settings.stop)
        callback = _Callback(self.approximate, settings)
        watcher.start()
        try:
            status = solver.solve(self.cp, callback)
        finally:
            watcher.finish()
        parameters: dict[str, object] = {
            "num_workers": params.num_workers,
            "random_seed": params.random_seed,
            # in deterministic mode the wall cap is what is left of the deadline: a clock reading, not a setting
            "max_time_in_seconds": None if settings.deterministic else round(params.max_time_in_seconds, 3),
            "max_deterministic_time": round(params.max_deterministic_time, 3) if settings.deterministic else None,
            "relative_gap_limit": params.relative_gap_limit,
            "linearization_level": params.linearization_level,
        }
        stopped = settings.stop is not None and settings.stop.is_set()
        work = float(solver.deterministic_time)
        wall_cut = (
            settings.deterministic
            and status not in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
            and not stopped
            and solver.wall_time >= params.max_time_in_seconds
            and work < params.max_deterministic_time
        )
        if status == cp_model.INFEASIBLE:
            return SearchResult(None, None, -math.inf, SolveStatus.INFEASIBLE, stopped, parameters, work)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return SearchResult(None, None, math.inf, SolveStatus.NO_SOLUTION, stopped, parameters, work, wall_cut)
        bound = self.to_true(solver.best_objective_bound)
        choice = np.zeros(self.model.groups, dtype=np.int64)
        for g in range(self.model.groups):
            opts = self.options[g]
            if len(opts) == 1:
                choice[g] = opts[0]
                continue
            for j, lit in zip(opts.tolist(), self.literals[g], strict=True):
                if solver.boolean_value(lit):
                    choice[g] = j
                    break
        value = self.model.objective_of(choice)
        found = SolveStatus.OPTIMAL if status == cp_model.OPTIMAL else SolveStatus.FEASIBLE
        return SearchResult(choice, value, bound, found, stopped, parameters, work, wall_cut)


class _StopWatcher:
    """Stops a running CP-SAT search when the caller's stop event is set."""

    def __init__(self, solver: cp_model.CpSolver, stop: threading.Event | None) -> None:
        self._solver = solver
        self._stop = stop
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._stop is None:
            return
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        assert self._stop is not None
        while not self._done.is_set():
            if self._stop.wait(0.05):
                self._solver.stop_search()
                return

    def finish(self) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()
