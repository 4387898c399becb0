"""The restricted master LP of column generation over channel-day posting patterns (GLOP).

A column is one channel-day's posts (items and slots), valued exactly (same-day decay by sorted
rank, plus bonus). Rows: at most one pattern per channel-day, posts per week, item uses, required
items and channels, weekly category shares, post-count windows, binding quotas, and cool-down rows
"at most one use of item i in slots s .. s + item_gap_i - 1", item_gap_i the smaller of the cool-down
and the cross-post gap. Count, quota and cool-down rows are
added lazily, when the LP solution breaks them. Lower-limit rows (required items and channels, count
minimums) have an artificial slack at a penalty cost, so the master always has a solution. The
master's duals are Lagrangian multipliers for
:mod:`lagrangian`; the master itself is not a bound (its columns are a subset), the dual function is.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.lagrangian import Lagrangian, Multipliers
from mixplan.solver.posting.lp_backend import LpModel, LpRow, LpVar
from mixplan.solver.posting.value import decayed_sum

EPS = 1e-7
ITERATION_COST = 4e-8
"""Estimated seconds of one simplex iteration per row and column (reference machine): GLOP's iteration
count is deterministic, so the master's work is counted, not clocked."""


@dataclass
class Column:
    """One channel-day pattern in the master."""

    channel: int
    day: int
    items: np.ndarray
    slots: np.ndarray
    value: float
    var: LpVar


