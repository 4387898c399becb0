"""A mutable posting schedule with incremental bookkeeping, for repair and local search.

Hard rules are never broken by the operations the local search applies (it checks them first):
blackout, item windows and channels, day rotation, one post per channel-slot, minimum gap, posts per
day and week, publish quota, max uses (all channels and per channel), cool-down (same channel) and
cross-post gap. Soft rules are measured as a violation count
that the repair drives to 0: weekly category shares, post-count windows, required items and
required channels. The value is exact (same-day decay by sorted rank, plus bonus).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import numpy as np
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.value import decayed_sum
from mixplan.solver.solution import PostChoice

FAR = -(10**9)  # an empty cell of the use grid: far from every slot


class Schedule:
    """Posts as an occupancy grid plus counters; see the module docstring."""

    def __init__(self, inst: PostingInstance) -> None:
        self.inst = inst
        n_i, n_k, n_t = inst.n_items, inst.n_channels, inst.n_slots
        self.occ = np.full((n_k, n_t), -1, dtype=np.int64)
        self.uses = np.zeros(n_i, dtype=np.int64)
        self.item_slots: list[list[int]] = [[] for _ in range(n_i)]
        self.item_channel = np.zeros((n_i, n_k), dtype=np.int64)
        self.day_count = np.zeros((n_k, inst.days), dtype=np.int64)
        self.week_count = np.zeros((n_k, inst.n_weeks), dtype=np.int64)
        self.week_total = np.zeros(inst.n_weeks, dtype=np.int64)
        self.week_cat = np.zeros((inst.n_weeks, inst.n_categories), dtype=np.int64)
        # per share rule and week: posts on the rule's channels, and those of its category
        self.share_total = np.zeros((len(inst.shares), inst.n_weeks), dtype=np.int64)
        self.share_got = np.zeros((len(inst.shares), inst.n_weeks), dtype=np.int64)
        self.count_slot = np.zeros((len(inst.count_rules), n_t), dtype=np.int64)
        self.day_value = np.zeros((n_k, inst.days))
        self.bonus_value = 0.0
        self.n_posts = 0
        width = max(1, min(8, int(inst.uses_cap.max(initial=1))))
        self.use_grid = np.full((n_i, width), FAR, dtype=np.int64)
        self.use_chan = np.full((n_i, width), -1, dtype=np.int64)  # channel of each use_grid cell
        self.gap = {k: inst.rules[k].gap for k in inst.posting_channels}
        self.channel_slots: dict[int, list[int]] = {k: [] for k in range(n_k)}
        self.day_posts: dict[tuple[int, int], dict[int, int]] = {}
        self.rule_channels = [None if r.channels is None else set(r.channels) for r in inst.count_rules]
        self.window_firsts = [
            np.array([w.first for w in inst.count_windows if w.rule == r], dtype=np.int64)
            for r in range(len(inst.count_rules))
        ]
        self.window_lasts = [
            np.array([w.last for w in inst.count_windows if w.rule == r], dtype=np.int64)
            for r in range(len(inst.count_rules))
        ]

    # -- building ----------------------------------------------------------------------------------
    @staticmethod
    def from_posts(inst: PostingInstance, posts: Iterable[tuple[int, int, int]]) -> Schedule:
        """A schedule holding ``posts`` (item, channel, slot) as given, without checking them."""
        s = Schedule(inst)
        for i, k, t in posts:
            s.add(i, k, t)
        return s

    def posts(self) -> list[PostChoice]:
        """The posts, ordered by slot then channel."""
        ks, ts = np.nonzero(self.occ >= 0)
        order = np.lexsort((ks, ts))
        return [PostChoice(int(self.occ[k, t]), int(k), int(t)) for k, t in zip(ks[order], ts[order], strict=True)]

    def triples(self) -> list[tuple[int, int, int]]:
        """The posts as (item, channel, slot)."""
        return [(p.item, p.channel, p.slot) for p in self.posts()]

    def value(self) -> float:
        """Exact value of the schedule."""
        return float(self.day_value.sum()) + self.bonus_value

    # -- primitive changes -----------------------------------------------------------------------
    def _refresh_day(self, k: int, d: int) -> float:
        inst = self.inst
        posts = self.day_posts.get((k, d), {})
        old = float(self.day_value[k, d])
        new = (
            decayed_sum([inst.value[i, k] * inst.slot_value[k, t] for t, i in posts.items()], inst.rules[k].decay)
            if posts
            else 0.0
        )
        self.day_value[k, d] = new
        return new - old

    def _count(self, i: int, k: int, t: int, sign: int) -> None:
        inst = self.inst
        d = t // inst.slots_per_day
        w = d // 7
        c = int(inst.category[i])
        self.uses[i] += sign
        self.item_channel[i, k] += sign
        self.day_count[k, d] += sign
        self.week_count[k, w] += sign
        self.week_total[w] += sign
        self.week_cat[w, c] += sign
        for j, rule in enumerate(inst.shares):
            if rule.on[k]:
                self.share_total[j, w] += sign
                if rule.category == c:
                    self.share_got[j, w] += sign
        self.n_posts += sign
        self.bonus_value += sign * float(inst.bonus[i, k, d])
        for r in range(len(inst.count_rules)):
            chans = self.rule_channels[r]
            if (chans is None or k in chans) and inst.count_items[r][i]:
                self.count_slot[r, t] += sign

    def add(self, i: int, k: int, t: int) -> float:
        """Put item i on channel k at slot t (must be empty); returns the value change."""
        assert self.occ[k, t] < 0
        self.occ[k, t] = i
        bisect.insort(self.item_slots[i], t)
        bisect.insort(self.channel_slots[k], t)
        self.day_posts.setdefault((k, t // self.inst.slots_per_day), {})[t] = i
        free = np.flatnonzero(self.use_grid[i] == FAR)
        if free.size == 0:
            self.use_grid = np.concatenate([self.use_grid, np.full((self.inst.n_items, 1), FAR)], axis=1)
            self.use_chan = np.concatenate([self.use_chan, np.full((self.inst.n_items, 1), -1)], axis=1)
            free = np.array([self.use_grid.shape[1] - 1])
        self.use_grid[i, free[0]] = t
        self.use_chan[i, free[0]] = k
        self._count(i, k, t, +1)
        d = t // self.inst.slots_per_day
        return self._refresh_day(k, d) + float(self.inst.bonus[i, k, d])

    def remove(self, k: int, t: int) -> float:
        """Remove the post on channel k at slot t; returns the value change."""
        i = int(self.occ[k, t])
        assert i >= 0
        self.occ[k, t] = -1
        self.item_slots[i].remove(t)
        self.channel_slots[k].remove(t)
        del self.day_posts[(k, t // self.inst.slots_per_day)][t]
        cell = np.flatnonzero((self.use_grid[i] == t) & (self.use_chan[i] == k))[0]
        self.use_grid[i, cell] = FAR
        self.use_chan[i, cell] = -1
        self._count(i, k, t, -1)
        d = t // self.inst.slots_per_day
        return self._refresh_day(k, d) - float(self.inst.bonus[i, k, d])

    def replace(self, k: int, t: int, j: int) -> float:
        """Put item j instead of the current item on (k, t); returns the value change."""
        return self.remove(k, t) + self.add(j, k, t)

    # -- hard rules ----------------------------------------------------------------------------------
    def channel_allows(self, k: int, t: int, ignore: int | None = None) -> bool:
        """A new post on channel k at slot t keeps gap, day/week caps and quota (``ignore``: a slot being vacated)."""
        inst = self.inst
        if (self.occ[k, t] >= 0 and t != ignore) or inst.slot_value[k, t] <= 0:
            return False
        slots = self.channel_slots[k]
        g = max(1, self.gap[k])
        pos = bisect.bisect_left(slots, t - g + 1)
        while pos < len(slots) and slots[pos] < t + g:
            if slots[pos] != ignore and slots[pos] != t:
                return False
            pos += 1
        rules = inst.rules[k]
        spd = inst.slots_per_day
        d = t // spd
        back = 1 if ignore is not None and ignore // spd == d else 0
        if self.day_count[k, d] + 1 - back > rules.day_cap:
            return False
        if rules.week_cap is not None:
            back = 1 if ignore is not None and ignore // (7 * spd) == d // 7 else 0
            if self.week_count[k, d // 7] + 1 - back > rules.week_cap:
                return False
        if rules.quota is not None:
            width = rules.quota_window
            lo = bisect.bisect_left(slots, t - width + 1)
            hi = bisect.bisect_left(slots, t + width)
            near = sorted([s for s in slots[lo:hi] if s != ignore and s != t] + [t])
            for a in range(len(near)):
                if bisect.bisect_left(near, near[a] + width) - a > rules.quota:
                    return False
        return True

    def item_allows(self, i: int, k: int, t: int, ignore: int | None = None, ignore_channel: int | None = None) -> bool:
        """Item i may be used on k at t (window, channel, rotation, uses, cool-down, cross-post gap);
        ``ignore``: the slot of a use being moved (on ``ignore_channel``, or on any channel when None)."""
        inst = self.inst
        if not inst.available[i, t] or inst.value[i, k] <= 0 or inst.slot_value[k, t] <= 0:
            return False
        cells = np.flatnonzero(self.use_grid[i] != FAR)
        times, chans = self.use_grid[i, cells], self.use_chan[i, cells]
        if ignore is not None:
            hit = np.flatnonzero(
                (times == ignore) & ((chans == ignore_channel) if ignore_channel is not None else True)
            )
            if hit.size:
                keep = np.ones(times.size, dtype=bool)
                keep[hit[0]] = False
                times, chans = times[keep], chans[keep]
        if times.size + 1 > inst.max_uses[i] or int(np.count_nonzero(chans == k)) + 1 > inst.per_channel[i]:
            return False
        need = np.where(chans == k, max(1, int(inst.cooldown[i])), int(inst.cross_gap[i]))
        return not bool(np.any(np.abs(times - t) < need))

    def cooldown_ok_mask(self, t: int, k: int) -> np.ndarray:
        """Per item: a use on channel k at slot t keeps its cool-down, cross-post gap and use limits (vectorized)."""
        return self.spacing_ok(np.array([k]), np.array([t]))[:, 0]

    def spacing_ok(self, ks: np.ndarray, ts: np.ndarray) -> np.ndarray:
        """``(items, positions)``: a use at each (k, t) keeps the item's use limits, cool-down and cross-post gap."""
        inst = self.inst
        ok = (self.uses < inst.max_uses)[:, None] & (self.item_channel[:, ks] < inst.per_channel[:, None])
        used = np.flatnonzero(self.uses > 0)
        if used.size:
            dist = np.abs(self.use_grid[used][:, :, None] - ts[None, None, :])  # (used, width, positions)
            same = self.use_chan[used][:, :, None] == ks[None, None, :]
            need = np.where(
                same, np.maximum(inst.cooldown[used], 1)[:, None, None], inst.cross_gap[used][:, None, None]
            )
            ok[used] &= (dist >= need).all(axis=1)
        return ok

    # -- soft rules ----------------------------------------------------------------------------------
    def share_violation(self, weeks: Iterable[int]) -> float:
        """How far the category shares in ``weeks`` are off, in posts (fractional: 0.3 × total − got)."""
        out = 0.0
        for w in set(weeks):
            for j, rule in enumerate(self.inst.shares):
                total = int(self.share_total[j, w])
                if total == 0:
                    continue
                got = int(self.share_got[j, w])
                if rule.min_share is not None:
                    f = rule.min_share
                    out += max(0, f.numerator * total - f.denominator * got) / f.denominator
                if rule.max_share is not None:
                    f = rule.max_share
                    out += max(0, f.denominator * got - f.numerator * total) / f.denominator
        return out

    def count_violation(self, slots: Iterable[int]) -> int:
        """Posts missing or in excess in the post-count windows containing any of ``slots``."""
        inst = self.inst
        out = 0
        touched = np.fromiter(set(slots), dtype=np.int64)
        for r, rule in enumerate(inst.count_rules):
            firsts, lasts = self.window_firsts[r], self.window_lasts[r]
            if firsts.size == 0 or touched.size == 0:
                continue
            hit = ((firsts[:, None] <= touched[None, :]) & (lasts[:, None] >= touched[None, :])).any(axis=1)
            if not hit.any():
                continue
            lo_slot, hi_slot = int(firsts[hit].min()), int(lasts[hit].max())
            prefix = np.concatenate([[0], np.cumsum(self.count_slot[r, lo_slot : hi_slot + 1])])
            n = prefix[lasts[hit] - lo_slot + 1] - prefix[firsts[hit] - lo_slot]
            out += int(np.maximum(0, rule.lo - n).sum())
            if rule.hi is not None:
                out += int(np.maximum(0, n - rule.hi).sum())
        return out

    def required_violation(self, items: Iterable[int], pairs: Iterable[tuple[int, int]] = ()) -> int:
        """Required items among ``items`` not used, and required (item, channel) pairs not met."""
        inst = self.inst
        out = sum(1 for i in set(items) if inst.required[i] and self.uses[i] == 0)
        for i in set(items):
            for k in np.flatnonzero(inst.required_channels[i]).tolist():
                if self.item_channel[i, k] == 0:
                    out += 1
        del pairs
        return out

    def local_violation(self, items: Iterable[int], slots: Iterable[int]) -> float:
        """Soft violation restricted to what a change of ``items`` at ``slots`` can affect."""
        slots = list(slots)
        weeks = [t // (7 * self.inst.slots_per_day) for t in slots]
        v: float = self.required_violation(items)
        if self.inst.shares:
            v += self.share_violation(weeks)
        if self.inst.count_rules:
            v += self.count_violation(slots)
        return v

    def total_violation(self) -> float:
        """Soft violation of the whole schedule."""
        inst = self.inst
        v: float = self.required_violation(range(inst.n_items))
        v += self.share_violation(range(inst.n_weeks))
        if inst.count_rules:
            v += self.count_violation(range(inst.n_slots))
        return v
