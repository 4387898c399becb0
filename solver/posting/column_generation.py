"""Column generation on channel-day patterns: tightens the Lagrangian bound towards the LP optimum.

Each round solves the restricted master LP, turns its duals into multipliers, evaluates the dual
function there (smoothed towards the best multipliers so far, which steadies the duals) and adds the
channel-day pieces of the relaxed schedule as new columns. Every evaluation is a proven bound; the
loop stops when the bound meets the master's LP value, when no column improves the master, or when
the budget says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.lagrangian import DualEvaluation, Lagrangian, Multipliers
from mixplan.solver.posting.master import Master


@dataclass
class BoundState:
    """Best bound so far, its multipliers and the latest relaxed schedule."""

    bound: float
    multipliers: Multipliers
    evaluation: DualEvaluation | None
    lp_value: float
    rounds: int
    converged: bool


def split_by_day(
    inst: PostingInstance, posts: Sequence[tuple[int, int, int]]
) -> dict[tuple[int, int], tuple[np.ndarray, np.ndarray]]:
    """Group (item, channel, slot) posts into channel-day patterns."""
    groups: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for i, k, t in posts:
        groups[(k, t // inst.slots_per_day)].append((i, t))
    return {
        key: (np.array([i for i, _ in v], dtype=np.int64), np.array([t for _, t in v], dtype=np.int64))
        for key, v in groups.items()
    }


class ColumnGeneration:
    """The bound search; call :meth:`round` until it converges or time runs out."""

    def __init__(self, inst: PostingInstance, lagrangian: Lagrangian, smoothing: float = 0.5) -> None:
        self.inst = inst
        self.lag = lagrangian
        self.master = Master(inst, lagrangian)
        self.smoothing = smoothing
        first = lagrangian.evaluate(lagrangian.zero)
        self.master.set_penalty(max(1.0, first.bound))
        self.state = BoundState(first.bound, lagrangian.zero.copy(), first, 0.0, 0, False)
        self.add_posts([(i, k, t) for i, k, t, _r in first.posts])
        self.last_multipliers = lagrangian.zero.copy()

    def offer(self, multipliers: Multipliers, evaluation: DualEvaluation) -> None:
        """Take an evaluation made elsewhere (e.g. at flow prices): keep it if it is the best bound."""
        st = self.state
        if evaluation.bound < st.bound:
            st.bound, st.multipliers, st.evaluation = evaluation.bound, multipliers.copy(), evaluation
        self.add_posts([(i, k, t) for i, k, t, _r in evaluation.posts])

    def add_posts(self, posts: Sequence[tuple[int, int, int]], only_improving: bool = False) -> int:
        """Add the channel-day pieces of a schedule as columns; returns how many were new."""
        pieces = split_by_day(self.inst, posts)
        if only_improving:  # reduced costs first: adding a column invalidates the duals
            pieces = {
                key: (items, slots)
                for key, (items, slots) in pieces.items()
                if self.master.reduced_cost(key[0], key[1], items, slots) > 1e-9
            }
        added = 0
        for (k, d), (items, slots) in pieces.items():
            if self.master.add_column(k, d, items, slots) is not None:
                added += 1
        return added

    def round(self, should_stop: Callable[[], bool] = lambda: False) -> BoundState:
        """One round: master LP (with lazy rows), dual evaluation, new columns."""
        st = self.state
        if self.master.solve() and not should_stop() and self.master.add_violated_rows() > 0:
            self.master.solve()  # the duals must belong to the last model
        st.lp_value = self.master.value
        duals = self.master.multipliers()
        self.last_multipliers = duals
        weight = self.smoothing if st.rounds > 0 else 0.0
        point = st.multipliers.blend(duals, weight) if weight > 0 else duals
        ev = self.lag.evaluate(point)
        st.rounds += 1
        if ev.bound < st.bound:
            st.bound, st.multipliers, st.evaluation = ev.bound, point, ev
        added = self.add_posts([(i, k, t) for i, k, t, _r in ev.posts], only_improving=True)
        if added == 0 and weight > 0:
            ev = self.lag.evaluate(duals)
            if ev.bound < st.bound:
                st.bound, st.multipliers, st.evaluation = ev.bound, duals, ev
            added = self.add_posts([(i, k, t) for i, k, t, _r in ev.posts], only_improving=True)
        if added == 0 or st.bound - st.lp_value <= 1e-7 * max(1.0, abs(st.bound)):
            st.converged = self.master.artificial_use() <= 1e-9 or added == 0
        return st
