"""Lagrangian relaxation of the item and calendar-wide rules: a valid upper bound for any multipliers.

Kept exactly in the sub-problems (one per channel, solved by :mod:`channel_dp`): blackout, item
windows, value 0 = not allowed, day rotation, minimum gap, posts per day and per week, same-day
decay. Relaxed with multipliers ``m ≥ 0``: item ``max_uses`` (tightened by window ÷ cool-down), the
per-channel use limit where it binds,
required items, required channels, weekly category shares, post-count windows, binding publish
quotas, and the spacing as "at most one use of item i in slots s .. s + item_gap_i - 1", item_gap_i
the smaller of the cool-down and the cross-post gap (one
multiplier per item and window start; only windows the master LP found violated get one).
For any ``m ≥ 0``, ``L(m) = const(m) + Σ_k max over channel k's schedules of the reduced values``
is at least the best value of any valid schedule: every evaluation is a proven bound.

The best item per (slot, rank) is searched in float32 for speed; its value is then recomputed in
float64, and the bound gets a margin per possible post that exceeds float32's rounding error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from mixplan.solver.posting.channel_dp import ChannelDP
from mixplan.solver.posting.instance import PostingInstance

MAX_SPECIAL_RANKS = 4
FLOAT32_MARGIN = 1e-5  # relative to the largest term, per post; float32 rounding is ~1e-7


@dataclass
class Multipliers:
    """Non-negative multipliers of the relaxed rules."""

    uses: np.ndarray  # (I,) Σ uses ≤ cap
    required: np.ndarray  # (I,) Σ uses ≥ 1
    channel_required: np.ndarray  # (I, K) uses on k ≥ 1
    share_min: np.ndarray  # (share rules, weeks)
    share_max: np.ndarray  # (share rules, weeks)
    count_lo: np.ndarray  # (count windows,)
    count_hi: np.ndarray  # (count windows,)
    cool: np.ndarray  # (I, T): at most one use of item i in slots s .. s + item_gap_i - 1
    channel_uses: np.ndarray  # (I, K): uses on k ≤ the per-channel cap (where it binds)
    quota: dict[int, np.ndarray] = field(default_factory=dict)  # channel -> (quota windows,)

    def arrays(self) -> list[np.ndarray]:
        """Every multiplier array, in a fixed order."""
        return [
            self.uses,
            self.required,
            self.channel_required,
            self.share_min,
            self.share_max,
            self.count_lo,
            self.count_hi,
            self.cool,
            self.channel_uses,
            *(self.quota[k] for k in sorted(self.quota)),
        ]

    def copy(self) -> Multipliers:
        """A deep copy."""
        return Multipliers(
            self.uses.copy(),
            self.required.copy(),
            self.channel_required.copy(),
            self.share_min.copy(),
            self.share_max.copy(),
            self.count_lo.copy(),
            self.count_hi.copy(),
            self.cool.copy(),
            self.channel_uses.copy(),
            {k: v.copy() for k, v in self.quota.items()},
        )

    def vector(self) -> np.ndarray:
        """All multipliers in one vector (the order of :meth:`arrays`)."""
        return np.concatenate([a.ravel() for a in self.arrays()])

    def from_vector(self, vec: np.ndarray) -> Multipliers:
        """Multipliers shaped like ``self`` with the values of ``vec``."""
        out = self.copy()
        pos = 0
        for arr in out.arrays():
            n = arr.size
            arr.reshape(-1)[:] = vec[pos : pos + n]
            pos += n
        return out

    def blend(self, other: Multipliers, weight: float) -> Multipliers:
        """``weight * self + (1 - weight) * other``."""
        return self.from_vector(weight * self.vector() + (1.0 - weight) * other.vector())


@dataclass
class DualEvaluation:
    """One evaluation of the dual function: the bound and the sub-problems' posts."""

    bound: float
    posts: list[tuple[int, int, int, int]]  # (item, channel, slot, rank)


@dataclass
class ChannelPricing:
    """What pricing one channel needs, computed once."""

    channel: int
    items: np.ndarray  # items allowed on the channel somewhere
    base32: np.ndarray  # (n, T) item value × slot value
    mask32: np.ndarray  # (n, T) 0 where allowed, -inf elsewhere
    decay: np.ndarray  # (R + 1,) decay of the special ranks, then of the tail rank
    dp: ChannelDP
    quota_window: int
    quota: int | None


def quota_window_count(inst: PostingInstance, width: int) -> int:
    """Number of sliding quota windows of ``width`` slots in the horizon."""
    return max(1, inst.n_slots - width + 1)


