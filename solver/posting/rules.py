"""Check a posting schedule against every rule; used to guard the optimizer's output and by benchmarks."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.solution import PostChoice


def schedule_violations(inst: PostingInstance, posts: Sequence[PostChoice]) -> list[str]:
    """Every broken rule of ``posts``, one message each (empty when the schedule is valid)."""
    out: list[str] = []
    problem = inst.problem
    by_channel: dict[int, list[int]] = defaultdict(list)
    by_item: dict[int, list[int]] = defaultdict(list)
    by_use: dict[int, list[tuple[int, int]]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for p in posts:
        if not (0 <= p.item < inst.n_items and 0 <= p.channel < inst.n_channels and 0 <= p.slot < inst.n_slots):
            out.append(f"post {p} is out of range")
            continue
        if problem.channels[p.channel].posting is None:
            out.append(f"channel {inst.channel_name(p.channel)} takes no posts")
            continue
        if (p.channel, p.slot) in seen:
            out.append(f"{inst.channel_name(p.channel)} has two posts at {inst.slot_label(p.slot)}")
        seen.add((p.channel, p.slot))
        if inst.slot_value[p.channel, p.slot] <= 0:
            out.append(f"{inst.channel_name(p.channel)} posts in a blackout slot {inst.slot_label(p.slot)}")
        if inst.value[p.item, p.channel] <= 0:
            out.append(f"item {inst.item_name(p.item)} is not allowed on {inst.channel_name(p.channel)}")
        if not inst.first[p.item] <= p.slot <= inst.last[p.item]:
            out.append(f"item {inst.item_name(p.item)} posted outside its window at {inst.slot_label(p.slot)}")
        day_cat = inst.day_category[p.slot // inst.slots_per_day]
        if day_cat >= 0 and day_cat != inst.category[p.item]:
            out.append(f"item {inst.item_name(p.item)} posted on a day reserved for {inst.category_name(day_cat)}")
        by_channel[p.channel].append(p.slot)
        by_item[p.item].append(p.slot)
        by_use[p.item].append((p.slot, p.channel))
    out.extend(_channel_violations(inst, by_channel))
    out.extend(_item_violations(inst, posts, by_item))
    out.extend(_spacing_violations(inst, by_use))
    out.extend(_share_violations(inst, posts))
    out.extend(_count_violations(inst, posts))
    return out


def _channel_violations(inst: PostingInstance, by_channel: dict[int, list[int]]) -> list[str]:
    out: list[str] = []
    for k, slots in by_channel.items():
        posting = inst.problem.channels[k].posting
        assert posting is not None
        name = inst.channel_name(k)
        ordered = np.sort(np.asarray(slots, dtype=np.int64))
        if len(ordered) > 1 and np.any(np.diff(ordered) < posting.min_gap_slots):
            out.append(f"{name}: two posts closer than {posting.min_gap_slots} slots")
        days = Counter(int(t) // inst.slots_per_day for t in ordered)
        if posting.max_per_day is not None:
            out.extend(
                f"{name}: {n} posts on {inst.problem.day_name(d)} > {posting.max_per_day}"
                for d, n in days.items()
                if n > posting.max_per_day
            )
        if posting.max_per_week is not None:
            weeks = Counter(d // 7 for d in days.elements())
            out.extend(
                f"{name}: {n} posts in week {w} > {posting.max_per_week}"
                for w, n in weeks.items()
                if n > posting.max_per_week
            )
        if posting.quota is not None:
            window = max(1, posting.quota_window_slots)
            counts = np.searchsorted(ordered, ordered + window, side="left") - np.arange(len(ordered))
            if len(counts) and counts.max() > posting.quota:
                out.append(f"{name}: {int(counts.max())} posts within {window} slots > quota {posting.quota}")
    return out


def _item_violations(inst: PostingInstance, posts: Sequence[PostChoice], by_item: dict[int, list[int]]) -> list[str]:
    out: list[str] = []
    for i, slots in by_item.items():
        name = inst.item_name(i)
        if len(slots) > inst.max_uses[i]:
            out.append(f"item {name}: {len(slots)} uses > max_uses {inst.max_uses[i]}")
    per_channel = Counter((p.item, p.channel) for p in posts)
    for (i, k), n in sorted(per_channel.items()):
        if n > inst.per_channel[i]:
            out.append(
                f"item {inst.item_name(i)}: {n} uses on {inst.channel_name(k)} > per channel {inst.per_channel[i]}"
            )
    on_channel = {(p.item, p.channel) for p in posts}
    for i in np.flatnonzero(inst.required).tolist():
        if i not in by_item:
            out.append(f"required item {inst.item_name(i)} is not scheduled")
    for i, k in zip(*np.nonzero(inst.required_channels), strict=True):
        if (int(i), int(k)) not in on_channel:
            out.append(f"item {inst.item_name(int(i))} is not scheduled on required {inst.channel_name(int(k))}")
    return out


def _spacing_violations(inst: PostingInstance, by_use: dict[int, list[tuple[int, int]]]) -> list[str]:
    """Reposts closer than the cool-down and cross-posts closer than the cross-post gap."""
    out: list[str] = []
    for i, uses in by_use.items():
        name = inst.item_name(i)
        ordered = sorted(uses)
        reach = int(max(inst.cooldown[i], inst.cross_gap[i]))
        repost = cross = False
        for a, (t, k) in enumerate(ordered):
            for t2, k2 in ordered[a + 1 :]:
                if t2 - t >= reach:
                    break
                if k == k2:
                    repost |= t2 - t < inst.cooldown[i]
                else:
                    cross |= t2 - t < inst.cross_gap[i]
        if repost:
            out.append(f"item {name}: two uses on one channel closer than the cool-down of {inst.cooldown[i]} slots")
        if cross:
            out.append(f"item {name}: two cross-posts closer than the gap of {inst.cross_gap[i]} slots")
    return out


def _share_violations(inst: PostingInstance, posts: Sequence[PostChoice]) -> list[str]:
    out: list[str] = []
    if not inst.shares:
        return out
    for rule in inst.shares:
        mine = [p for p in posts if rule.on[p.channel]]
        total = Counter(p.slot // (7 * inst.slots_per_day) for p in mine)
        per_cat = Counter((p.slot // (7 * inst.slots_per_day), int(inst.category[p.item])) for p in mine)
        cat = inst.category_name(rule.category)
        for week, n in total.items():
            got = per_cat[(week, rule.category)]
            if rule.min_share is not None and got * rule.min_share.denominator < rule.min_share.numerator * n:
                out.append(f"week {week}: {got}/{n} {cat} posts below the minimum share {float(rule.min_share):.0%}")
            if rule.max_share is not None and got * rule.max_share.denominator > rule.max_share.numerator * n:
                out.append(f"week {week}: {got}/{n} {cat} posts above the maximum share {float(rule.max_share):.0%}")
    return out


def _count_violations(inst: PostingInstance, posts: Sequence[PostChoice]) -> list[str]:
    out: list[str] = []
    for r, rule in enumerate(inst.count_rules):
        per_slot = np.zeros(inst.n_slots + 1, dtype=np.int64)
        for p in posts:
            if rule.channels is not None and p.channel not in rule.channels:
                continue
            if not inst.count_items[r][p.item]:
                continue
            per_slot[p.slot + 1] += 1
        prefix = np.cumsum(per_slot)
        for w in (w for w in inst.count_windows if w.rule == r):
            n = int(prefix[w.last + 1] - prefix[w.first])
            if n < rule.lo or (rule.hi is not None and n > rule.hi):
                bound = f"{rule.lo}..{'' if rule.hi is None else rule.hi}"
                out.append(
                    f"rule {rule.name!r}: {n} posts in {inst.slot_label(w.first)}–{inst.slot_label(w.last)}, "
                    f"allowed {bound}"
                )
                break
    return out
