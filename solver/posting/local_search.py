"""Repair and improve a schedule by small moves: add, remove, replace, move and swap posts.

Every move keeps the hard rules (checked before it is applied, see :mod:`schedule`). The repair
phase drives the soft violation (category shares, post-count windows, required items and channels)
to 0 with the moves that lose the least value; the improvement phase takes moves that raise the
value without raising the violation. Candidate items for a slot are ranked in numpy; the few best
are then tried exactly (apply, measure, undo). Deterministic: fixed orders, no randomness.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from mixplan.solver.posting.assignment import SlotSet, slot_multipliers
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.schedule import FAR, Schedule

Op = tuple  # ("add", i, k, t) | ("remove", k, t) | ("replace", k, t, j)
EPS = 1e-9
EVALUATE_COST = 4e-5  # estimated seconds of one exact move evaluation (apply, measure, undo)


class LocalSearch:
    """Moves on a :class:`Schedule`; ``should_stop()`` is polled between moves."""

    def __init__(self, inst: PostingInstance, sched: Schedule, should_stop: Callable[[], bool] = lambda: False) -> None:
        self.inst = inst
        self.s = sched
        self.should_stop = should_stop
        self.moves = 0
        self.work = 0.0  # estimated seconds on the reference machine, for deterministic budgets
        self.windows = [
            np.array([u for u, w in enumerate(inst.count_windows) if w.rule == r], dtype=np.int64)
            for r in range(len(inst.count_rules))
        ]
        self.window_first = np.array([w.first for w in inst.count_windows], dtype=np.int64)
        self.window_last = np.array([w.last for w in inst.count_windows], dtype=np.int64)

    # -- applying moves ---------------------------------------------------------------------------
    def _apply(self, ops: list[Op]) -> tuple[float, list[Op]]:
        dv = 0.0
        undo: list[Op] = []
        for op in ops:
            if op[0] == "add":
                _, i, k, t = op
                dv += self.s.add(i, k, t)
                undo.append(("remove", k, t))
            elif op[0] == "remove":
                _, k, t = op
                i = int(self.s.occ[k, t])
                dv += self.s.remove(k, t)
                undo.append(("add", i, k, t))
            else:
                _, k, t, j = op
                i = int(self.s.occ[k, t])
                dv += self.s.replace(k, t, j)
                undo.append(("replace", k, t, i))
        undo.reverse()
        return dv, undo

    def _scope(self, ops: list[Op]) -> tuple[set[int], set[int]]:
        items: set[int] = set()
        slots: set[int] = set()
        for op in ops:
            if op[0] == "add":
                items.add(op[1])
                slots.add(op[3])
            elif op[0] == "remove":
                items.add(int(self.s.occ[op[1], op[2]]))
                slots.add(op[2])
            else:
                items.update((int(self.s.occ[op[1], op[2]]), op[3]))
                slots.add(op[2])
        return items, slots

    def evaluate(self, ops: list[Op]) -> tuple[float, float]:
        """(value change, violation change) of ``ops``, leaving the schedule unchanged."""
        self.work += EVALUATE_COST
        items, slots = self._scope(ops)
        before = self.s.local_violation(items, slots)
        dv, undo = self._apply(ops)
        after = self.s.local_violation(items, slots)
        self._apply(undo)
        return dv, after - before

    def commit(self, ops: list[Op]) -> float:
        """Apply ``ops`` for good; returns the value change."""
        self.moves += 1
        return self._apply(ops)[0]

    # -- candidates ---------------------------------------------------------------------------------
    def item_gains(self, k: int, t: int, mult: float, mask: np.ndarray | None = None) -> np.ndarray:
        """Approximate gain of each item at (k, t) (-inf where a hard rule forbids it)."""
        inst = self.inst
        self.work += 8e-6 + 4e-8 * inst.n_items
        ok = inst.available[:, t] & (inst.value[:, k] > 0) & self.s.cooldown_ok_mask(t, k)
        if mask is not None:
            ok &= mask
        gain = inst.value[:, k] * mult + inst.bonus[:, k, t // inst.slots_per_day]
        return np.where(ok, gain, -np.inf)

    def top_items(
        self, k: int, t: int, mult: float, n: int, mask: np.ndarray | None = None, exclude: int = -1
    ) -> list[int]:
        """Up to ``n`` best items for (k, t) by approximate gain."""
        gain = self.item_gains(k, t, mult, mask)
        if 0 <= exclude < gain.size:
            gain[exclude] = -np.inf
        n = min(n, int(np.isfinite(gain).sum()))
        if n <= 0:
            return []
        top = np.argpartition(-gain, n - 1)[:n]
        return [int(j) for j in top[np.argsort(-gain[top], kind="stable")]]

    def top_items_at(self, ks: np.ndarray, ts: np.ndarray, n: int, mask: np.ndarray | None = None) -> np.ndarray:
        """``(positions, n)``: the n best items at each (k, t) by item value × slot value (-1: none)."""
        inst, s = self.inst, self.s
        self.work += 2e-5 + 3e-8 * inst.n_items * ks.size
        out = np.full((ks.size, n), -1, dtype=np.int64)
        if ks.size == 0:
            return out
        gain = inst.value[:, ks] * inst.slot_value[ks, ts][None, :] + inst.bonus[:, ks, ts // inst.slots_per_day]
        ok = inst.available[:, ts] & (inst.value[:, ks] > 0) & s.spacing_ok(ks, ts)
        if mask is not None:
            ok &= mask[:, None]
        gain = np.where(ok, gain, -np.inf)
        n = min(n, gain.shape[0])
        top = np.argpartition(-gain, n - 1, axis=0)[:n] if n < gain.shape[0] else np.argsort(-gain, axis=0)[:n]
        vals = np.take_along_axis(gain, top, axis=0)
        order = np.argsort(-vals, axis=0, kind="stable")
        top = np.take_along_axis(top, order, axis=0)
        vals = np.take_along_axis(vals, order, axis=0)
        out[:, :n] = np.where(np.isfinite(vals), top, -1).T
        return out

    def post_multiplier(self, k: int, t: int) -> float:
        """Slot value times the decay of the rank a post at (k, t) would have by slot value alone."""
        inst = self.inst
        spd = inst.slots_per_day
        d = t // spd
        row = self.s.occ[k, d * spd : (d + 1) * spd]
        others = [s for s in np.flatnonzero(row >= 0).tolist() if d * spd + s != t]
        rank = sum(1 for s in others if inst.slot_value[k, d * spd + s] > inst.slot_value[k, t])
        decay = inst.rules[k].decay
        return float(inst.slot_value[k, t] * decay[min(rank, len(decay) - 1)])

    def posts(self) -> list[tuple[int, int, int]]:
        """Current posts as (item, channel, slot)."""
        return self.s.triples()

    # -- construction -------------------------------------------------------------------------------
    def insert_assignment(self, slots: SlotSet, item_of_slot: np.ndarray) -> None:
        """Insert the flow's posts, most valuable first, skipping those that break a hard rule."""
        inst = self.inst
        mult = slot_multipliers(inst, slots)
        pos = np.flatnonzero(item_of_slot >= 0)
        worth = inst.value[item_of_slot[pos], slots.channels[pos]] * mult[pos]
        self.work += 1e-5 * pos.size
        for p in pos[np.argsort(-worth, kind="stable")].tolist():
            i, k, t = int(item_of_slot[p]), int(slots.channels[p]), int(slots.slots[p])
            if self.s.channel_allows(k, t) and self.s.item_allows(i, k, t):
                self.s.add(i, k, t)

    def fill(self, channel_slots: Iterable[tuple[int, int]]) -> int:
        """Add the best allowed item to each empty (channel, slot) given, when it gains and breaks nothing soft."""
        added = 0
        for k, t in channel_slots:
            if self.should_stop():
                break
            self.work += 5e-6
            if not self.s.channel_allows(k, t):
                continue
            for j in self.top_items(k, t, self.post_multiplier(k, t), 3):
                dv, dviol = self.evaluate([("add", j, k, t)])
                if dv > EPS and dviol <= 1e-9:
                    self.commit([("add", j, k, t)])
                    added += 1
                    break
        return added

    # -- repair -------------------------------------------------------------------------------------
    def _approx(self, ops: list[Op]) -> float:
        """Cheap estimate of the value change of ``ops`` (slot value × item value, no decay)."""
        inst, s = self.inst, self.s
        est = 0.0
        for op in ops:
            if op[0] == "add":
                _, i, k, t = op
                est += inst.value[i, k] * inst.slot_value[k, t]
            elif op[0] == "remove":
                _, k, t = op
                est -= inst.value[int(s.occ[k, t]), k] * inst.slot_value[k, t]
            else:
                _, k, t, j = op
                est += (inst.value[j, k] - inst.value[int(s.occ[k, t]), k]) * inst.slot_value[k, t]
        return float(est)

    def _best(self, options: list[list[Op]], enough: int = 6, cap: int = 300) -> list[Op] | None:
        """The option that lowers the violation most, then loses least value. Options are tried exactly in
        order of their estimated value (``_approx``) until ``enough`` of them lower the violation or ``cap``
        were tried."""
        order = sorted(range(len(options)), key=lambda j: -self._approx(options[j]))
        best: tuple[float, float] | None = None
        chosen = None
        found = 0
        for tried, j in enumerate(order):
            if found >= enough or tried >= cap:
                break
            dv, dviol = self.evaluate(options[j])
            if dviol < -1e-9:
                found += 1
                if best is None or (dviol, -dv) < best:
                    best, chosen = (dviol, -dv), options[j]
        return chosen

    def _positions(self, channels: Iterable[int], first: int, last: int) -> list[tuple[int, int]]:
        inst = self.inst
        out: list[tuple[int, int]] = []
        for k in channels:
            ts = np.flatnonzero(inst.slot_value[k, first : last + 1] > 0) + first
            out.extend((k, int(t)) for t in ts.tolist())
        self.work += 5e-6 * len(out)
        return out

    def _options_for_item(self, i: int, channels: list[int], limit: int = 400) -> list[list[Op]]:
        """Ways to add one use of item i on one of ``channels`` (add, replace, or move one of its uses);
        the ``limit`` positions where it loses least are considered."""
        inst, s = self.inst, self.s
        full = s.uses[i] >= inst.max_uses[i]
        pos = [
            (k, t)
            for k, t in self._positions(
                [k for k in channels if inst.value[i, k] > 0], int(inst.first[i]), int(inst.last[i])
            )
            if inst.available[i, t] and s.occ[k, t] != i and (s.occ[k, t] >= 0 or full or s.channel_allows(k, t))
        ]
        if len(pos) > limit:
            ks = np.array([k for k, _ in pos], dtype=np.int64)
            ts = np.array([t for _, t in pos], dtype=np.int64)
            occupants = s.occ[ks, ts]
            change = inst.value[i, ks] * inst.slot_value[ks, ts]
            displaced = inst.value[np.maximum(occupants, 0), ks] * inst.slot_value[ks, ts]
            change = change - np.where(occupants >= 0, displaced, 0.0)
            # swapping for a post of the same category leaves shares and category counts alone: keep those first
            same = (occupants >= 0) & (inst.category[np.maximum(occupants, 0)] == inst.category[i])
            keep = np.lexsort((-change, ~same))[:limit]
            pos = [pos[j] for j in sorted(keep.tolist())]
        opts: list[list[Op]] = []
        movable = [(int(k0), t0) for t0 in sorted(set(s.item_slots[i])) for k0 in np.flatnonzero(s.occ[:, t0] == i)]
        for k, t in pos:
            occupant = int(s.occ[k, t])
            if not full:
                if not s.item_allows(i, k, t):
                    continue
                if occupant < 0:
                    if s.channel_allows(k, t):
                        opts.append([("add", i, k, t)])
                else:
                    opts.append([("replace", k, t, i)])
                continue
            for k0, t0 in movable:
                if not s.item_allows(i, k, t, ignore=t0, ignore_channel=k0):
                    continue
                if occupant < 0:
                    if s.channel_allows(k, t, ignore=t0 if k0 == k else None):
                        opts.append([("remove", k0, t0), ("add", i, k, t)])
                else:
                    opts.append([("remove", k0, t0), ("replace", k, t, i)])
        self.work += 1e-5 * len(pos)
        return opts

    def gain_matrix(self, ks: np.ndarray, ts: np.ndarray) -> np.ndarray:
        """``(items, positions)``: item value × slot value (+ bonus) where the hard rules allow the item
        at (k, t), -inf elsewhere."""
        inst, s = self.inst, self.s
        self.work += 2e-5 + 3e-8 * inst.n_items * ks.size
        gain = inst.value[:, ks] * inst.slot_value[ks, ts][None, :] + inst.bonus[:, ks, ts // inst.slots_per_day]
        ok = inst.available[:, ts] & (inst.value[:, ks] > 0) & s.spacing_ok(ks, ts)
        return np.where(ok, gain, -np.inf)

    def best_by_category(self, gains: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """``(positions, categories)``: the best allowed item of each category among ``mask`` (-1: none)."""
        inst = self.inst
        cats = np.unique(inst.category)
        out = np.full((gains.shape[1], cats.size), -1, dtype=np.int64)
        cols = np.arange(gains.shape[1])
        for ci, c in enumerate(cats.tolist()):
            rows = np.flatnonzero(mask & (inst.category == c))
            if rows.size == 0:
                continue
            sub = gains[rows]
            j = sub.argmax(axis=0)
            out[:, ci] = np.where(np.isfinite(sub[j, cols]), rows[j], -1)
        return out

    def _options_in_window(
        self, channels: list[int], first: int, last: int, wanted: np.ndarray, unwanted: np.ndarray | None
    ) -> list[list[Op]]:
        """Ways to raise (wanted items) or lower (unwanted items) a count in slots first..last: add or swap in
        the best wanted item of each category, swap in the best other item of each category, or remove."""
        s = self.s
        pos = [(k, t) for k, t in self._positions(channels, first, last) if s.occ[k, t] >= 0 or s.channel_allows(k, t)]
        if not pos:
            return []
        ks = np.array([k for k, _ in pos], dtype=np.int64)
        ts = np.array([t for _, t in pos], dtype=np.int64)
        occupant = s.occ[ks, ts]
        gains = self.gain_matrix(ks, ts)
        best_wanted = self.best_by_category(gains, wanted)
        best_other = self.best_by_category(gains, ~unwanted) if unwanted is not None else None
        opts: list[list[Op]] = []
        free_without_item = []
        for p, (k, t) in enumerate(pos):
            o = int(occupant[p])
            if o < 0:
                adds = [[("add", int(j), k, t)] for j in best_wanted[p] if j >= 0]
                opts.extend(adds)
                if not adds:
                    free_without_item.append((k, t))
                continue
            if not wanted[o]:
                opts.extend([("replace", k, t, int(j))] for j in best_wanted[p] if j >= 0 and j != o)
            if unwanted is not None and best_other is not None and unwanted[o]:
                opts.append([("remove", k, t)])
                opts.extend([("replace", k, t, int(j))] for j in best_other[p] if j >= 0 and j != o)
        if free_without_item:
            opts.extend(self._moves_into(free_without_item, wanted))
        return opts

    def _moves_into(
        self, free: list[tuple[int, int]], wanted: np.ndarray, n_positions: int = 8, n_items: int = 3
    ) -> list[list[Op]]:
        """When every wanted item that fits a free position has used up its uses: move one of its uses
        there (from another slot or channel), for the best few positions and items."""
        inst, s = self.inst, self.s
        free = sorted(free, key=lambda kt: -float(inst.slot_value[kt[0], kt[1]]))[:n_positions]
        opts: list[list[Op]] = []
        for k, t in free:
            fits = wanted & inst.available[:, t] & (inst.value[:, k] > 0) & (s.uses > 0)
            items = np.flatnonzero(fits)
            if items.size == 0:
                continue
            items = items[np.argsort(-inst.value[items, k], kind="stable")][:n_items]
            for i in items.tolist():
                cells = np.flatnonzero(s.use_grid[i] != FAR)
                for k0, t0 in zip(s.use_chan[i, cells].tolist(), s.use_grid[i, cells].tolist(), strict=True):
                    if (k0, t0) == (k, t) or not s.item_allows(i, k, t, ignore=t0, ignore_channel=k0):
                        continue
                    if s.channel_allows(k, t, ignore=t0 if k0 == k else None):
                        opts.append([("remove", k0, t0), ("add", i, k, t)])
        self.work += 1e-5 * len(opts)
        return opts

    def repair(self, max_rounds: int = 10_000) -> float:
        """Lower the soft violation as far as the moves can; returns what remains."""
        inst, s = self.inst, self.s
        stuck: set[tuple] = set()
        for _ in range(max_rounds):
            if self.should_stop():
                break
            target = self.next_violation(stuck)
            if target is None:
                break
            ops = self._best(self._repair_options(target))
            if ops is None:
                stuck.add(target)
                continue
            self.commit(ops)
            stuck.clear()
        del inst
        return s.total_violation()

    def next_violation(self, stuck: set[tuple]) -> tuple | None:
        """The next soft rule to repair: excesses first (they are fixed by removing), then deficits."""
        inst, s = self.inst, self.s
        excess: list[tuple] = []
        deficit: list[tuple] = []
        for w in range(inst.n_weeks):
            for j, rule in enumerate(inst.shares):
                total = int(s.share_total[j, w])
                if total == 0:
                    continue
                got = int(s.share_got[j, w])
                lo, hi = rule.min_share, rule.max_share
                if hi is not None and got * hi.denominator > hi.numerator * total:
                    excess.append(("share_max", j, w))
                if lo is not None and got * lo.denominator < lo.numerator * total:
                    deficit.append(("share_min", j, w))
        for r, count_rule in enumerate(inst.count_rules):
            windows = self.windows[r]
            if windows.size == 0:
                continue
            prefix = np.concatenate([[0], np.cumsum(s.count_slot[r])])
            counts = prefix[self.window_last[windows] + 1] - prefix[self.window_first[windows]]
            if count_rule.hi is not None:
                excess.extend(("count", int(u)) for u in windows[counts > count_rule.hi].tolist())
            deficit.extend(("count", int(u)) for u in windows[counts < count_rule.lo].tolist())
        deficit.extend(("required", i) for i in np.flatnonzero(inst.required & (s.uses == 0)).tolist())
        deficit.extend(
            ("channel", int(i), int(k))
            for i, k in zip(*np.nonzero(inst.required_channels & (s.item_channel == 0)), strict=True)
        )
        for target in excess + deficit:
            if target not in stuck:
                return target
        return None

    def _repair_options(self, target: tuple) -> list[list[Op]]:
        inst = self.inst
        kind = target[0]
        if kind == "required":
            return self._options_for_item(target[1], list(inst.posting_channels))
        if kind == "channel":
            return self._options_for_item(target[1], [target[2]])
        if kind in ("share_min", "share_max"):
            rule = inst.shares[target[1]]
            first, last = inst.week_slots(target[2])
            mine = inst.category == rule.category
            group = [k for k in inst.posting_channels if rule.on[k]]
            if kind == "share_min":
                return self._options_in_window(group, first, last, mine, ~mine)
            return self._options_in_window(group, first, last, ~mine, mine)
        window = inst.count_windows[target[1]]
        rule = inst.count_rules[window.rule]
        chans = (
            list(inst.posting_channels)
            if rule.channels is None
            else [k for k in rule.channels if k in inst.posting_channels]
        )
        match = inst.count_items[window.rule]
        n = int(self.s.count_slot[window.rule, window.first : window.last + 1].sum())
        if n < rule.lo:
            return self._options_in_window(chans, window.first, window.last, match, None)
        return self._options_in_window(chans, window.first, window.last, ~match, match)

    # -- improvement --------------------------------------------------------------------------------
    def replace_pass(self) -> float:
        """Try a better item for every post."""
        gained = 0.0
        for i, k, t in self.posts():
            if self.should_stop():
                break
            if int(self.s.occ[k, t]) != i:
                continue
            mult = self.post_multiplier(k, t)
            day = t // self.inst.slots_per_day
            current = self.inst.value[i, k] * mult + self.inst.bonus[i, k, day]
            for j in self.top_items(k, t, mult, 3, exclude=i):
                if self.inst.value[j, k] * mult + self.inst.bonus[j, k, day] <= current - 1e-12:
                    break
                dv, dviol = self.evaluate([("replace", k, t, j)])
                if dv > EPS and dviol <= 1e-9:
                    gained += self.commit([("replace", k, t, j)])
                    break
        return gained

    def move_pass(self, n_targets: int = 4) -> float:
        """Try moving each post to a better slot of its channel, or onto another channel."""
        inst, s = self.inst, self.s
        gained = 0.0
        for i, k, t in self.posts():
            if self.should_stop():
                break
            if int(s.occ[k, t]) != i:
                continue
            self.work += 2e-5 + 6e-9 * inst.n_channels * inst.n_slots
            here = inst.value[i, k] * inst.slot_value[k, t]
            worth = inst.value[i][:, None] * inst.slot_value  # (K, T)
            worth[:, : inst.first[i]] = 0.0
            worth[:, inst.last[i] + 1 :] = 0.0
            worth[s.occ >= 0] = 0.0
            flat = np.flatnonzero(worth.ravel() > here + EPS)
            if flat.size == 0:
                continue
            order = flat[np.argsort(-worth.ravel()[flat], kind="stable")][: 8 * n_targets]
            tried = 0
            for f in order.tolist():
                k2, t2 = divmod(f, inst.n_slots)
                if not inst.available[i, t2]:
                    continue
                if not s.item_allows(i, k2, t2, ignore=t, ignore_channel=k):
                    continue
                if not s.channel_allows(k2, t2, ignore=t if k2 == k else None):
                    continue
                tried += 1
                ops = [("remove", k, t), ("add", i, k2, t2)]
                dv, dviol = self.evaluate(ops)
                if dv > EPS and dviol <= 1e-9:
                    gained += self.commit(ops)
                    break
                if tried >= n_targets:
                    break
        return gained

    def swap_pass(self, n_partners: int = 3) -> float:
        """Try exchanging the items of two posts."""
        inst, s = self.inst, self.s
        gained = 0.0
        posts = self.posts()
        if len(posts) < 2:
            return 0.0
        items = np.array([p[0] for p in posts])
        chans = np.array([p[1] for p in posts])
        slots = np.array([p[2] for p in posts])
        w = inst.slot_value[chans, slots]
        for a in range(len(posts)):
            if self.should_stop():
                break
            self.work += 2e-5 + 3e-8 * len(posts)
            i, k, t = int(items[a]), int(chans[a]), int(slots[a])
            if int(s.occ[k, t]) != i:
                continue
            cur = inst.value[items, chans] * w
            gain = (inst.value[i, chans] * w + inst.value[items, k] * w[a]) - (cur + cur[a])
            ok = (items != i) & inst.available[i, slots] & inst.available[items, t]
            ok &= (inst.value[i, chans] > 0) & (inst.value[items, k] > 0)
            gain = np.where(ok, gain, -np.inf)
            cand = np.flatnonzero(gain > EPS)
            if cand.size == 0:
                continue
            cand = cand[np.argsort(-gain[cand], kind="stable")][:n_partners]
            for b in cand.tolist():
                j, k2, t2 = int(items[b]), int(chans[b]), int(slots[b])
                if int(s.occ[k2, t2]) != j or int(s.occ[k, t]) != i:
                    continue
                ops = [("remove", k, t), ("remove", k2, t2)]
                _, undo = self._apply(ops)
                feasible = s.item_allows(i, k2, t2) and s.item_allows(j, k, t)
                self._apply(undo)
                if not feasible:
                    continue
                full = [("remove", k, t), ("remove", k2, t2), ("add", j, k, t), ("add", i, k2, t2)]
                dv, dviol = self.evaluate(full)
                if dv > EPS and dviol <= 1e-9:
                    gained += self.commit(full)
                    items[a], items[b] = j, i
                    break
        return gained

    def improve(self, rounds: int = 4, fill_slots: list[tuple[int, int]] | None = None) -> float:
        """Replace, move, swap and fill passes until a round gains (almost) nothing."""
        total = 0.0
        for _ in range(rounds):
            if self.should_stop():
                break
            start = self.s.value()
            self.replace_pass()
            self.move_pass()
            self.swap_pass()
            if fill_slots:
                self.fill(fill_slots)
            gain = self.s.value() - start
            total += gain
            if gain <= 1e-6 * max(1.0, abs(start)):
                break
        return total