class Master:
    """The restricted master LP; add columns, solve, read multipliers and the fractional solution."""

    def __init__(self, inst: PostingInstance, lagrangian: Lagrangian) -> None:
        self.inst = inst
        self.lag = lagrangian
        self.solver = LpModel()  # GLOP, warm-started from the last basis (see lp_backend)
        self.inf = self.solver.infinity()
        self.objective = self.solver.Objective()
        self.objective.SetMaximization()
        self.columns: list[Column] = []
        self.keys: set[tuple[int, int, tuple[tuple[int, int], ...]]] = set()
        self.by_item: dict[int, list[int]] = defaultdict(list)
        self.by_channel: dict[int, list[int]] = defaultdict(list)
        self.cool_starts: dict[int, list[int]] = defaultdict(list)
        self.quota_starts: dict[int, list[int]] = defaultdict(list)
        self.by_day: dict[int, list[int]] = defaultdict(list)
        self.rule_windows = [
            np.array([u for u, w in enumerate(inst.count_windows) if w.rule == r], dtype=np.int64)
            for r in range(len(inst.count_rules))
        ]
        self.window_first = np.array([w.first for w in inst.count_windows], dtype=np.int64)
        self.window_last = np.array([w.last for w in inst.count_windows], dtype=np.int64)
        self.penalty = 1.0
        self.value = 0.0
        self.work = 0.0
        """Estimated seconds of every solve so far, from GLOP's simplex iteration counts."""
        self._build_rows()

    # -- rows --------------------------------------------------------------------------------------
    def _row(self, lo: float, hi: float) -> LpRow:
        return self.solver.Constraint(lo, hi)

    def _build_rows(self) -> None:
        inst, inf = self.inst, self.inf
        self.conv = {(k, d): self._row(-inf, 1.0) for k in inst.posting_channels for d in range(inst.days)}
        self.week = {}
        for k in inst.posting_channels:
            cap = inst.rules[k].week_cap
            if cap is not None:
                for w in range(inst.n_weeks):
                    self.week[(k, w)] = self._row(-inf, float(cap))
        self.uses = {i: self._row(-inf, float(inst.uses_cap[i])) for i in range(inst.n_items)}
        self.required = {int(i): self._row(1.0, inf) for i in np.flatnonzero(inst.required)}
        self.channel_required = {
            (int(i), int(k)): self._row(1.0, inf) for i, k in zip(*np.nonzero(inst.required_channels), strict=True)
        }
        channel_cap = self.lag.channel_cap
        self.channel_uses = {
            (int(i), int(k)): self._row(-inf, float(channel_cap[i, k]))
            for i, k in zip(*np.nonzero(channel_cap < inst.uses_cap[:, None]), strict=True)
            if k in inst.posting_channels
        }
        self.share_min: dict[tuple[int, int], LpRow] = {}
        self.share_max: dict[tuple[int, int], LpRow] = {}
        for j, rule in enumerate(inst.shares):
            for w in range(inst.n_weeks):
                if rule.min_share is not None and rule.min_share > 0:
                    self.share_min[(j, w)] = self._row(0.0, inf)
                if rule.max_share is not None and rule.max_share < 1:
                    self.share_max[(j, w)] = self._row(0.0, inf)
        self.count_lo: dict[int, LpRow] = {}
        self.count_hi: dict[int, LpRow] = {}
        self.quota: dict[tuple[int, int], LpRow] = {}
        self.cool: dict[tuple[int, int], LpRow] = {}
        self.artificial: list[tuple[LpVar, LpRow]] = []
        for row in [*self.required.values(), *self.channel_required.values()]:
            self._artificial(row)

    def _artificial(self, row: LpRow) -> None:
        """A slack for a lower-limit row, at the penalty cost, so that the master always has a solution."""
        var = self.solver.NumVar(0.0, self.inf, "")
        row.SetCoefficient(var, 1.0)
        self.objective.SetCoefficient(var, -self.penalty)
        self.artificial.append((var, row))

    def set_penalty(self, penalty: float) -> None:
        """Objective cost of one unit of an artificial variable (a broken lower-limit row)."""
        self.penalty = penalty
        for var, _row in self.artificial:
            self.objective.SetCoefficient(var, -penalty)

    # -- columns -----------------------------------------------------------------------------------
    def column_value(self, k: int, items: np.ndarray, slots: np.ndarray) -> float:
        """Exact value of a channel-day pattern."""
        inst = self.inst
        worth = inst.value[items, k] * inst.slot_value[k, slots]
        value = decayed_sum(worth.tolist(), inst.rules[k].decay)
        if inst.has_bonus:
            value += float(inst.bonus[items, k, inst.slot_day[slots]].sum())
        return value

    def coefficients(
        self, col_channel: int, day: int, items: np.ndarray, slots: np.ndarray
    ) -> list[tuple[LpRow, float]]:
        """The column's coefficient in every existing row."""
        inst = self.inst
        k, w = col_channel, day // 7
        n = float(len(items))
        out: list[tuple[LpRow, float]] = [(self.conv[(k, day)], 1.0)]
        if (k, w) in self.week:
            out.append((self.week[(k, w)], n))
        uniq, counts = np.unique(items, return_counts=True)
        for i, c in zip(uniq.tolist(), counts.tolist(), strict=True):
            out.append((self.uses[i], float(c)))
            if i in self.required:
                out.append((self.required[i], float(c)))
            if (i, k) in self.channel_required:
                out.append((self.channel_required[(i, k)], float(c)))
            if (i, k) in self.channel_uses:
                out.append((self.channel_uses[(i, k)], float(c)))
        for i, t in zip(items.tolist(), slots.tolist(), strict=True):
            starts = self.cool_starts.get(i)
            if starts:
                lo = bisect.bisect_left(starts, t - int(inst.item_gap[i]) + 1)
                hi = bisect.bisect_right(starts, t)
                out.extend((self.cool[(i, s)], 1.0) for s in starts[lo:hi])
        cats = inst.category[items]
        for j, rule in enumerate(inst.shares):
            if not rule.on[k]:
                continue
            got = float(np.count_nonzero(cats == rule.category))
            if (j, w) in self.share_min:
                out.append((self.share_min[(j, w)], got - float(rule.min_share or 0) * n))
            if (j, w) in self.share_max:
                out.append((self.share_max[(j, w)], float(rule.max_share or 1) * n - got))
        for r in range(len(inst.count_rules)):
            matching = self.matching_slots(r, k, items, slots)
            if matching.size == 0:
                continue
            windows = self.rule_windows[r]
            near = windows[(self.window_first[windows] <= matching[-1]) & (self.window_last[windows] >= matching[0])]
            for u in near.tolist():
                rows = [x for x in (self.count_lo.get(u), self.count_hi.get(u)) if x is not None]
                if not rows:
                    continue
                c = int(
                    np.searchsorted(matching, self.window_last[u], side="right")
                    - np.searchsorted(matching, self.window_first[u], side="left")
                )
                if c:
                    out.extend((x, float(c)) for x in rows)
        starts = self.quota_starts.get(k)
        if starts:
            width = self.lag.pricing_for(k).quota_window
            ordered = np.sort(slots)
            lo = bisect.bisect_left(starts, int(ordered[0]) - width + 1)
            hi = bisect.bisect_right(starts, int(ordered[-1]))
            for s in starts[lo:hi]:
                c = int(np.searchsorted(ordered, s + width, side="left") - np.searchsorted(ordered, s, side="left"))
                if c:
                    out.append((self.quota[(k, s)], float(c)))
        return out

    def matching_slots(self, r: int, k: int, items: np.ndarray, slots: np.ndarray) -> np.ndarray:
        """Sorted slots of the posts (on channel k) that post-count rule r counts."""
        rule = self.inst.count_rules[r]
        if rule.channels is not None and k not in rule.channels:
            return np.zeros(0, dtype=np.int64)
        slots = slots[self.inst.count_items[r][items]]
        return np.sort(slots)

    def add_column(self, k: int, day: int, items: np.ndarray, slots: np.ndarray) -> Column | None:
        """Add a channel-day pattern unless it is already there; returns the new column."""
        order = np.argsort(slots, kind="stable")
        items, slots = items[order], slots[order]
        key = (k, day, tuple(zip(items.tolist(), slots.tolist(), strict=True)))
        if not len(items) or key in self.keys:
            return None
        self.keys.add(key)
        var = self.solver.NumVar(0.0, self.inf, "")
        value = self.column_value(k, items, slots)
        self.objective.SetCoefficient(var, value)
        for row, coef in self.coefficients(k, day, items, slots):
            row.SetCoefficient(var, row.GetCoefficient(var) + coef)
        col = Column(k, day, items, slots, value, var)
        index = len(self.columns)
        self.columns.append(col)
        for i in set(items.tolist()):
            self.by_item[i].append(index)
        self.by_channel[k].append(index)
        self.by_day[day].append(index)
        return col

    def reduced_cost(self, k: int, day: int, items: np.ndarray, slots: np.ndarray) -> float:
        """Reduced cost of a pattern at the current duals (positive: it can improve the LP)."""
        value = self.column_value(k, items, slots)
        return value - sum(row.dual_value() * coef for row, coef in self.coefficients(k, day, items, slots))

    # -- solving -----------------------------------------------------------------------------------
    def solve(self) -> bool:
        """Solve the LP; True when GLOP reports an optimal basis."""
        status = self.solver.Solve()
        size = self.solver.NumConstraints() + self.solver.NumVariables()
        self.work += ITERATION_COST * self.solver.iterations() * size + 8e-6 * size
        self.value = self.objective.Value() if status == LpModel.OPTIMAL else 0.0
        return status == LpModel.OPTIMAL

    def artificial_use(self) -> float:
        """Total of the artificial variables (lower-limit rows the columns cannot meet yet)."""
        return float(sum(var.solution_value() for var, _ in self.artificial))

    def multipliers(self) -> Multipliers:
        """The LP duals as Lagrangian multipliers (clipped at 0)."""
        m = self.lag.zero.copy()
        for i, row in self.uses.items():
            m.uses[i] = max(0.0, row.dual_value())
        for i, row in self.required.items():
            m.required[i] = max(0.0, -row.dual_value())
        for (i, k), row in self.channel_required.items():
            m.channel_required[i, k] = max(0.0, -row.dual_value())
        for (i, k), row in self.channel_uses.items():
            m.channel_uses[i, k] = max(0.0, row.dual_value())
        for (j, w), row in self.share_min.items():
            m.share_min[j, w] = max(0.0, -row.dual_value())
        for (j, w), row in self.share_max.items():
            m.share_max[j, w] = max(0.0, -row.dual_value())
        for u, row in self.count_lo.items():
            m.count_lo[u] = max(0.0, -row.dual_value())
        for u, row in self.count_hi.items():
            m.count_hi[u] = max(0.0, row.dual_value())
        for (k, s), row in self.quota.items():
            m.quota[k][s] = max(0.0, row.dual_value())
        for (i, s), row in self.cool.items():
            m.cool[i, s] = max(0.0, row.dual_value())
        return m

    def solution(self) -> list[tuple[Column, float]]:
        """Columns with a positive LP value."""
        out = []
        for col in self.columns:
            x = col.var.solution_value()
            if x > EPS:
                out.append((col, x))
        return out

    # -- lazy rows ---------------------------------------------------------------------------------
    def add_violated_rows(self) -> int:
        """Add the cool-down, quota and count-maximum rows the LP solution breaks; returns how many."""
        inst = self.inst
        sol = self.solution()
        added = 0
        per_slot: dict[int, np.ndarray] = defaultdict(lambda: np.zeros(inst.n_slots))
        usage: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        for col, x in sol:
            np.add.at(per_slot[col.channel], col.slots, x)
            for i, t in zip(col.items.tolist(), col.slots.tolist(), strict=True):
                usage[i][t] += x
        for i, used in usage.items():
            cool = int(inst.item_gap[i])
            if cool <= 0 or (len(used) < 2 and max(used.values()) <= 1.0 + 1e-6):
                continue
            times = sorted(used)
            amounts = np.array([used[t] for t in times])
            starts = np.array(times)
            ends = np.searchsorted(starts, starts + cool, side="left")
            csum = np.concatenate([[0.0], np.cumsum(amounts)])
            window = csum[ends] - csum[np.arange(len(times))]
            for j in np.flatnonzero(window > 1.0 + 1e-6).tolist():
                key = (i, int(starts[j]))
                if key not in self.cool:
                    self._add_cool_row(*key)
                    added += 1
        for k, kappa in self.lag.zero.quota.items():
            width = self.lag.pricing_for(k).quota_window
            quota = float(self.lag.pricing_for(k).quota or 0)
            csum = np.concatenate([[0.0], np.cumsum(per_slot[k])])
            starts = np.arange(kappa.size)
            window = csum[np.minimum(starts + width, inst.n_slots)] - csum[starts]
            for s in np.flatnonzero(window > quota + 1e-6):
                if (k, int(s)) not in self.quota:
                    self._add_quota_row(k, int(s), quota)
                    added += 1
        for r, rule in enumerate(inst.count_rules):
            if self.rule_windows[r].size == 0:
                continue
            per_slot_r = np.zeros(inst.n_slots + 1)
            for col, x in sol:
                matching = self.matching_slots(r, col.channel, col.items, col.slots)
                np.add.at(per_slot_r, matching + 1, x)
            prefix = np.cumsum(per_slot_r)
            windows = self.rule_windows[r]
            totals = prefix[self.window_last[windows] + 1] - prefix[self.window_first[windows]]
            if rule.hi is not None:
                for u in windows[totals > rule.hi + 1e-6].tolist():
                    if u not in self.count_hi:
                        self._add_count_row(u, -self.inf, float(rule.hi), self.count_hi)
                        added += 1
            if rule.lo > 0:
                for u in windows[totals < rule.lo - 1e-6].tolist():
                    if u not in self.count_lo:
                        self._add_count_row(u, float(rule.lo), self.inf, self.count_lo)
                        self._artificial(self.count_lo[u])
                        added += 1
        return added

    def _add_cool_row(self, i: int, s: int) -> None:
        row = self._row(-self.inf, 1.0)
        self.cool[(i, s)] = row
        bisect.insort(self.cool_starts[i], s)
        end = s + int(self.inst.item_gap[i])
        for index in self.by_item[i]:
            col = self.columns[index]
            c = int(np.count_nonzero((col.items == i) & (col.slots >= s) & (col.slots < end)))
            if c:
                row.SetCoefficient(col.var, float(c))

    def _add_quota_row(self, k: int, s: int, quota: float) -> None:
        row = self._row(-self.inf, quota)
        self.quota[(k, s)] = row
        bisect.insort(self.quota_starts[k], s)
        width = self.lag.pricing_for(k).quota_window
        for index in self.by_channel[k]:
            col = self.columns[index]
            c = int(np.count_nonzero((col.slots >= s) & (col.slots < s + width)))
            if c:
                row.SetCoefficient(col.var, float(c))

    def _add_count_row(self, u: int, lo: float, hi: float, family: dict[int, LpRow]) -> None:
        row = self._row(lo, hi)
        family[u] = row
        rule_index = self.inst.count_windows[u].rule
        first, last = int(self.window_first[u]), int(self.window_last[u])
        spd = self.inst.slots_per_day
        for day in range(first // spd, last // spd + 1):
            for index in self.by_day.get(day, []):
                col = self.columns[index]
                matching = self.matching_slots(rule_index, col.channel, col.items, col.slots)
                c = int(np.searchsorted(matching, last, side="right") - np.searchsorted(matching, first, side="left"))
                if c:
                    row.SetCoefficient(col.var, float(c))
