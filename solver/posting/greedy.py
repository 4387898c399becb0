"""Greedy by value: the posting schedule a user would write first, and the solver's safety net.

Every allowed (item, channel, slot) is taken in order of its value ``item value × slot value`` (+ bonus),
highest first, and kept if no rule with an upper limit breaks (gap, posts per day / week, quota,
max uses (all channels and per channel), cool-down (same channel), cross-post gap, maximum category
share, post-count maxima). Lower limits are then repaired:
each required item (and required channel) goes where it gains most or loses least (a free slot, or
instead of an optional post), and a week below a minimum category share swaps the posts of other
categories that lose least for that category's items, or drops its cheapest other posts.
Post-count minimums are not repaired: where one binds, the greedy schedule breaks it and is not used.

The solver computes it before its own search (on a counted budget, :data:`GREEDY_WORK_PER_CANDIDATE`)
and keeps it when nothing better was found, so a plan is never worse than this greedy, even when the
deadline cuts the search. The benchmarks use the same function as their baseline.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

import numpy as np
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.value import posting_value
from mixplan.solver.problem import Problem
from mixplan.solver.solution import PostChoice

GREEDY_WORK_PER_CANDIDATE = 2e-6
"""Work units (about seconds of one core) the greedy costs per candidate post, measured on the benchmark families."""
GREEDY_MAX_CANDIDATES = 3_000_000
"""Above this many candidate posts the greedy is skipped: its candidate list alone would cost too much memory."""


class _Greedy:
    def __init__(self, inst: PostingInstance) -> None:
        self.inst = inst
        self.posts: dict[tuple[int, int], int] = {}  # (channel, slot) -> item
        self.channel_slots: dict[int, list[int]] = defaultdict(list)
        self.item_slots: dict[int, list[int]] = defaultdict(list)
        self.item_uses: dict[int, list[tuple[int, int]]] = defaultdict(list)  # item -> (slot, channel)
        self.day_count: dict[tuple[int, int], int] = defaultdict(int)
        self.week_count: dict[tuple[int, int], int] = defaultdict(int)
        self.week_total: dict[int, int] = defaultdict(int)
        self.week_cat: dict[tuple[int, int], int] = defaultdict(int)
        self.share_total: dict[tuple[int, int], int] = defaultdict(int)  # (share rule, week) -> posts
        self.share_got: dict[tuple[int, int], int] = defaultdict(int)  # (share rule, week) -> of its category

    def fits(self, i: int, k: int, t: int, ignore: tuple[int, int] | None = None) -> bool:
        inst = self.inst
        posting = inst.problem.channels[k].posting
        assert posting is not None
        spd = inst.slots_per_day
        d, w = t // spd, t // (7 * spd)
        if not inst.available[i, t] or inst.value[i, k] <= 0 or inst.slot_value[k, t] <= 0:
            return False
        if (k, t) in self.posts and (k, t) != ignore:
            return False
        replacing = ignore == (k, t)
        slots = [s for s in self.channel_slots[k] if not (replacing and s == t)]
        pos = bisect.bisect_left(slots, t)
        if pos > 0 and t - slots[pos - 1] < posting.min_gap_slots:
            return False
        if pos < len(slots) and slots[pos] - t < posting.min_gap_slots:
            return False
        extra = 0 if replacing else 1
        if posting.max_per_day is not None and self.day_count[(k, d)] + extra > posting.max_per_day:
            return False
        if posting.max_per_week is not None and self.week_count[(k, w)] + extra > posting.max_per_week:
            return False
        if posting.quota is not None and not replacing:
            width = posting.quota_window_slots
            near = [s for s in slots if t - width < s < t + width] + [t]
            near.sort()
            for a in range(len(near)):
                if bisect.bisect_left(near, near[a] + width) - a > posting.quota:
                    return False
        uses = [(s, ch) for s, ch in self.item_uses[i] if not (replacing and ch == k and s == t)]
        if len(uses) >= inst.max_uses[i] or sum(1 for _s, ch in uses if ch == k) >= inst.per_channel[i]:
            return False
        if any(inst.use_conflicts(i, k, t, ch, s) for s, ch in uses):
            return False
        c = int(inst.category[i])
        old_c = int(inst.category[self.posts[(k, t)]]) if replacing else -1
        for j, rule in enumerate(inst.shares):
            share = rule.max_share
            if (
                share is not None
                and rule.on[k]
                and rule.category == c != old_c
                and (
                    (self.share_got[(j, w)] + 1) * share.denominator
                    > share.numerator * (self.share_total[(j, w)] + extra)
                )
            ):
                return False
        for r, count in enumerate(inst.count_rules):
            if count.hi is None or (count.channels is not None and k not in count.channels):
                continue
            counted = inst.count_items[r]
            if not counted[i]:
                continue
            if replacing and counted[self.posts[(k, t)]]:
                continue
            if self._count_near(r, t) + 1 > count.hi:
                return False
        return True

    def _count_near(self, r: int, t: int) -> int:
        inst = self.inst
        rule, counted = inst.count_rules[r], inst.count_items[r]
        best = 0
        for w in inst.count_windows:
            if w.rule != r or not w.first <= t <= w.last:
                continue
            n = sum(
                1
                for (k, s), i in self.posts.items()
                if w.first <= s <= w.last and (rule.channels is None or k in rule.channels) and counted[i]
            )
            best = max(best, n)
        return best

    def add(self, i: int, k: int, t: int) -> None:
        spd = self.inst.slots_per_day
        w = t // (7 * spd)
        self.posts[(k, t)] = i
        bisect.insort(self.channel_slots[k], t)
        bisect.insort(self.item_slots[i], t)
        self.item_uses[i].append((t, k))
        self.day_count[(k, t // spd)] += 1
        self.week_count[(k, w)] += 1
        self.week_total[w] += 1
        self.week_cat[(w, int(self.inst.category[i]))] += 1
        self._count_shares(i, k, w, +1)

    def remove(self, k: int, t: int) -> int:
        spd = self.inst.slots_per_day
        w = t // (7 * spd)
        i = self.posts.pop((k, t))
        self.channel_slots[k].remove(t)
        self.item_slots[i].remove(t)
        self.item_uses[i].remove((t, k))
        self.day_count[(k, t // spd)] -= 1
        self.week_count[(k, w)] -= 1
        self.week_total[w] -= 1
        self.week_cat[(w, int(self.inst.category[i]))] -= 1
        self._count_shares(i, k, w, -1)
        return i

    def _count_shares(self, i: int, k: int, w: int, sign: int) -> None:
        for j, rule in enumerate(self.inst.shares):
            if rule.on[k]:
                self.share_total[(j, w)] += sign
                if rule.category == int(self.inst.category[i]):
                    self.share_got[(j, w)] += sign


def _candidates(inst: PostingInstance) -> list[tuple[float, int, int, int]]:
    worth_parts, item_parts, chan_parts, slot_parts = [], [], [], []
    for k in inst.posting_channels:
        items, slots = np.nonzero(inst.allowed_mask(k))
        worth = inst.value[items, k] * inst.slot_value[k, slots]
        worth_parts.append(worth + inst.bonus[items, k, inst.slot_day[slots]])
        item_parts.append(items)
        chan_parts.append(np.full(items.size, k))
        slot_parts.append(slots)
    if not worth_parts:
        return []
    worth, items, chans, slots = (np.concatenate(x) for x in (worth_parts, item_parts, chan_parts, slot_parts))
    order = np.lexsort((slots, chans, items, -worth))
    return list(
        zip(worth[order].tolist(), items[order].tolist(), chans[order].tolist(), slots[order].tolist(), strict=True)
    )


def greedy_by_value(problem: Problem, bonus: np.ndarray | None = None) -> tuple[PostChoice, ...]:
    """The greedy-by-value schedule (see the module docstring)."""
    return greedy_schedule(PostingInstance(problem, bonus))


def greedy_schedule(inst: PostingInstance) -> tuple[PostChoice, ...]:
    """The greedy-by-value schedule of an already built instance (see the module docstring)."""
    g = _Greedy(inst)
    cands = _candidates(inst)
    spd = inst.slots_per_day
    day_cap = {k: inst.rules[k].day_cap for k in inst.posting_channels}
    for _worth, i, k, t in cands:
        if len(g.item_slots[i]) >= inst.max_uses[i] or (k, t) in g.posts:
            continue
        if g.day_count[(k, t // spd)] >= day_cap[k]:
            continue
        if g.fits(i, k, t):
            g.add(i, k, t)
    _repair_required(inst, g, cands)
    _repair_min_shares(inst, g)
    return tuple(PostChoice(i, k, t) for (k, t), i in sorted(g.posts.items(), key=lambda x: (x[0][1], x[0][0])))


def _worth(inst: PostingInstance, i: int, k: int, t: int) -> float:
    return float(inst.value[i, k] * inst.slot_value[k, t])


def _repair_required(inst: PostingInstance, g: _Greedy, cands: list[tuple[float, int, int, int]]) -> None:
    needs: list[tuple[int, int | None]] = [(int(i), None) for i in np.flatnonzero(inst.required)]
    needs += [(int(i), int(k)) for i, k in zip(*np.nonzero(inst.required_channels), strict=True)]
    wanted = {i for i, _ in needs}
    per_item: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for _w, ci, k, t in cands:
        if ci in wanted:
            per_item[ci].append((k, t))
    for i, channel in needs:
        if any(
            g.posts.get((k, s)) == i
            for k in inst.posting_channels
            for s in g.item_slots[i]
            if channel is None or k == channel
        ):
            continue
        best: tuple[float, int, int, bool] | None = None  # (value change, channel, slot, replaces a post)
        for k, t in per_item[i]:
            if channel is not None and k != channel:
                continue
            gain = _worth(inst, i, k, t)
            if (k, t) not in g.posts:
                if g.fits(i, k, t) and (best is None or gain > best[0]):
                    best = (gain, k, t, False)
                continue
            occupant = g.posts[(k, t)]
            change = gain - _worth(inst, occupant, k, t)
            if (best is None or change > best[0]) and not _protected(inst, occupant) and g.fits(i, k, t, ignore=(k, t)):
                best = (change, k, t, True)
        if best is not None:
            _change, k, t, replaces = best
            if replaces:
                g.remove(k, t)
            g.add(i, k, t)


def _protected(inst: PostingInstance, i: int) -> bool:
    return bool(inst.required[i] or inst.required_channels[i].any())


def _repair_min_shares(inst: PostingInstance, g: _Greedy) -> None:
    """A week below a category's minimum share: make the swap (another category's post → that category's
    best item that fits there) that loses least value; when no swap fits, drop the cheapest other post."""
    spd7 = 7 * inst.slots_per_day
    for r, rule in enumerate(inst.shares):
        share = rule.min_share
        if share is None:
            continue
        mine = np.flatnonzero(inst.category == rule.category)
        for w in range(inst.n_weeks):
            while g.share_total[(r, w)] > 0 and (
                g.share_got[(r, w)] * share.denominator < share.numerator * g.share_total[(r, w)]
            ):
                others = [
                    (k, t, i)
                    for (k, t), i in g.posts.items()
                    if t // spd7 == w
                    and rule.on[k]
                    and int(inst.category[i]) != rule.category
                    and not _protected(inst, i)
                ]
                if not others:
                    break
                best: tuple[float, int, int, int] | None = None
                for k, t, i in others:
                    worth_here = inst.value[mine, k] * inst.slot_value[k, t]
                    for j in mine[np.argsort(-worth_here, kind="stable")].tolist():
                        loss = _worth(inst, i, k, t) - _worth(inst, j, k, t)
                        if best is not None and loss >= best[0]:
                            break
                        if _worth(inst, j, k, t) > 0 and g.fits(j, k, t, ignore=(k, t)):
                            best = (loss, k, t, j)
                            break
                if best is None:
                    _v, k, t = min((_worth(inst, i, k, t), k, t) for k, t, i in others)
                    g.remove(k, t)
                else:
                    _loss, k, t, j = best
                    g.remove(k, t)
                    g.add(j, k, t)


def greedy_value(problem: Problem) -> tuple[tuple[PostChoice, ...], float]:
    """The greedy schedule and its exact value."""
    posts = greedy_by_value(problem)
    return posts, posting_value(problem, posts)
