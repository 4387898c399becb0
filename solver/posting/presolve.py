"""Infeasibility found by explicit arithmetic, explained in the user's terms.

Each check returns messages that name the items, channels and categories and show the numbers,
e.g. "item 'bf-teaser' is required but its window (day 3 00:00 – day 3 05:00) lies entirely in
tiktok's blackout hours". Only certain conflicts are reported (every check is a proof); what
arithmetic cannot see is left to the exact model's assumptions (:mod:`explain`).
"""

from __future__ import annotations

import math

import numpy as np
from mixplan.solver.posting.channel_dp import ChannelDP
from mixplan.solver.posting.instance import NO_CATEGORY, PostingInstance


def _hours(inst: PostingInstance, slots: int) -> str:
    minutes = slots * inst.problem.slot_minutes
    return f"{minutes / 60:g} h"


def _window(inst: PostingInstance, i: int) -> str:
    end = inst.slot_label(int(inst.last[i]) + 1) if inst.last[i] + 1 < inst.n_slots else "the end of the plan"
    return f"{inst.slot_label(int(inst.first[i]))} – {end}"


def channel_capacity(inst: PostingInstance, k: int, first: int = 0, last: int | None = None) -> int:
    """The most posts channel k can publish in slots first..last (exact under gap, day and week caps)."""
    last = inst.n_slots - 1 if last is None else last
    rules = inst.rules[k]
    f = np.full((inst.n_slots, 1), -np.inf)
    open_slots = np.flatnonzero(inst.slot_value[k] > 0)
    open_slots = open_slots[(open_slots >= first) & (open_slots <= last)]
    f[open_slots, 0] = 1.0
    dp = ChannelDP(inst.days, inst.slots_per_day, rules.gap, rules.day_cap, rules.week_cap, 0)
    return round(dp.solve(f.reshape(inst.days, inst.slots_per_day, 1)).value)


def _why_nowhere(inst: PostingInstance, i: int, channels: list[int]) -> str:
    """Why item i has no allowed slot on any of ``channels``."""
    if inst.first[i] > inst.last[i]:
        return "its availability window lies outside the plan"
    reasons = []
    slots = np.arange(inst.first[i], inst.last[i] + 1)
    cat = int(inst.category[i])
    day_cats = inst.day_category[inst.slot_day[slots]]
    rotation_ok = (day_cats == NO_CATEGORY) | (day_cats == cat)
    for k in channels:
        name = inst.channel_name(k)
        if inst.problem.channels[k].posting is None:
            reasons.append(f"{name} takes no organic posts")
        elif inst.value[i, k] <= 0:
            reasons.append(f"it is not allowed on {name} (value 0)")
        elif not (inst.slot_value[k, slots] > 0).any():
            reasons.append(f"its window ({_window(inst, i)}) lies entirely in {name}'s blackout hours")
        elif not ((inst.slot_value[k, slots] > 0) & rotation_ok).any():
            days = sorted(set(inst.slot_day[slots].tolist()))
            reserved = inst.problem.day_span(days[0], days[-1])
            reasons.append(
                f"the day rotation reserves {reserved} of its window for other "
                f"categories than '{inst.category_name(cat)}' (on {name})"
            )
    return "; ".join(reasons)


def item_conflicts(inst: PostingInstance) -> list[str]:
    """Required items and required channels that cannot be served at all."""
    out: list[str] = []
    allowed_any = np.zeros((inst.n_items, inst.n_channels), dtype=bool)
    for k in inst.posting_channels:
        allowed_any[:, k] = inst.allowed_mask(k).any(axis=1)
    for i in range(inst.n_items):
        name = inst.item_name(i)
        req_ch = [int(k) for k in np.flatnonzero(inst.required_channels[i])]
        needed = max(1 if inst.required[i] else 0, len(req_ch))
        if needed == 0:
            continue
        if inst.max_uses[i] < needed:
            what = (
                f"on {len(req_ch)} channels ({', '.join(inst.channel_name(k) for k in req_ch)})" if req_ch else "once"
            )
            out.append(f"item '{name}' must be posted {what} but its max_uses is {inst.max_uses[i]}")
            continue
        if inst.required[i] and not allowed_any[i].any():
            channels = list(range(inst.n_channels))
            out.append(f"item '{name}' is required but can go nowhere: {_why_nowhere(inst, i, channels)}")
            continue
        for k in req_ch:
            if not allowed_any[i, k]:
                out.append(f"item '{name}' must go on {inst.channel_name(k)} but cannot: {_why_nowhere(inst, i, [k])}")
        if needed > 1 and inst.uses_cap[i] < needed:
            span = int(inst.last[i] - inst.first[i] + 1)
            out.append(
                f"item '{name}' must be used {needed} times but its window of {_hours(inst, span)} fits "
                f"only {inst.uses_cap[i]} use(s) with {inst.per_channel[i]} per channel, a cool-down of "
                f"{_hours(inst, int(inst.cooldown[i]))} and a cross-post gap of {_hours(inst, int(inst.cross_gap[i]))}"
            )
    return out


