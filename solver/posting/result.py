"""What the posting-calendar optimizer returns."""

from __future__ import annotations

from dataclasses import dataclass

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
        """Relative gap ``(bound - value) / |value|``; None when there is no schedule or both are 0."""
        if self.status in (SolveStatus.INFEASIBLE, SolveStatus.NO_SOLUTION):
            return None
        if self.value == 0.0:
            return 0.0 if self.bound <= 1e-12 else None
        return max(0.0, (self.bound - self.value) / abs(self.value))
