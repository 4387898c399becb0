"""The posting-calendar optimizer: which item goes on which channel in which slot.

``solve_posting(problem, options, time_limit_s=..., bonus=None)`` returns a :class:`PostingResult`
with the schedule, its value and a proven upper bound; ``posting_value(problem, posts)`` evaluates
any schedule exactly by the Problem's semantics; ``posting_violations(problem, posts)`` lists the
rules a schedule breaks. See ``docs/solver.md``, section "Posting calendar", for the method.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from mixplan.solver.posting.driver import solve_posting
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.result import PostingResult
from mixplan.solver.posting.rules import schedule_violations
from mixplan.solver.posting.value import posting_value
from mixplan.solver.problem import Problem
from mixplan.solver.solution import PostChoice


def posting_violations(problem: Problem, posts: Sequence[PostChoice], bonus: np.ndarray | None = None) -> list[str]:
    """Every posting rule that ``posts`` break, one message each (empty when the schedule is valid)."""
    return schedule_violations(PostingInstance(problem, bonus), posts)


__all__ = ["PostingResult", "posting_value", "posting_violations", "solve_posting"]
