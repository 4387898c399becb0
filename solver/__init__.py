"""mixplan's solver: Problem in, Solution out. Imports nothing from the rest of mixplan."""

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
from mixplan.solver.solve import solve
from mixplan.solver.spend.validate import ProblemError

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
