"""A fast primal heuristic for the spend model: "jump to the best average return", then local repairs.

1. Lower-bound rows (channel minimums, group minimums, a revenue target, a minimum spend) are met
   first, each time taking the move with the best value per unit of the missing amount.
2. Then, repeatedly, the move with the best value per extra unit of spend among all groups, where a
   move may jump several grid levels at once (so an S-curve is entered at its best average return,
   not stalled below its inflection point). A lazy heap keeps this fast: a group's key is an upper
   bound on its best feasible ratio and is recomputed only when it comes out on top.
3. Single-group moves in any direction that raise the objective (e.g. cutting spend whose return
   is below 1 / margin), then step 2 again.

The result is feasible or None; it is a starting point for the exact search, never claimed optimal.
"""

from __future__ import annotations

import heapq

import numpy as np
from mixplan.solver.spend.curves import best_jumps
from mixplan.solver.spend.model import SpendModel

_EPS = 1e-9


def _ratio(numerator: np.ndarray, denominator: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """numerator / denominator where ``ok`` (denominators there are positive), -inf elsewhere."""
    out = np.full(len(numerator), -np.inf)
    np.divide(numerator, denominator, out=out, where=ok)
    return out


class Greedy:
    """Greedy state over one spend model (choices, row activities, link neighbours)."""

    def __init__(self, model: SpendModel, start: np.ndarray | None = None) -> None:
        self.model = model
        self.value = model.value()
        self.rows_of = model.rows_of()
        self.before, self.after = model.links_of()
        groups = model.groups
        first_valid = np.argmax(model.valid, axis=1)
        self.choice = first_valid.astype(np.int64) if start is None else start.astype(np.int64).copy()
        spend, revenue = model.chosen(self.choice)
        self.activity = np.array(
            [float((spend if r.term == "spend" else revenue)[r.members].sum()) for r in model.rows], dtype=np.float64
        )
        self.rhs = np.array([r.rhs for r in model.rows], dtype=np.float64)
        self.upper = np.array([r.sense == "<=" for r in model.rows], dtype=bool)
        self.on_spend = np.array([r.term == "spend" for r in model.rows], dtype=bool)
        self.index = np.arange(model.spend.shape[1])
        self.full = model.valid.sum(axis=1) == np.array(
            [len(model.curves[c][0]) for c in model.curve.tolist()], dtype=np.int64
        )
        self.jumps = [best_jumps(grid, rev) for grid, rev in model.curves]
        self.version = np.zeros(groups, dtype=np.int64)

    # -- feasibility ------------------------------------------------------------------------
    def _tolerance(self, i: int) -> float:
        return 0.0 if self.on_spend[i] else _EPS * max(1.0, abs(self.rhs[i]))

    def mask(self, g: int, keep_lower: bool = True, skip_row: int = -1) -> np.ndarray:
        """Options group ``g`` may move to now without breaking an upper row, a met lower row or a link.

        Upper rows that are already broken only forbid making them worse; ``skip_row`` is ignored.
        """
        m = self.model
        a = int(self.choice[g])
        ds = m.spend[g] - m.spend[g, a]
        dr = m.revenue[g] - m.revenue[g, a]
        ok = m.valid[g].copy()
        for i in self.rows_of[g]:
            if i == skip_row:
                continue
            delta = ds if self.on_spend[i] else dr
            if self.upper[i]:
                ok &= delta <= max(0.0, self.rhs[i] - self.activity[i]) + self._tolerance(i)
            elif keep_lower and self.activity[i] >= self.rhs[i] - self._tolerance(i):
                ok &= delta >= self.rhs[i] - self.activity[i] - self._tolerance(i)
        link = self.before[g]
        if link >= 0:
            lk = m.links[link]
            p = int(self.choice[lk.prev])
            if p > 0:
                n = len(lk.lo)
                inside = np.zeros(len(ok), dtype=bool)
                inside[:n] = (lk.lo <= p) & (p <= lk.hi)
                inside[0] = True
                ok &= inside
        link = self.after[g]
        if link >= 0:
            lk = m.links[link]
            x = int(self.choice[lk.next])
            if x > 0:
                ok &= (self.index == 0) | ((self.index >= lk.lo[x]) & (self.index <= lk.hi[x]))
        return ok

    def feasible(self) -> bool:
        """Whether the current choice meets every row and link."""
        return not self.model.violations(self.choice)

    def apply(self, g: int, b: int) -> None:
        """Move group ``g`` to option ``b`` and update the row activities."""
        m = self.model
        a = int(self.choice[g])
        ds = float(m.spend[g, b] - m.spend[g, a])
        dr = float(m.revenue[g, b] - m.revenue[g, a])
        for i in self.rows_of[g]:
            self.activity[i] += ds if self.on_spend[i] else dr
        self.choice[g] = b
        self.version[g] += 1

    # -- step 0: repair a start that breaks upper rows -----------------------------------------
    def repair_upper_rows(self) -> bool:
        """Lower spend where ``<=`` rows are broken, losing the least value per unit freed."""
        m = self.model
        for i, row in enumerate(m.rows):
            if not self.upper[i]:
                continue
            guard = 0
            while self.activity[i] > self.rhs[i] + self._tolerance(i):
                guard += 1
                if guard > 100 * m.groups + 100:
                    return False
                excess = self.activity[i] - self.rhs[i]
                best: tuple[float, int, int] | None = None
                for g in row.members.tolist():
                    ok = self.mask(g, skip_row=i)
                    a = int(self.choice[g])
                    term = m.spend[g] if self.on_spend[i] else m.revenue[g]
                    freed = term[a] - term
                    ok &= freed > 0
                    if not ok.any():
                        continue
                    score = _ratio(self.value[g] - self.value[g, a], np.minimum(freed, excess), ok)
                    b = int(np.argmax(score))
                    if best is None or score[b] > best[0]:
                        best = (float(score[b]), g, b)
                if best is None:
                    return False
                self.apply(best[1], best[2])
        return True

    # -- step 1: lower rows -----------------------------------------------------------------
    def meet_lower_rows(self) -> bool:
        """Meet every ``>=`` row, cheapest value loss per unit of the missing amount first."""
        m = self.model
        for i, row in enumerate(m.rows):
            if self.upper[i]:
                continue
            guard = 0
            while self.activity[i] < self.rhs[i] - self._tolerance(i):
                guard += 1
                if guard > 100 * m.groups + 100:
                    return False
                missing = self.rhs[i] - self.activity[i]
                best: tuple[float, int, int] | None = None
                for g in row.members.tolist():
                    ok = self.mask(g)
                    a = int(self.choice[g])
                    gain = (m.spend[g] - m.spend[g, a]) if self.on_spend[i] else (m.revenue[g] - m.revenue[g, a])
                    ok &= gain > 0
                    if not ok.any():
                        continue
                    score = _ratio(self.value[g] - self.value[g, a], np.minimum(gain, missing), ok)
                    b = int(np.argmax(score))
                    if best is None or score[b] > best[0]:
                        best = (float(score[b]), g, b)
                if best is None:
                    return False
                self.apply(best[1], best[2])
        return True

    # -- step 2: best average return ----------------------------------------------------------
    def _free_jump(self, g: int) -> tuple[float, int]:
        """Best ratio move of ``g`` ignoring rows and links (an upper bound on the feasible one)."""
        m = self.model
        a = int(self.choice[g])
        if not self.full[g]:
            return self._bound_jump(g, np.ones(m.spend.shape[1], dtype=bool) & m.valid[g])
        target, ratio = self.jumps[int(m.curve[g])]
        b = int(target[a])
        if b < 0:
            return -np.inf, -1
        return m.alpha * float(m.scale[g]) * float(ratio[a]) - m.beta, b

    def _bound_jump(self, g: int, ok: np.ndarray) -> tuple[float, int]:
        m = self.model
        a = int(self.choice[g])
        ds = (m.spend[g] - m.spend[g, a]).astype(np.float64)
        dv = self.value[g] - self.value[g, a]
        ok = ok & (ds > 0) & (dv > 0)
        if not ok.any():
            return -np.inf, -1
        ratio = np.where(ok, dv / np.where(ds > 0, ds, 1.0), -np.inf)
        b = int(np.argmax(ratio))
        return float(ratio[b]), b

    def _push(self, heap: list[tuple[float, int, int, int]], g: int) -> None:
        key, b = self._free_jump(g)
        if b >= 0 and key > 0:
            heapq.heappush(heap, (-key, g, int(self.version[g]), b))

    def climb(self) -> None:
        """Apply the best-ratio feasible move until no move raises the objective."""
        m = self.model
        heap: list[tuple[float, int, int, int]] = []
        for g in range(m.groups):
            self._push(heap, g)
        while heap:
            _key, g, version, b = heapq.heappop(heap)
            if version != self.version[g]:
                continue
            a = int(self.choice[g])
            ok = self.mask(g)
            if not ok[b] or self.value[g, b] - self.value[g, a] <= 0:
                ratio, b2 = self._bound_jump(g, ok)
                if b2 >= 0 and ratio > 0:
                    heapq.heappush(heap, (-ratio, g, version, b2))
                continue
            self.apply(g, b)
            self._push(heap, g)
            for neighbour in self._neighbours(g):
                self.version[neighbour] += 1
                self._push(heap, neighbour)

    def _neighbours(self, g: int) -> list[int]:
        found = []
        if self.before[g] >= 0:
            found.append(self.model.links[int(self.before[g])].prev)
        if self.after[g] >= 0:
            found.append(self.model.links[int(self.after[g])].next)
        return found

    # -- step 3: single-group improvements ----------------------------------------------------
    def improve(self, passes: int = 3) -> bool:
        """Move single groups (up or down) where that raises the objective; True if anything moved."""
        moved = False
        for _ in range(passes):
            changed = False
            for g in range(self.model.groups):
                ok = self.mask(g)
                a = int(self.choice[g])
                gain = np.where(ok, self.value[g] - self.value[g, a], -np.inf)
                b = int(np.argmax(gain))
                if gain[b] > _EPS * max(1.0, abs(self.value[g, a])):
                    self.apply(g, b)
                    changed = True
            moved |= changed
            if not changed:
                break
        return moved


def greedy_solution(model: SpendModel, start: np.ndarray | None = None) -> np.ndarray | None:
    """A feasible choice (one option index per group) found greedily, or None if the greedy got stuck."""
    state = Greedy(model, start)
    if not state.repair_upper_rows() or not state.meet_lower_rows():
        return None
    state.climb()
    for _ in range(3):
        if not state.improve():
            break
        state.climb()
    if not state.feasible():
        return None
    return state.choice
