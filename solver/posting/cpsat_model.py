"""The exact CP-SAT model of the posting calendar over a set of candidate posts.

With every allowed (item, channel, slot) as candidates it is the whole problem (small instances);
with a subset it is a restricted problem whose every solution is valid for the whole problem
(used to assign items to chosen slots and for neighbourhood re-solves). Each rule family is one
method. The same-day decay is exact: with ``a_0 ≥ a_1 ≥ …`` the day's sorted values,
``Σ_r decay_r a_r = decay_last Σ a + Σ_m (decay_{m-1} - decay_m) · (sum of the m largest)``, and the
sum of the m largest is ``max Σ z·a`` over ``z ≤ x``, ``Σ z ≤ m`` — the maximizer picks it.

Objective coefficients are integers (values × ``scale``, rounded); :meth:`PostingModel.true_bound`
converts CP-SAT's bound back with a margin covering every rounding, so it stays a proven bound.
Optional ``guards`` put rules behind assumption literals to explain infeasibility.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from mixplan.solver.posting.instance import PostingInstance
from ortools.sat.python import cp_model

OBJECTIVE_RESOLUTION = 1e9  # the largest objective coefficient after scaling


@dataclass
class Candidates:
    """Candidate posts as parallel arrays (unique (item, channel, slot) triples)."""

    items: np.ndarray
    channels: np.ndarray
    slots: np.ndarray

    @staticmethod
    def from_triples(triples: Iterable[tuple[int, int, int]]) -> Candidates:
        """Unique, sorted candidates from (item, channel, slot) triples."""
        arr = np.array(sorted(set(triples)), dtype=np.int64).reshape(-1, 3)
        return Candidates(arr[:, 0].copy(), arr[:, 1].copy(), arr[:, 2].copy())

    def __len__(self) -> int:
        return int(self.items.size)


def all_candidates(inst: PostingInstance) -> Candidates:
    """Every allowed (item, channel, slot)."""
    parts = []
    for k in inst.posting_channels:
        items, slots = np.nonzero(inst.allowed_mask(k))
        parts.append(np.stack([items, np.full(items.size, k), slots], axis=1))
    arr = np.concatenate(parts) if parts else np.zeros((0, 3), dtype=np.int64)
    return Candidates(arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2].astype(np.int64))


@dataclass
class Guards:
    """Assumption literals per rule (for infeasibility explanations); each maps to a description key."""

    literals: dict[tuple, cp_model.IntVar] = field(default_factory=dict)

    def get(self, model: cp_model.CpModel, key: tuple) -> cp_model.IntVar:
        """The literal enforcing rule ``key`` (created on first use)."""
        if key not in self.literals:
            self.literals[key] = model.new_bool_var(str(key))
        return self.literals[key]


class PostingModel:
    """A CP-SAT model over candidate posts; see the module docstring."""

    def __init__(
        self,
        inst: PostingInstance,
        cands: Candidates,
        fixed: np.ndarray | None = None,
        guards: Guards | None = None,
        skip: Callable[[tuple], bool] | None = None,
    ) -> None:
        self.inst = inst
        self.cands = cands
        # rule instances to leave out: ("required", i), ("required_channel", i, k), ("share", j, week),
        # ("count_window", u) — a window re-solve cannot repair what lies outside its window
        self.skip = skip or (lambda key: False)
        self.model = cp_model.CpModel()
        self.guards = guards
        n = len(cands)
        self.x = [self.model.new_bool_var(f"x{j}") for j in range(n)]
        self.worth = inst.value[cands.items, cands.channels] * inst.slot_value[cands.channels, cands.slots]
        self.bonus = inst.bonus[cands.items, cands.channels, inst.slot_day[cands.slots]]
        self.day = inst.slot_day[cands.slots]
        if fixed is not None:
            for j in np.flatnonzero(fixed):
                self.model.add(self.x[int(j)] == 1)
        self._channel_rules()
        self._item_rules()
        self._share_rules()
        self._count_rules()
        self._objective()

    # -- helpers -------------------------------------------------------------------------------------
    def _enforce(self, ct: cp_model.Constraint, key: tuple) -> None:
        if self.guards is not None:
            ct.only_enforce_if(self.guards.get(self.model, key))

    def _at_most(self, idx: Iterable[int], bound: int, key: tuple) -> None:
        idx = list(idx)
        if len(idx) <= bound:
            return
        if bound == 1 and self.guards is None:
            self.model.add_at_most_one(self.x[j] for j in idx)
            return
        self._enforce(self.model.add(sum(self.x[j] for j in idx) <= bound), key)

    @staticmethod
    def _windows(slots: np.ndarray, idx: np.ndarray, width: int) -> list[np.ndarray]:
        """For sorted ``slots``, the groups of ``idx`` within ``[s, s + width)`` for each distinct start s."""
        out = []
        starts = np.unique(slots)
        ends = np.searchsorted(slots, starts + width, side="left")
        begins = np.searchsorted(slots, starts, side="left")
        for b, e in zip(begins.tolist(), ends.tolist(), strict=True):
            if e - b > 1:
                out.append(idx[b:e])
        return out

    # -- rule families ---------------------------------------------------------------------------
    def _channel_rules(self) -> None:
        inst, c = self.inst, self.cands
        for k in np.unique(c.channels).tolist():
            posting = inst.problem.channels[k].posting
            assert posting is not None
            sel = np.flatnonzero(c.channels == k)
            order = sel[np.argsort(c.slots[sel], kind="stable")]
            slots = c.slots[order]
            width = max(1, posting.min_gap_slots)
            for group in self._windows(slots, order, width):
                self._at_most(group.tolist(), 1, ("gap", k))
            if posting.max_per_day is not None:
                for d in np.unique(self.day[order]).tolist():
                    self._at_most(order[self.day[order] == d].tolist(), posting.max_per_day, ("day", k))
            if posting.max_per_week is not None:
                weeks = self.day[order] // 7
                for w in np.unique(weeks).tolist():
                    self._at_most(order[weeks == w].tolist(), posting.max_per_week, ("week", k))
            if posting.quota is not None:
                window = max(1, posting.quota_window_slots)
                for group in self._windows(slots, order, window):
                    self._at_most(group.tolist(), posting.quota, ("quota", k))

    def _item_rules(self) -> None:
        inst, c = self.inst, self.cands
        by_item: dict[int, np.ndarray] = {}
        order = np.lexsort((c.slots, c.items))
        items_sorted = c.items[order]
        bounds = np.flatnonzero(np.diff(items_sorted)) + 1
        for group in np.split(order, bounds):
            if group.size:
                by_item[int(c.items[group[0]])] = group
        for i, group in by_item.items():
            self._at_most(group.tolist(), int(inst.max_uses[i]), ("uses", i))
            # any two uses keep the smaller spacing (one at-most-one per window, the tightest form); the
            # larger one then needs its own rows: per channel for the cool-down, flags for the cross-post gap
            cool, cross, both = int(inst.cooldown[i]), int(inst.cross_gap[i]), int(inst.item_gap[i])
            if both > 0:
                for window in self._windows(c.slots[group], group, both):
                    self._at_most(window.tolist(), 1, ("cool", i) if cool <= cross else ("cross", i))
            for k in np.unique(c.channels[group]).tolist():
                on_k = group[c.channels[group] == k]
                if inst.per_channel[i] < inst.max_uses[i]:
                    self._at_most(on_k.tolist(), int(inst.per_channel[i]), ("channel_uses", i))
                if cool > both:
                    for window in self._windows(c.slots[on_k], on_k, cool):
                        self._at_most(window.tolist(), 1, ("cool", i))
            if cross > both:
                self._cross_gap(i, group)
        for i in np.flatnonzero(inst.required).tolist():
            if self.skip(("required", i)):
                continue
            idx = by_item.get(i, np.zeros(0, dtype=np.int64))
            self._enforce(self.model.add(sum(self.x[j] for j in idx.tolist()) >= 1), ("required", i))
        for i, k in zip(*np.nonzero(inst.required_channels), strict=True):
            if self.skip(("required_channel", int(i), int(k))):
                continue
            idx = by_item.get(int(i), np.zeros(0, dtype=np.int64))
            on_k = [j for j in idx.tolist() if c.channels[j] == k]
            self._enforce(self.model.add(sum(self.x[j] for j in on_k) >= 1), ("required_channel", int(i), int(k)))

    def _cross_gap(self, i: int, group: np.ndarray) -> None:
        """Within every window of ``cross_gap`` slots, the item's uses are all on one channel: one
        "channel k used here" literal per channel and window start, at most one of them true."""
        c = self.cands
        for window in self._windows(c.slots[group], group, int(self.inst.cross_gap[i])):
            chans = c.channels[window]
            distinct = np.unique(chans).tolist()
            if len(distinct) < 2:
                continue
            flags = []
            for k in distinct:
                flag = self.model.new_bool_var("")
                for j in window[chans == k].tolist():
                    self.model.add_implication(self.x[j], flag)
                flags.append(flag)
            self._enforce(self.model.add(sum(flags) <= 1), ("cross", i))

    def _share_rules(self) -> None:
        inst, c = self.inst, self.cands
        if not inst.shares:
            return
        weeks = self.day // 7
        cats = inst.category[c.items]
        for j, rule in enumerate(inst.shares):
            for w in np.unique(weeks).tolist():
                if self.skip(("share", j, w)):
                    continue
                idx = np.flatnonzero((weeks == w) & rule.on[c.channels])
                mine = cats[idx] == rule.category
                if rule.min_share is not None and rule.min_share > 0:
                    f = rule.min_share
                    coefs = np.where(mine, f.denominator - f.numerator, -f.numerator)
                    self._enforce(
                        self.model.add(sum(int(a) * self.x[int(t)] for a, t in zip(coefs, idx, strict=True)) >= 0),
                        ("share_min", j),
                    )
                if rule.max_share is not None and rule.max_share < 1:
                    f = rule.max_share
                    coefs = np.where(mine, f.numerator - f.denominator, f.numerator)
                    self._enforce(
                        self.model.add(sum(int(a) * self.x[int(t)] for a, t in zip(coefs, idx, strict=True)) >= 0),
                        ("share_max", j),
                    )

    def _count_rules(self) -> None:
        inst, c = self.inst, self.cands
        for r, rule in enumerate(inst.count_rules):
            match = np.ones(len(c), dtype=bool)
            if rule.channels is not None:
                match &= np.isin(c.channels, rule.channels)
            match &= inst.count_items[r][c.items]
            idx = np.flatnonzero(match)
            idx = idx[np.argsort(c.slots[idx], kind="stable")]
            slots = c.slots[idx]
            for u, w in enumerate(inst.count_windows):
                if w.rule != r or self.skip(("count_window", u)):
                    continue
                lo_i, hi_i = np.searchsorted(slots, [w.first, w.last + 1])
                group = idx[lo_i:hi_i].tolist()
                if rule.lo > 0:
                    self._enforce(self.model.add(sum(self.x[j] for j in group) >= rule.lo), ("count", r))
                if rule.hi is not None and len(group) > rule.hi:
                    self._enforce(self.model.add(sum(self.x[j] for j in group) <= rule.hi), ("count", r))

    def _objective(self) -> None:
        inst, c = self.inst, self.cands
        peak = float(max(np.abs(self.worth).max(initial=0.0), np.abs(self.bonus).max(initial=0.0), 1e-12))
        self.scale = OBJECTIVE_RESOLUTION / peak
        exact: dict[int, float] = defaultdict(float)  # variable index -> scaled coefficient
        variables: dict[int, cp_model.IntVar] = {}
        self.n_terms_per_post = 1
        self.top_sets: list[tuple[list[int], int, list[cp_model.IntVar]]] = []
        groups: dict[tuple[int, int], list[int]] = defaultdict(list)
        for j, (k, d) in enumerate(zip(c.channels.tolist(), self.day.tolist(), strict=True)):
            groups[(k, d)].append(j)
        last_decay = {k: inst.rules[k].decay[-1] for k in inst.posting_channels}
        base = self.worth * np.array([last_decay[k] for k in c.channels.tolist()]) + self.bonus

        def term(var: cp_model.IntVar, coef: float) -> None:
            variables[var.index] = var
            exact[var.index] += coef * self.scale

        for j in range(len(c)):
            term(self.x[j], float(base[j]))
        for (k, _d), idx in groups.items():
            decay = inst.rules[k].decay
            for m in range(1, len(decay)):
                delta = decay[m - 1] - decay[m]
                if delta <= 0:
                    continue
                if len(idx) <= m:  # all posts are among the m largest
                    for j in idx:
                        term(self.x[j], delta * float(self.worth[j]))
                    continue
                zs = []
                for j in idx:
                    z = self.model.new_bool_var("")
                    self.model.add_implication(z, self.x[j])
                    zs.append(z)
                    term(z, delta * float(self.worth[j]))
                self.model.add(sum(zs) <= m)
                self.top_sets.append((idx, m, zs))
            self.n_terms_per_post = max(self.n_terms_per_post, len(decay))
        rounded = {v: round(coef) for v, coef in exact.items()}
        errors = np.sort(np.array([exact[v] - rounded[v] for v in exact] + [0.0]))[::-1]
        active = self.max_posts() * self.n_terms_per_post
        self.margin = float(np.maximum(errors[:active], 0.0).sum())
        self.model.maximize(sum(coef * variables[v] for v, coef in rounded.items() if coef != 0))

    # -- results --------------------------------------------------------------------------------------
    def max_posts(self) -> int:
        """An upper bound on the number of posts of any solution (for rounding margins)."""
        inst = self.inst
        total = 0
        for k in np.unique(self.cands.channels).tolist():
            total += inst.rules[k].day_cap * inst.days
        return min(total, len(self.cands))

    def true_bound(self, scaled_bound: float) -> float:
        """CP-SAT's bound in value units, plus the most the rounding of the coefficients can hide: the sum of
        the largest rounding losses over as many terms as a solution can switch on."""
        return (scaled_bound + self.margin) / self.scale

    def hint(self, chosen: Iterable[int]) -> None:
        """Hint a complete solution (indices of chosen candidates; the decay variables follow from them)."""
        on = set(chosen)
        self.model.clear_hints()
        for j, var in enumerate(self.x):
            self.model.add_hint(var, j in on)
        for idx, m, zs in self.top_sets:
            ranked = sorted((j for j in idx if j in on), key=lambda j: -self.worth[j])[:m]
            top = set(ranked)
            for j, z in zip(idx, zs, strict=True):
                self.model.add_hint(z, j in top)

    def chosen(self, solver: cp_model.CpSolver) -> np.ndarray:
        """Indices of the candidates the solver's solution uses."""
        return np.array([j for j, var in enumerate(self.x) if solver.boolean_value(var)], dtype=np.int64)
