"""One way to make a CP-SAT solver, so every phase leaves the caller's Ctrl-C handling alone."""

from __future__ import annotations

from ortools.sat.python import cp_model


def new_cp_solver() -> cp_model.CpSolver:
    """A CpSolver that does not catch SIGINT.

    CP-SAT's default (``catch_sigint_signal``) installs its own SIGINT handler for each solve and
    leaves the default action behind when the solve ends, so the next Ctrl-C killed the process
    instead of reaching the CLI's "first Ctrl-C keeps the best plan" handler. Stopping is done through
    the solve's stop event instead.
    """
    solver = cp_model.CpSolver()
    solver.parameters.catch_sigint_signal = False
    return solver