class Lagrangian:
    """The dual function of a posting instance."""

    def __init__(self, inst: PostingInstance) -> None:
        self.inst = inst
        self.channel_cap = inst.channel_uses_cap()
        pricing = [self._pricing(k) for k in inst.posting_channels]
        self.pricing = [p for p in pricing if p.items.size > 0]
        self.zero = Multipliers(
            uses=np.zeros(inst.n_items),
            required=np.zeros(inst.n_items),
            channel_required=np.zeros((inst.n_items, inst.n_channels)),
            share_min=np.zeros((len(inst.shares), inst.n_weeks)),
            share_max=np.zeros((len(inst.shares), inst.n_weeks)),
            count_lo=np.zeros(len(inst.count_windows)),
            count_hi=np.zeros(len(inst.count_windows)),
            cool=np.zeros((inst.n_items, inst.n_slots)),
            channel_uses=np.zeros((inst.n_items, inst.n_channels)),
            quota={
                p.channel: np.zeros(quota_window_count(inst, p.quota_window))
                for p in self.pricing
                if p.quota is not None
            },
        )
        self.max_posts = {p.channel: p.dp.day_cap * inst.days for p in self.pricing}
        self._valid = self._valid_rows()

    def _valid_rows(self) -> Multipliers:
        """1 where a multiplier belongs to a real rule, 0 elsewhere (e.g. ``required`` of optional items)."""
        inst = self.inst
        v = self.zero.copy()
        v.uses[:] = 1.0
        v.required[:] = inst.required
        v.channel_required[:] = inst.required_channels
        for j, rule in enumerate(inst.shares):
            v.share_min[j] = rule.min_share is not None
            v.share_max[j] = rule.max_share is not None
        for u, w in enumerate(inst.count_windows):
            v.count_lo[u] = 1.0
            v.count_hi[u] = inst.count_rules[w.rule].hi is not None
        v.cool[:] = (inst.item_gap > 0)[:, None]
        v.channel_uses[:] = self.channel_cap < inst.uses_cap[:, None]
        for kappa in v.quota.values():
            kappa[:] = 1.0
        return v

    def valid(self, m: Multipliers) -> Multipliers:
        """``m`` with negative values and multipliers of rules that do not exist set to 0."""
        return m.from_vector(np.maximum(m.vector(), 0.0) * self._valid.vector())

    def _pricing(self, k: int) -> ChannelPricing:
        inst = self.inst
        rules = inst.rules[k]
        allowed = inst.allowed_mask(k)
        items = np.flatnonzero(allowed.any(axis=1))
        base = inst.value[items, k][:, None] * inst.slot_value[k][None, :]
        mask = np.where(allowed[items], 0.0, -np.inf).astype(np.float32)
        decay = list(rules.decay)
        n_special = min(len(decay) - 1, MAX_SPECIAL_RANKS)
        ranks = np.array([*decay[:n_special], decay[n_special]])  # tail: an upper bound of later ranks
        dp = ChannelDP(inst.days, inst.slots_per_day, rules.gap, rules.day_cap, rules.week_cap, n_special)
        return ChannelPricing(k, items, base.astype(np.float32), mask, ranks, dp, rules.quota_window, rules.quota)

    def pricing_for(self, k: int) -> ChannelPricing:
        """The pricing data of channel ``k``."""
        return next(p for p in self.pricing if p.channel == k)

    # -- the reduced values ------------------------------------------------------------------------
    def slot_terms(self, m: Multipliers) -> np.ndarray:
        """``phi[c, k, t]``: what the relaxed calendar rules add to a post of category c on k at t."""
        inst = self.inst
        phi = np.zeros((inst.n_categories, inst.n_channels, inst.n_slots))
        weeks = inst.slot_week
        for j, rule in enumerate(inst.shares):
            lo = float(rule.min_share) if rule.min_share is not None else 0.0
            hi = float(rule.max_share) if rule.max_share is not None else 1.0
            a = m.share_min[j][weeks]
            b = m.share_max[j][weeks]
            on = np.flatnonzero(rule.on)
            phi[:, on, :] += (b * hi - a * lo)[None, None, :]
            phi[rule.category, on, :] += (a - b)[None, :]
        if inst.count_windows:
            per_rule = self.count_terms(m)
            for r, count_rule in enumerate(inst.count_rules):
                if count_rule.items is not None:  # item-restricted: added per item in intercepts()
                    continue
                cats = (
                    np.arange(inst.n_categories) if count_rule.categories is None else np.array(count_rule.categories)
                )
                chans = np.arange(inst.n_channels) if count_rule.channels is None else np.array(count_rule.channels)
                phi[np.ix_(cats, chans, np.arange(inst.n_slots))] += per_rule[r][None, None, :]
        for k, kappa in m.quota.items():
            width = self.pricing_for(k).quota_window
            diff = np.zeros(inst.n_slots + 1)
            starts = np.arange(kappa.size)
            np.add.at(diff, starts, kappa)
            np.add.at(diff, np.minimum(starts + width, inst.n_slots), -kappa)
            phi[:, k, :] -= np.cumsum(diff)[: inst.n_slots][None, :]
        return phi

    def count_terms(self, m: Multipliers) -> np.ndarray:
        """``(count rules, T)``: what each post-count rule's multipliers add to a post it counts at slot t."""
        inst = self.inst
        per_rule = np.zeros((len(inst.count_rules), inst.n_slots + 1))
        for u, w in enumerate(inst.count_windows):
            delta = m.count_lo[u] - m.count_hi[u]
            if delta != 0.0:
                per_rule[w.rule, w.first] += delta
                per_rule[w.rule, w.last + 1] -= delta
        return np.cumsum(per_rule, axis=1)[:, : inst.n_slots]

    def item_terms(self, m: Multipliers) -> np.ndarray:
        """``(I, K)``: what the relaxed item rules add to a post of item i on channel k."""
        return (m.required - m.uses)[:, None] + m.channel_required - m.channel_uses

    def item_slot_terms(self, m: Multipliers) -> np.ndarray:
        """``(I, T)``: minus the cool-down multipliers of the windows containing each slot."""
        inst = self.inst
        if not m.cool.any():
            return np.zeros((inst.n_items, inst.n_slots))
        padded = np.concatenate([np.zeros((inst.n_items, 1)), np.cumsum(m.cool, axis=1)], axis=1)
        t = np.arange(inst.n_slots)
        lo = np.maximum(t[None, :] - inst.item_gap[:, None] + 1, 0)
        return -(padded[:, t + 1] - np.take_along_axis(padded, lo, axis=1))

    def constant(self, m: Multipliers) -> float:
        """The part of the dual function that does not depend on the posts."""
        inst = self.inst
        total = float(m.uses @ inst.uses_cap) - float(m.required.sum()) - float(m.channel_required.sum())
        total += float((m.channel_uses * self.channel_cap).sum())
        total += float(m.cool.sum())
        for u, w in enumerate(inst.count_windows):
            rule = inst.count_rules[w.rule]
            total -= m.count_lo[u] * rule.lo
            if rule.hi is not None:
                total += m.count_hi[u] * rule.hi
        for k, kappa in m.quota.items():
            total += float(kappa.sum()) * int(self.pricing_for(k).quota or 0)
        return total

    def intercepts(
        self,
        p: ChannelPricing,
        item_term: np.ndarray,
        item_slot: np.ndarray,
        phi: np.ndarray,
        count_terms: np.ndarray | None = None,
    ) -> np.ndarray:
        """``(n, T)``: the reduced value of a post of each allowed item minus its item value × slot value
        (``count_terms``: :meth:`count_terms`, for the item-restricted post-count rules; None = without them,
        guidance only, not a bound)."""
        inst = self.inst
        k = p.channel
        icpt = item_term[p.items, k][:, None] + phi[inst.category[p.items], k, :]
        for r, count_rule in enumerate(inst.count_rules):
            if count_rule.items is None or (count_rule.channels is not None and k not in count_rule.channels):
                continue
            counted = inst.count_items[r][p.items]
            if counted.any() and count_terms is not None:
                icpt = icpt + np.where(counted[:, None], count_terms[r][None, :], 0.0)
        if inst.has_bonus:
            icpt = icpt + inst.bonus[p.items, k][:, inst.slot_day]
        if item_slot.any():
            icpt = icpt + item_slot[p.items]
        return icpt

    def best_items(self, p: ChannelPricing, icpt: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        """``f[t, r]`` (float64, exact for the chosen item), the chosen item per (t, r), the float32 margin."""
        inst = self.inst
        k = p.channel
        icpt32 = icpt.astype(np.float32) + p.mask32
        n_ranks = p.decay.size
        choice = np.empty((inst.n_slots, n_ranks), dtype=np.int64)
        f = np.empty((inst.n_slots, n_ranks))
        cols = np.arange(inst.n_slots)
        scale = float(np.abs(icpt).max(initial=0.0)) + float(p.base32.max(initial=0.0))
        for r in range(n_ranks):
            v = p.base32 * np.float32(p.decay[r])
            v += icpt32
            a = v.argmax(axis=0)
            choice[:, r] = p.items[a]
            exact = inst.value[p.items[a], k] * inst.slot_value[k] * p.decay[r] + icpt[a, cols]
            f[:, r] = np.where(np.isfinite(v[a, cols]), exact, -np.inf)
        return f, choice, scale * FLOAT32_MARGIN

    def evaluate(self, m: Multipliers) -> DualEvaluation:
        """The dual function at ``m``: a proven bound and the relaxed schedule."""
        inst = self.inst
        m = self.valid(m)
        phi = self.slot_terms(m)
        item_term = self.item_terms(m)
        item_slot = self.item_slot_terms(m)
        counts = self.count_terms(m) if any(rule.items is not None for rule in inst.count_rules) else None
        bound = self.constant(m)
        posts: list[tuple[int, int, int, int]] = []
        for p in self.pricing:
            f, choice, margin = self.best_items(p, self.intercepts(p, item_term, item_slot, phi, counts))
            sol = p.dp.solve(f.reshape(inst.days, inst.slots_per_day, p.decay.size))
            # the float32 search may miss the best item by its rounding error, in any post of any schedule
            bound += sol.value + margin * self.max_posts[p.channel]
            posts.extend((int(choice[t, r]), p.channel, t, r) for t, r in sol.posts)
        return DualEvaluation(bound, posts)
