"""What the posting-calendar optimizer returns."""

from __future__ import annotations

from dataclasses import dataclass

from mixplan.solver.control import relative_gap
from mixplan.solver.solution import PostChoice, SolveStatus


@dataclass(frozen=True)
class PostingResult:
    """Outcome of :func:`mixplan.solver.posting.solve_posting`.

    ``value`` is the organic value of ``posts`` (same-day decay applied) plus their bonus;
    ``bound`` is a proven upper bound on that value over every schedule that satisfies the rules.
    ``status`` is OPTIMAL only when ``bound - value`` is within ``options.relative_gap`` of ``value``.
    ``conflicts`` explains an INFEASIBLE answer in the user's terms; ``messages`` carries notes
    (which phases ran, why a solve stopped) for the solve report.
    """

    status: SolveStatus
    posts: tuple[PostChoice, ...]
    value: float
    bound: float
    conflicts: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()

    @property
    def gap(self) -> float | None:
        """The solver-wide relative gap (:func:`mixplan.solver.control.relative_gap`); None without a schedule."""
        if self.status in (SolveStatus.INFEASIBLE, SolveStatus.NO_SOLUTION):
            return None
        return relative_gap(self.value, self.bound)