def capacity_conflicts(inst: PostingInstance) -> list[str]:
    """More required posts than the channels can publish."""
    out: list[str] = []
    caps = {k: channel_capacity(inst, k) for k in inst.posting_channels}
    total = sum(caps.values())
    needed = int(
        sum(max(1 if inst.required[i] else 0, int(inst.required_channels[i].sum())) for i in range(inst.n_items))
    )
    n_required = int(inst.required.sum())
    if needed > total:
        what = f"{n_required} required items" if needed == n_required else f"{needed} required posts"
        out.append(
            f"{what} but the channels allow only {total} posts in total "
            f"({', '.join(f'{inst.channel_name(k)} {c}' for k, c in caps.items())})"
        )
    for k in inst.posting_channels:
        n = int(inst.required_channels[:, k].sum())
        if n > caps[k]:
            out.append(f"{n} items must go on {inst.channel_name(k)} but it allows only {caps[k]} posts in the plan")
    return out


def week_label(inst: PostingInstance, week: int) -> str:
    """'the week Mon 2026-11-30 – Sun 2026-12-06' (weeks start on the plan's first day; the days are
    clipped to the horizon); 'week 1 (days 7–13)', counted from 0 as in the Problem, without day labels."""
    first, last = 7 * week, min(7 * week + 6, inst.days - 1)
    if inst.problem.day_labels:
        return f"the week {inst.problem.day_span(first, last)}"
    return f"week {week} (days {first}–{last})"


def _forced_by_week(inst: PostingInstance) -> dict[int, list[int]]:
    """Required items whose every allowed slot lies in one week: that week has a post of them."""
    out: dict[int, list[int]] = {}
    prefix = _allowed_prefix(inst)
    for i in np.flatnonzero(inst.required).tolist():
        slots = np.flatnonzero(np.diff(prefix[i]) > 0)
        weeks = set(inst.slot_week[slots].tolist())
        if len(weeks) == 1:
            out.setdefault(weeks.pop(), []).append(i)
    return out


