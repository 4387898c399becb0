"""mixplan's solver: Problem in, Solution out. Imports nothing from the rest of mixplan.

``solve`` and ``ProblemError`` are imported on first use, so that building a Problem (and every
command that never solves, such as ``mixplan runs list``) does not pay for loading OR-Tools.
"""

from typing import TYPE_CHECKING, Any

from mixplan.solver.options import Progress, SolveOptions
from mixplan.solver.problem import (
    AdsData,
    BoostData,
    CategoryShare,
    ChannelData,
    ItemData,
    ObjectiveData,
    PostCount,
    PostingData,
    Problem,
    SpendBound,
)
from mixplan.solver.solution import PostChoice, Solution, SolveStatus

if TYPE_CHECKING:
    from mixplan.solver.solve_problem import solve
    from mixplan.solver.validate import ProblemError


def __getattr__(name: str) -> Any:
    """Import ``solve`` and ``ProblemError`` when they are first asked for."""
    if name == "solve":
        from mixplan.solver.solve_problem import solve

        return solve
    if name == "ProblemError":
        from mixplan.solver.validate import ProblemError

        return ProblemError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AdsData",
    "BoostData",
    "CategoryShare",
    "ChannelData",
    "ItemData",
    "ObjectiveData",
    "PostChoice",
    "PostCount",
    "PostingData",
    "Problem",
    "ProblemError",
    "Progress",
    "Solution",
    "SolveOptions",
    "SolveStatus",
    "SpendBound",
    "solve",
]
