"""Build the spend model of a Problem: ads channel-days, boosts on posts, and the side rows."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from mixplan.solver.problem import Problem
from mixplan.solver.solution import PostChoice
from mixplan.solver.spend.curves import change_windows
from mixplan.solver.spend.model import ADS, BOOST, Link, Row, SpendModel


@dataclass(frozen=True)
class BoostSlot:
    """A place a boost can go: a scheduled post, or (for a bound) one of the posts a channel-day may hold."""

    channel: int
    day: int
    weight: float
    post: int = -1


def boost_slots_of_posts(problem: Problem, posts: Sequence[PostChoice]) -> list[BoostSlot]:
    """One boost slot per scheduled post whose channel offers boosts and whose item has a boost weight."""
    slots: list[BoostSlot] = []
    for index, post in enumerate(posts):
        posting = problem.channels[post.channel].posting
        weight = problem.items[post.item].boost_weight
        if posting is None or posting.boost is None or weight <= 0 or len(posting.boost.levels) < 2:
            continue
        slots.append(BoostSlot(post.channel, post.slot // problem.slots_per_day, weight, index))
    return slots


def _most_posts_in_day(values: Sequence[float], min_gap: int, max_per_day: int | None) -> int:
    """Most posts a channel can make in one day: open slots taken greedily min_gap apart, capped by max_per_day."""
    count, last = 0, None
    for s, value in enumerate(values):
        if value > 0 and (last is None or s - last >= max(min_gap, 1)):
            count, last = count + 1, s
    return count if max_per_day is None else min(count, max_per_day)


def boost_slots_relaxed(problem: Problem) -> list[BoostSlot]:
    """Boost slots of a relaxation valid for every posting schedule (for bounds).

    For each boost channel-day: as many slots as the day can hold posts, weighted by the largest
    boost weights of the items that may go there that day (an item counted as often as it can
    repeat within a day). Any feasible schedule's boosts fit into these slots, so the spend+boost
    optimum over them is an upper bound.
    """
    spd = problem.slots_per_day
    slots: list[BoostSlot] = []
    for k, channel in enumerate(problem.channels):
        posting = channel.posting
        if posting is None or posting.boost is None or len(posting.boost.levels) < 2:
            continue
        for d in range(problem.days):
            row = posting.slot_value[d]
            capacity = _most_posts_in_day(row, posting.min_gap_slots, posting.max_per_day)
            if capacity == 0:
                continue
            first, last = d * spd, d * spd + spd - 1
            weights: list[float] = []
            for item in problem.items:
                if item.boost_weight <= 0 or item.value[k] <= 0:
                    continue
                lo, hi = max(first, item.first_slot), min(last, item.last_slot)
                if lo > hi or not any(row[t - first] > 0 for t in range(lo, hi + 1)):
                    continue
                repeats = item.per_channel_uses
                if item.cooldown_slots > 0:
                    repeats = min(repeats, 1 + (hi - lo) // item.cooldown_slots)
                weights += [item.boost_weight] * max(0, min(repeats, capacity))
            weights.sort(reverse=True)
            slots += [BoostSlot(k, d, w) for w in weights[:capacity]]
    return slots


def build_spend_model(
    problem: Problem,
    boosts: Sequence[BoostSlot] = (),
    *,
    with_samples: bool = False,
) -> SpendModel:
    """The spend model of `problem`: one group per ads channel-day and per boost slot, with every spend rule.

    Rows: the budget (ads and boosts), daily caps (ads and boosts of the day), channel minimum and
    maximum totals, ``spend_bounds`` (ads only) and ``boost_max_total``. Rows that can never bind
    are left out. Links carry the day-over-day change limits.
    """
    curves: list[tuple[np.ndarray, np.ndarray]] = []
    curve_of_channel: dict[int, int] = {}
    boost_curve: dict[int, int] = {}
    meta: list[tuple[int, int, int, int, int, float]] = []  # kind, channel, day, post, curve, scale
    for c, channel in enumerate(problem.channels):
        ads = channel.ads
        if ads is None:
            continue
        curve_of_channel[c] = len(curves)
        curves.append((np.asarray(ads.grid, dtype=np.int64), np.asarray(ads.revenue, dtype=np.float64)))
        meta += [(ADS, c, d, -1, curve_of_channel[c], float(ads.day_factor[d])) for d in range(problem.days)]
    for slot in boosts:
        posting = problem.channels[slot.channel].posting
        assert posting is not None and posting.boost is not None
        if slot.channel not in boost_curve:
            boost_curve[slot.channel] = len(curves)
            curves.append(
                (
                    np.asarray(posting.boost.levels, dtype=np.int64),
                    np.asarray(posting.boost.revenue, dtype=np.float64),
                )
            )
        weight = slot.weight * float(posting.boost.day_factor[slot.day])
        meta.append((BOOST, slot.channel, slot.day, slot.post, boost_curve[slot.channel], weight))

    groups = len(meta)
    width = max((len(grid) for grid, _ in curves), default=1)
    spend = np.zeros((groups, width), dtype=np.int64)
    revenue = np.zeros((groups, width), dtype=np.float64)
    valid = np.zeros((groups, width), dtype=bool)
    kind, chan, day, post, curve = (np.array([m[i] for m in meta], dtype=np.int64) for i in range(5))
    scale = np.array([m[5] for m in meta], dtype=np.float64)
    for curve_id, (grid, rev) in enumerate(curves):
        rows = np.flatnonzero(curve == curve_id)
        n = len(grid)
        spend[rows, :n] = grid
        spend[rows, n:] = grid[-1]
        revenue[rows, :n] = scale[rows, None] * rev[None, :]
        valid[rows, :n] = True

    samples = _sample_table(problem, kind, chan, day, scale, revenue, width) if with_samples else None
    model = SpendModel(
        spend=spend,
        revenue=revenue,
        valid=valid,
        kind=kind,
        channel=chan,
        day=day,
        post=post,
        curve=curve,
        scale=scale,
        curves=curves,
        samples=samples,
    )
    _limit_first_day(problem, model)
    model.rows = spend_rows(problem, model)
    model.links = change_links(problem, model)
    return model


def _limit_first_day(problem: Problem, model: SpendModel) -> None:
    """The first positive day of a channel with a change limit follows the spend before the window."""
    for c, channel in enumerate(problem.channels):
        ads = channel.ads
        if ads is None or ads.max_change is None or ads.previous_spend <= 0:
            continue
        groups = np.flatnonzero((model.kind == ADS) & (model.channel == c) & (model.day == 0))
        levels = np.asarray(ads.grid, dtype=np.float64)
        p = float(ads.previous_spend)
        allowed = (p * (1.0 - ads.max_change) <= levels) & (levels <= p * (1.0 + ads.max_change))
        allowed[0] = True
        for g in groups.tolist():
            model.entry[g] = allowed  # for the first positive day, wherever it falls
            model.valid[g, : len(levels)] &= allowed  # day 0 itself, if positive, is that day


def _sample_table(
    problem: Problem,
    kind: np.ndarray,
    chan: np.ndarray,
    day: np.ndarray,
    scale: np.ndarray,
    revenue: np.ndarray,
    width: int,
) -> np.ndarray:
    """Revenue of every option in every sample; channels without samples (and boosts) repeat the mean."""
    count = max((len(c.ads.samples) for c in problem.channels if c.ads is not None), default=0)
    table = np.repeat(revenue[None, :, :], max(count, 1), axis=0)
    for c, channel in enumerate(problem.channels):
        ads = channel.ads
        if ads is None or not ads.samples:
            continue
        rows = np.flatnonzero((kind == ADS) & (chan == c))
        n = len(ads.grid)
        values = np.asarray(ads.samples, dtype=np.float64)  # samples x grid
        table[:, rows, :n] = values[:, None, :] * scale[None, rows, None]
    del day, width
    return table


def _max_spend(model: SpendModel, members: np.ndarray) -> int:
    return int(np.where(model.valid[members], model.spend[members], 0).max(axis=1).sum()) if len(members) else 0


def spend_rows(problem: Problem, model: SpendModel) -> list[Row]:
    """Every spend rule of the problem as a row over the model's groups (rows that cannot bind left out)."""
    rows: list[Row] = []
    is_ads = model.kind == ADS

    def add(row: Row) -> None:
        if len(row.members) == 0:
            if (row.sense == ">=" and row.rhs > 0) or (row.sense == "<=" and row.rhs < 0):
                rows.append(row)  # a rule nothing can satisfy: keep it so that it is explained
            return
        if row.sense == "<=" and _max_spend(model, row.members) <= row.rhs:
            return
        if row.sense == ">=" and row.rhs <= 0:
            return
        rows.append(row)

    add(Row("budget", "<=", float(problem.budget), np.arange(model.groups)))
    for d, cap in enumerate(problem.daily_cap):
        if cap is not None:
            add(Row("daily_cap", "<=", float(cap), np.flatnonzero(model.day == d), subject=(("day", d),)))
    for c, channel in enumerate(problem.channels):
        ads = channel.ads
        if ads is None:
            continue
        members = np.flatnonzero(is_ads & (model.channel == c))
        if ads.min_total > 0:
            add(Row("min_total", ">=", float(ads.min_total), members, subject=(("channel", c),)))
        if ads.max_total is not None:
            add(Row("max_total", "<=", float(ads.max_total), members, subject=(("channel", c),)))
    for index, bound in enumerate(problem.spend_bounds):
        chosen = (
            np.ones(model.groups, dtype=bool)
            if bound.channels is None
            else np.isin(model.channel, np.asarray(bound.channels, dtype=np.int64))
        )
        members = np.flatnonzero(is_ads & chosen & (model.day >= bound.first_day) & (model.day <= bound.last_day))
        subject = (("rule", index),)
        if bound.lo > 0:
            add(Row("spend_bound_lo", ">=", float(bound.lo), members, subject=subject))
        if bound.hi is not None:
            add(Row("spend_bound_hi", "<=", float(bound.hi), members, subject=subject))
    if problem.boost_max_total is not None:
        add(Row("boost_max_total", "<=", float(problem.boost_max_total), np.flatnonzero(model.kind == BOOST)))
    return rows


def change_links(problem: Problem, model: SpendModel) -> list[Link]:
    """Links between consecutive days of every ads channel with a ``max_change`` (see :class:`Link`)."""
    links: list[Link] = []
    for c, channel in enumerate(problem.channels):
        ads = channel.ads
        if ads is None or ads.max_change is None:
            continue
        lo, hi = change_windows(np.asarray(ads.grid, dtype=np.int64), ads.max_change)
        groups = np.flatnonzero((model.kind == ADS) & (model.channel == c))
        order = groups[np.argsort(model.day[groups])]
        links += [Link(int(a), int(b), lo, hi) for a, b in itertools.pairwise(order)]
    return links