def _supply(
    inst: PostingInstance, items: np.ndarray, first: int, last: int, allowed_prefix: np.ndarray | None = None
) -> int:
    """How many posts ``items`` can make in slots first..last (uses, window, cool-down and cross-post gap)."""
    if allowed_prefix is None:
        allowed_prefix = _allowed_prefix(inst)
    lo = np.maximum(first, inst.first[items])
    hi = np.minimum(last, inst.last[items])
    ok = lo <= hi
    items, lo, hi = items[ok], lo[ok], hi[ok]
    ok = allowed_prefix[items, hi + 1] - allowed_prefix[items, lo] > 0
    items, lo, hi = items[ok], lo[ok], hi[ok]
    gap = inst.item_gap[items]
    fit = np.where(gap > 0, (hi - lo) // np.maximum(gap, 1) + 1, inst.uses_cap[items])
    return int(np.minimum(inst.uses_cap[items], fit).sum())


def _allowed_prefix(inst: PostingInstance) -> np.ndarray:
    """``(items, slots + 1)`` prefix sums of "the item may go on some channel in that slot"."""
    allowed = np.zeros((inst.n_items, inst.n_slots), dtype=bool)
    for k in inst.posting_channels:
        allowed |= inst.allowed_mask(k)
    return np.concatenate([np.zeros((inst.n_items, 1), dtype=np.int64), np.cumsum(allowed, axis=1)], axis=1)


def window_capacity(inst: PostingInstance, k: int, first: int, last: int) -> int:
    """An upper bound on the posts channel k can publish in slots first..last (open slots, gap, caps)."""
    rules = inst.rules[k]
    open_slots = int(np.count_nonzero(inst.slot_value[k, first : last + 1] > 0))
    days = last // inst.slots_per_day - first // inst.slots_per_day + 1
    cap = min(open_slots, -(-(last - first + 1) // rules.gap), days * rules.day_cap)
    if rules.week_cap is not None:
        weeks = last // (7 * inst.slots_per_day) - first // (7 * inst.slots_per_day) + 1
        cap = min(cap, weeks * rules.week_cap)
    return cap


def share_conflicts(inst: PostingInstance) -> list[str]:
    """Category-mix rules that the forced posts make impossible."""
    out: list[str] = []
    # a per-channel mix counts only its channels' posts: the arithmetic below is for brand-wide mixes
    shares = [rule for rule in inst.shares if not rule.scoped]
    if not shares:
        return out
    forced_any = bool(inst.required.any() or any(r.lo > 0 for r in inst.count_rules))
    mins = [r for r in shares if r.min_share is not None and r.min_share > 0]
    total_min = sum((r.min_share for r in mins if r.min_share is not None), start=0)
    if forced_any and total_min > 1:
        parts = ", ".join(f"'{inst.category_name(r.category)}' {float(r.min_share or 0):.0%}" for r in mins)
        out.append(
            f"the minimum category shares add up to {float(total_min):.0%} ({parts}), "
            "more than all posts of a week, and some posts are required"
        )
        return out
    for week, forced in sorted(_forced_by_week(inst).items()):
        first, last = inst.week_slots(week)
        cats = inst.category[forced]
        allowed_prefix = _allowed_prefix(inst)
        for rule in shares:
            c = rule.category
            cname = inst.category_name(c)
            mine = inst.category == c
            if rule.min_share is not None and rule.min_share > 0:
                others = int(np.count_nonzero(cats != c))
                s = rule.min_share
                if others and s >= 1:
                    out.append(
                        f"the category mix needs only '{cname}' posts in {week_label(inst, week)} but {others} "
                        "required items of other categories must be posted that week"
                    )
                elif others:
                    need = math.ceil(s * others / (1 - s))
                    have = _supply(inst, np.flatnonzero(mine), first, last, allowed_prefix)
                    if have < need:
                        out.append(
                            f"the category mix needs at least {float(s):.0%} '{cname}' posts in "
                            f"{week_label(inst, week)} ({need} next to the {others} required posts of other "
                            f"categories) but only {have} '{cname}' posts are possible that week (items' "
                            "max_uses, windows and cool-downs)"
                        )
            if rule.max_share is not None and rule.max_share < 1:
                mine_forced = int(np.count_nonzero(cats == c))
                s = rule.max_share
                if mine_forced and s <= 0:
                    out.append(
                        f"'{cname}' may have no posts (maximum share 0 %) but {mine_forced} required "
                        f"'{cname}' items must be posted in {week_label(inst, week)}"
                    )
                elif mine_forced:
                    need = math.ceil(mine_forced / s) - mine_forced
                    have = _supply(inst, np.flatnonzero(~mine), first, last, allowed_prefix)
                    if have < need:
                        out.append(
                            f"the category mix allows at most {float(s):.0%} '{cname}' posts in "
                            f"{week_label(inst, week)}, so the {mine_forced} required '{cname}' posts need "
                            f"{need} others, but only {have} posts of other categories are possible that week"
                        )
    return out


def count_conflicts(inst: PostingInstance) -> list[str]:
    """Post-count minimums that the channels or the items cannot reach."""
    out: list[str] = []
    allowed_prefix = _allowed_prefix(inst) if any(r.lo > 0 for r in inst.count_rules) else None
    for r, rule in enumerate(inst.count_rules):
        if rule.lo <= 0:
            continue
        chans = [k for k in inst.posting_channels if rule.channels is None or k in rule.channels]
        items = np.flatnonzero(inst.count_items[r])
        for w in (w for w in inst.count_windows if w.rule == r):
            slots_cap = sum(window_capacity(inst, k, w.first, w.last) for k in chans)
            if slots_cap < rule.lo:  # the bound may be loose: confirm with the exact count
                slots_cap = sum(channel_capacity(inst, k, w.first, w.last) for k in chans)
            supply = _supply(inst, items, w.first, w.last, allowed_prefix)
            end = inst.slot_label(w.last + 1) if w.last + 1 < inst.n_slots else "the end of the plan"
            span = f"{inst.slot_label(w.first)} – {end}"
            if slots_cap < rule.lo:
                names = ", ".join(inst.channel_name(k) for k in chans) or "no channel"
                out.append(
                    f"rule '{rule.name}' needs at least {rule.lo} posts in {span} but {names} can publish "
                    f"only {slots_cap} there"
                )
                break
            if supply < rule.lo:
                out.append(
                    f"rule '{rule.name}' needs at least {rule.lo} posts in {span} but the matching items "
                    f"allow only {supply} (max_uses, windows, cool-downs)"
                )
                break
            if rule.hi is not None and rule.hi < rule.lo:
                out.append(f"rule '{rule.name}' asks for at least {rule.lo} and at most {rule.hi} posts")
                break
    return out


def presolve_conflicts(inst: PostingInstance) -> list[str]:
    """Every conflict the arithmetic checks prove, as user-facing messages (empty: none found)."""
    out = item_conflicts(inst)
    if out:
        return out
    out = capacity_conflicts(inst)
    out += share_conflicts(inst)
    out += count_conflicts(inst)
    return out
