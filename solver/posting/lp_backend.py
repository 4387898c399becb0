"""The column generation master's LP solver: GLOP through MathOpt, warm-started from the last basis.

``pywraplp`` re-extracts the whole model into GLOP on every solve, and GLOP then starts from scratch
(as many simplex iterations after adding 150 columns as for the first solve). Column generation
solves the same LP again and again with a few new columns or rows, so here the last optimal basis
is handed back to GLOP (new columns at their lower bound, new rows basic): 2-3 times fewer
iterations (primal simplex after new columns, dual simplex after new rows or bounds). The classes keep
the small part of the ``pywraplp`` interface the master uses
(``NumVar``, ``Constraint``, ``SetCoefficient``, ``dual_value``, ``solution_value``, ``SetLb``...).

GLOP is single-threaded and deterministic; ``iterations()`` (simplex iterations of the last solve)
is the counted work of a solve.
"""

from __future__ import annotations

import math

from ortools.math_opt.python import mathopt

INFINITY = math.inf


class LpVar:
    """A column: bounds, and its value in the last solution."""

    def __init__(self, lp: LpModel, var: mathopt.Variable) -> None:
        self.lp = lp
        self.var = var

    def SetLb(self, value: float) -> None:
        """Set the lower bound."""
        self.var.lower_bound = value

    def SetUb(self, value: float) -> None:
        """Set the upper bound."""
        self.var.upper_bound = value

    def solution_value(self) -> float:
        """Value in the last optimal solution (0 when there is none)."""
        return self.lp.values.get(self.var, 0.0)


class LpRow:
    """A row ``lo <= a x <= hi``; its dual value after a solve."""

    def __init__(self, lp: LpModel, con: mathopt.LinearConstraint) -> None:
        self.lp = lp
        self.con = con

    def SetCoefficient(self, var: LpVar, coef: float) -> None:
        """Set the coefficient of ``var``."""
        self.con.set_coefficient(var.var, coef)

    def GetCoefficient(self, var: LpVar) -> float:
        """The coefficient of ``var`` (0 if unset)."""
        return self.con.get_coefficient(var.var)

    def dual_value(self) -> float:
        """The row's dual in the last optimal solution, with pywraplp's (GLOP's) sign convention."""
        return self.lp.duals.get(self.con, 0.0)


class LpObjective:
    """The linear objective (maximization only is used)."""

    def __init__(self, lp: LpModel) -> None:
        self.lp = lp

    def SetMaximization(self) -> None:
        """Maximize."""
        self.lp.model.objective.is_maximize = True

    def SetCoefficient(self, var: LpVar, coef: float) -> None:
        """Objective coefficient of ``var``."""
        self.lp.model.objective.set_linear_coefficient(var.var, coef)

    def Value(self) -> float:
        """Objective value of the last optimal solution."""
        return self.lp.objective_value


class LpModel:
    """An LP solved incrementally by GLOP, each solve warm-started from the previous optimal basis."""

    OPTIMAL = 0
    NOT_OPTIMAL = 1

    def __init__(self) -> None:
        self.model = mathopt.Model()
        self.solver = mathopt.IncrementalSolver(self.model, mathopt.SolverType.GLOP)
        self.params = mathopt.SolveParameters(threads=1)
        self.params.glop.use_preprocessing = False
        self.vars: list[LpVar] = []
        self.rows: list[LpRow] = []
        self.values: dict[mathopt.Variable, float] = {}
        self.duals: dict[mathopt.LinearConstraint, float] = {}
        self.objective_value = 0.0
        self.basis: mathopt.Basis | None = None
        self._iterations = 0
        self._solved_columns = 0  # columns at the last solve

    def infinity(self) -> float:
        """The infinite bound."""
        return INFINITY

    def Objective(self) -> LpObjective:
        """The objective."""
        return LpObjective(self)

    def NumVar(self, lo: float, hi: float, _name: str = "") -> LpVar:
        """A new continuous column."""
        var = LpVar(self, self.model.add_variable(lb=lo, ub=hi))
        self.vars.append(var)
        return var

    def Constraint(self, lo: float, hi: float) -> LpRow:
        """A new empty row."""
        row = LpRow(self, self.model.add_linear_constraint(lb=lo, ub=hi))
        self.rows.append(row)
        return row

    def NumVariables(self) -> int:
        """Number of columns."""
        return len(self.vars)

    def NumConstraints(self) -> int:
        """Number of rows."""
        return len(self.rows)

    def iterations(self) -> int:
        """Simplex iterations of the last solve."""
        return self._iterations

    def _start_basis(self) -> mathopt.Basis | None:
        """The last optimal basis, completed for columns (at their lower bound) and rows (basic) added since."""
        last = self.basis
        if last is None:
            return None
        var_status = dict(last.variable_status)
        for v in self.vars:
            status = var_status.get(v.var)
            lb, ub = v.var.lower_bound, v.var.upper_bound
            if status is None or status != mathopt.BasisStatus.BASIC:
                if lb == ub:
                    status = mathopt.BasisStatus.FIXED_VALUE
                elif math.isfinite(lb):
                    status = mathopt.BasisStatus.AT_LOWER_BOUND
                elif math.isfinite(ub):
                    status = mathopt.BasisStatus.AT_UPPER_BOUND
                else:
                    status = mathopt.BasisStatus.FREE
            var_status[v.var] = status
        con_status = dict(last.constraint_status)
        for r in self.rows:
            con_status.setdefault(r.con, mathopt.BasisStatus.BASIC)
        return mathopt.Basis(variable_status=var_status, constraint_status=con_status)

    def Solve(self) -> int:
        """Solve (warm-started when a basis is known); ``OPTIMAL`` or ``NOT_OPTIMAL``."""
        start = self._start_basis()
        # new columns keep the old basis primal feasible (primal simplex); new rows and bound changes
        # keep it dual feasible (dual simplex)
        self.params.glop.use_dual_simplex = start is not None and len(self.vars) == self._solved_columns
        self._solved_columns = len(self.vars)
        model_params = mathopt.ModelSolveParameters(initial_basis=start) if start is not None else None
        result = self.solver.solve(params=self.params, model_params=model_params)
        self._iterations = int(result.solve_stats.simplex_iterations)
        if result.termination.reason != mathopt.TerminationReason.OPTIMAL and start is not None:
            self.basis = None  # the warm start did not help: solve from scratch once
            result = self.solver.solve(params=self.params)
            self._iterations += int(result.solve_stats.simplex_iterations)
        if result.termination.reason != mathopt.TerminationReason.OPTIMAL:
            self.values, self.duals, self.objective_value = {}, {}, 0.0
            return self.NOT_OPTIMAL
        self.objective_value = result.objective_value()
        self.values = result.variable_values()
        self.duals = result.dual_values()
        self.basis = result.solutions[0].basis if result.has_basis() else None
        return self.OPTIMAL
