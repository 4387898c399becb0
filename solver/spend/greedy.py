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
from typing import cast

import numpy as np
from mixplan.solver.spend.curves import best_jumps
from mixplan.solver.spend.model import SpendModel

_EPS = 1e-9


def _ratio_many(numerator: np.ndarray, denominator: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Element-wise numerator / denominator where ``ok``, -inf elsewhere (any shape)."""
    out = np.full(numerator.shape, -np.inf)
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
            [float(r.terms(spend[r.members], revenue[r.members]).sum()) for r in model.rows], dtype=np.float64
        )
        self.rhs = np.array([r.rhs for r in model.rows], dtype=np.float64)
        self.upper = np.array([r.sense == "<=" for r in model.rows], dtype=bool)
        self.on_spend = np.array([r.term == "spend" for r in model.rows], dtype=bool)
        self.net = [i for i, r in enumerate(model.rows) if r.term == "net"]
        self.revenue_weight = {i: np.zeros(groups) for i in self.net}
        for i in self.net:
            self.revenue_weight[i][model.rows[i].members] = model.rows[i].revenue_coefficient()
        self.index = np.arange(model.spend.shape[1])
        self.full = model.valid.sum(axis=1) == np.array(
            [len(model.curves[c][0]) for c in model.curve.tolist()], dtype=np.int64
        )
        if "jumps" not in model.cache:
            model.cache["jumps"] = [best_jumps(grid, rev) for grid, rev in model.curves]
        self.jumps = cast(list[tuple[np.ndarray, np.ndarray]], model.cache["jumps"])
        self.version = np.zeros(groups, dtype=np.int64)
        self._link_arrays()

    # -- feasibility ------------------------------------------------------------------------
    def _tolerance(self, i: int) -> float:
        if self.model.rows[i].term == "net":
            return self.model.rows[i].slack
        return 0.0 if self.on_spend[i] else _EPS * max(1.0, abs(self.rhs[i]))

    def _delta(self, i: int, g: int | np.ndarray, ds: np.ndarray, dr: np.ndarray) -> np.ndarray:
        """Change of row ``i``'s activity when group(s) ``g`` change spend by ``ds`` and revenue by ``dr``."""
        if i in self.revenue_weight:
            weight = self.revenue_weight[i][g]
            if isinstance(g, np.ndarray):
                weight = weight[:, None]
            return np.asarray(weight * dr - self.model.rows[i].spend_weight * ds)
        return ds if self.on_spend[i] else dr

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
            delta = self._delta(i, g, ds, dr)
            if self.upper[i]:
                ok &= delta <= max(0.0, self.rhs[i] - self.activity[i]) + self._tolerance(i)
            elif keep_lower and self.activity[i] >= self.rhs[i] - self._tolerance(i):
                ok &= delta >= self.rhs[i] - self.activity[i] - self._tolerance(i)
        ok &= self._link_mask(np.asarray([g]))[0]
        return ok

    def _link_arrays(self) -> None:
        """Per-group copies of the chain's change windows, the chain order, the entry masks, and
        each group's nearest positive day before and after it (see :class:`Link`)."""
        m = self.model
        width = m.spend.shape[1]
        self.low = np.zeros((m.groups, width), dtype=np.int64)
        self.high = np.full((m.groups, width), width, dtype=np.int64)
        self.prev_of = np.full(m.groups, -1, dtype=np.int64)
        self.next_of = np.full(m.groups, -1, dtype=np.int64)
        for link in m.links:
            n = len(link.lo)
            for g in (link.prev, link.next):
                self.low[g, :n] = link.lo
                self.high[g, :n] = link.hi
            self.prev_of[link.next] = link.prev
            self.next_of[link.prev] = link.next
        self.entry_ok = np.ones((m.groups, width), dtype=bool)
        self.prev_pos = np.full(m.groups, -1, dtype=np.int64)
        self.next_pos = np.full(m.groups, -1, dtype=np.int64)
        for first in np.flatnonzero(self.prev_of < 0).tolist():
            order = [first]
            while self.next_of[order[-1]] >= 0:
                order.append(int(self.next_of[order[-1]]))
            mask = m.entry.get(first)
            if mask is not None:
                self.entry_ok[np.asarray(order), : len(mask)] = mask
            last = -1
            for g in order:
                self.prev_pos[g] = last
                if self.choice[g] > 0:
                    last = g
            last = -1
            for g in reversed(order):
                self.next_pos[g] = last
                if self.choice[g] > 0:
                    last = g

    def _link_mask(self, groups: np.ndarray) -> np.ndarray:
        """Options of ``groups`` that keep the change limits with the nearest positive days around them.

        A positive option must follow the last positive day before (or the entry mask) and be
        followed by the next positive day; option 0 of a positive group makes those two neighbours
        consecutive, so they must then be compatible with each other.
        """
        rows = np.arange(len(groups))
        before = self.prev_pos[groups]
        after = self.next_pos[groups]
        p = np.where(before >= 0, self.choice[np.maximum(before, 0)], 0)
        n = np.where(after >= 0, self.choice[np.maximum(after, 0)], 0)
        low, high = self.low[groups], self.high[groups]
        follows = np.where((before >= 0)[:, None], (low <= p[:, None]) & (p[:, None] <= high), self.entry_ok[groups])
        lo_n, hi_n = low[rows, n], high[rows, n]
        followed = (self.index[None, :] >= lo_n[:, None]) & (self.index[None, :] <= hi_n[:, None])
        ok = follows & np.where((after >= 0)[:, None], followed, True)
        # option 0: the neighbours become consecutive
        joined = np.where(before >= 0, (lo_n <= p) & (p <= hi_n), self.entry_ok[groups, n])
        ok[:, 0] = np.where((after >= 0) & (self.choice[groups] > 0), joined, True)
        return ok

    def mask_many(self, groups: np.ndarray, skip_row: int = -1) -> np.ndarray:
        """:meth:`mask` for many groups at once (rows [len(groups), options])."""
        m = self.model
        a = self.choice[groups]
        rows = np.arange(len(groups))
        ds = (m.spend[groups] - m.spend[groups, a][:, None]).astype(np.float64)
        dr = m.revenue[groups] - m.revenue[groups, a][:, None]
        ok = m.valid[groups].copy()
        position = np.full(m.groups, -1, dtype=np.int64)
        position[groups] = rows
        limits = {key: np.full(len(groups), np.inf) for key in ("s_up", "r_up")}
        floors = {key: np.full(len(groups), -np.inf) for key in ("s_lo", "r_lo")}
        for i, row in enumerate(m.rows):
            if i == skip_row:
                continue
            at = position[row.members]
            at = at[at >= 0]
            if len(at) == 0:
                continue
            if row.term == "net":
                ok[at] &= self._net_allowed(i, groups[at], ds[at], dr[at])
                continue
            term = "s" if self.on_spend[i] else "r"
            tolerance = self._tolerance(i)
            if self.upper[i]:
                slack = max(0.0, self.rhs[i] - self.activity[i]) + tolerance
                limits[f"{term}_up"][at] = np.minimum(limits[f"{term}_up"][at], slack)
            elif self.activity[i] >= self.rhs[i] - tolerance:
                floor = self.rhs[i] - self.activity[i] - tolerance
                floors[f"{term}_lo"][at] = np.maximum(floors[f"{term}_lo"][at], floor)
        ok &= (ds <= limits["s_up"][:, None]) & (dr <= limits["r_up"][:, None])
        ok &= (ds >= floors["s_lo"][:, None]) & (dr >= floors["r_lo"][:, None])
        ok &= self._link_mask(groups)
        return ok

    def _net_allowed(self, i: int, groups: np.ndarray, ds: np.ndarray, dr: np.ndarray) -> np.ndarray:
        """Which moves of ``groups`` keep net row ``i`` (as :meth:`mask` does for one group)."""
        delta = self._delta(i, groups, ds, dr)
        tolerance = self._tolerance(i)
        if self.upper[i]:
            return np.asarray(delta <= max(0.0, self.rhs[i] - self.activity[i]) + tolerance)
        if self.activity[i] >= self.rhs[i] - tolerance:
            return np.asarray(delta >= self.rhs[i] - self.activity[i] - tolerance)
        return np.ones(delta.shape, dtype=bool)

    def _batch(
        self, i: int, members: np.ndarray, gain: np.ndarray, ok: np.ndarray, amount: float, fixing_upper: bool
    ) -> bool:
        """Apply the best-scored move of each member, best first, while row ``i`` still needs it."""
        value = self.value[members] - self.value[members, self.choice[members]][:, None]
        score = _ratio_many(value, np.minimum(gain, amount), ok)
        best = np.argmax(score, axis=1)
        top = score[np.arange(len(members)), best]
        order = np.argsort(-top, kind="stable")
        applied = False
        for k in order[:64].tolist():
            if not np.isfinite(top[k]):
                break
            broken = (
                self.activity[i] > self.rhs[i] + self._tolerance(i)
                if fixing_upper
                else (self.activity[i] < self.rhs[i] - self._tolerance(i))
            )
            if not broken:
                break
            g, b = int(members[k]), int(best[k])
            if self.mask(g, skip_row=i if fixing_upper else -1)[b]:
                self.apply(g, b)
                applied = True
        return applied

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
            self.activity[i] += float(self._delta(i, g, np.asarray(ds), np.asarray(dr)))
        self.choice[g] = b
        self.version[g] += 1
        if (a > 0) != (b > 0):
            self._move_positive(g, b > 0)

    def _move_positive(self, g: int, positive: bool) -> None:
        """Update the nearest-positive pointers of the zero days around ``g`` after it turned on or off."""
        before, after = int(self.prev_pos[g]), int(self.next_pos[g])
        k = int(self.next_of[g])
        while k >= 0:
            self.prev_pos[k] = g if positive else before
            if k == after:
                break
            k = int(self.next_of[k])
        k = int(self.prev_of[g])
        while k >= 0:
            self.next_pos[k] = g if positive else after
            if k == before:
                break
            k = int(self.prev_of[k])

    # -- step 0: repair a start that breaks upper rows -----------------------------------------
    def repair_upper_rows(self) -> bool:
        """Lower spend where ``<=`` rows are broken, losing the least value per unit freed."""
        m = self.model
        for i, row in enumerate(m.rows):
            if not self.upper[i]:
                continue
            for _ in range(10 * m.groups + 10):
                if self.activity[i] <= self.rhs[i] + self._tolerance(i):
                    break
                members = row.members
                term = row.terms(m.spend[members], m.revenue[members])
                freed = term[np.arange(len(members)), self.choice[members]][:, None] - term
                ok = self.mask_many(members, skip_row=i) & (freed > 0)
                if not self._batch(i, members, freed, ok, self.activity[i] - self.rhs[i], fixing_upper=True):
                    return False
            else:
                return False
        return True

    # -- step 1: lower rows -----------------------------------------------------------------
    def meet_lower_rows(self) -> bool:
        """Meet every ``>=`` row, cheapest value loss per unit of the missing amount first."""
        m = self.model
        for i, row in enumerate(m.rows):
            if self.upper[i]:
                continue
            for _ in range(10 * m.groups + 10):
                if self.activity[i] >= self.rhs[i] - self._tolerance(i):
                    break
                members = row.members
                term = row.terms(m.spend[members], m.revenue[members])
                gain = term - term[np.arange(len(members)), self.choice[members]][:, None]
                ok = self.mask_many(members) & (gain > 0)
                if not self._batch(i, members, gain, ok, self.rhs[i] - self.activity[i], fixing_upper=False):
                    return False
            else:
                return False
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
        """Groups whose allowed moves depend on ``g``: the days up to the nearest positive ones around it."""
        found = []
        k = int(self.next_of[g])
        while k >= 0:
            found.append(k)
            if self.choice[k] > 0:
                break
            k = int(self.next_of[k])
        k = int(self.prev_of[g])
        while k >= 0:
            found.append(k)
            if self.choice[k] > 0:
                break
            k = int(self.prev_of[k])
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
    with np.errstate(invalid="ignore"):  # a start on an option that is not allowed has value -inf
        return _greedy(model, start)


def _greedy(model: SpendModel, start: np.ndarray | None) -> np.ndarray | None:
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
