"""Seeded instance families with each rule family switched on or off (issue 8's benchmark generator).

Spend families (on ``instances.py``'s Hill channels):
- ``spend-base``: 100 channels, one period, a third with "0 or at least the minimum" daily spend;
- ``spend-min-total``: the same plus a channel minimum total on 20 % of the channels;
- ``spend-min-total-500``: 500 channels with 20 % channel minimums (issue target: ≥ 99.9 % in ≤ 2 s);
- ``spend-day-lo``: 20 channels × 90 days (caps, seasonality, change limits) with a lower bound on one
  channel-day for half the channels (issue target: ≥ 99.9 % in ≤ 5 s);
- ``spend-multi-min``: 20 × 30 days with a minimum total over the month on 30 % of the channels;
- ``spend-share-lo``: 20 × 30 days where a group of 5 channels must take at least 30 % of the budget.

Posting families (24 hourly slots a day, 8 channels, 28 days):
- ``post-project``: ``posting_instances.posting_problem`` (the project's own family);
- ``post-windows``: every item has a 3–14 day window, 3 uses, ~60 % of the channels, no category mix;
- ``post-rules``: ``rules_heavy_problem`` (rotation, quota, post counts, required channels);
- ``post-required``: ``post-windows`` plus required items and a minimum of 3 posts a week per channel;
- ``post-windows-1000``: ``post-windows`` with 1000 items (issue target: ≥ 97 % in ≤ 60 s).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
from instances import _ads, random_channels, spend_multi_day
from mixplan.solver import ChannelData, ItemData, ObjectiveData, PostCount, Problem, SpendBound
from posting_instances import posting_problem, rules_heavy_problem

Family = Callable[[int], Problem]


def spend_minimums(count: int, seed: int, with_minimums: bool = True) -> Problem:
    """``count`` channels in one period; 20 % get a channel minimum total of a third of their range."""
    rng = np.random.default_rng(seed)
    channels = random_channels(count, rng)
    budget = int(0.6 * sum(c.half for c in channels))
    out = []
    for channel in channels:
        ads = _ads(channel, (1.0,))
        if with_minimums and rng.random() < 0.2:
            ads = dataclasses.replace(ads, min_total=int(ads.grid[len(ads.grid) // 3]))
        out.append(ChannelData(name=channel.name, ads=ads))
    return Problem(
        days=1,
        slots_per_day=1,
        slot_minutes=1440,
        budget=budget,
        channels=tuple(out),
        objective=ObjectiveData(kind="max_revenue"),
    )


def spend_day_lower_bounds(count: int, days: int, seed: int) -> Problem:
    """``spend_multi_day`` plus, for half the channels, a lower bound on one channel-day (a quarter of its range)."""
    problem, _ = spend_multi_day(count, days, seed)
    rng = np.random.default_rng(seed + 1000)
    bounds = []
    for k, channel in enumerate(problem.channels):
        ads = channel.ads
        assert ads is not None
        if rng.random() < 0.5:
            day = int(rng.integers(0, days))
            level = int(ads.grid[len(ads.grid) // 4])
            bounds.append(SpendBound(name=f"launch-{k}", channels=(k,), first_day=day, last_day=day, lo=level, hi=None))
    return dataclasses.replace(problem, spend_bounds=tuple(bounds))


def spend_multi_day_minimums(count: int, days: int, seed: int) -> Problem:
    """``spend_multi_day`` with a month minimum (half the days at a third of the range) on 30 % of the channels."""
    problem, _ = spend_multi_day(count, days, seed)
    rng = np.random.default_rng(seed + 2000)
    channels = []
    for channel in problem.channels:
        ads = channel.ads
        assert ads is not None
        if rng.random() < 0.3:
            ads = dataclasses.replace(ads, min_total=int(ads.grid[len(ads.grid) // 3]) * days // 2)
        channels.append(dataclasses.replace(channel, ads=ads))
    return dataclasses.replace(problem, channels=tuple(channels))


def spend_share_lower_bound(count: int, days: int, seed: int) -> Problem:
    """``spend_multi_day`` where channels 0-4 together must take at least 30 % of the budget."""
    problem, _ = spend_multi_day(count, days, seed)
    bound = SpendBound(
        name="brand-share",
        channels=(0, 1, 2, 3, 4),
        first_day=0,
        last_day=days - 1,
        lo=int(0.3 * problem.budget),
        hi=None,
    )
    return dataclasses.replace(problem, spend_bounds=(bound,))


def posting_windows(n_items: int, seed: int, required: bool = False) -> Problem:
    """Issue 8's posting family: 3–14 day windows, 3 uses, ~60 % of channels, two activity peaks a day."""
    base = posting_problem(n_items, 8, 28, seed, category_mix=False)
    rng = np.random.default_rng(seed + 20_000)
    spd, n_slots = base.slots_per_day, base.slots
    items = []
    for i, item in enumerate(base.items):
        start = int(rng.integers(0, 26))
        length = int(rng.integers(3, 15))
        values = np.asarray(item.value)
        mask = rng.random(len(values)) < 0.6
        if not mask.any():
            mask[int(rng.integers(len(values)))] = True
        values = np.where(mask, np.where(values > 0, values, float(np.max(values)) or 1000.0), 0.0)
        items.append(
            dataclasses.replace(
                item,
                value=tuple(float(round(v, 2)) for v in values),
                first_slot=start * spd,
                last_slot=min(n_slots, (start + length) * spd) - 1,
                max_uses=3,
                required=required and i % 40 == 0,
            )
        )
    counts: tuple[PostCount, ...] = ()
    if required:
        counts = tuple(
            PostCount(f"presence-{k}", (k,), None, 0, n_slots - 1, 7 * spd, 3, None) for k in range(len(base.channels))
        )
    return dataclasses.replace(base, items=tuple(items), post_counts=counts)


SPEND_FAMILIES: dict[str, tuple[Family, float]] = {
    "spend-base": (lambda seed: spend_minimums(100, seed, with_minimums=False), 2.0),
    "spend-min-total": (lambda seed: spend_minimums(100, seed), 2.0),
    "spend-min-total-500": (lambda seed: spend_minimums(500, seed), 2.0),
    "spend-day-lo": (lambda seed: spend_day_lower_bounds(20, 90, seed), 5.0),
    "spend-multi-min": (lambda seed: spend_multi_day_minimums(20, 30, seed), 5.0),
    "spend-share-lo": (lambda seed: spend_share_lower_bound(20, 30, seed), 5.0),
}
"""Name → (generator, time limit in seconds)."""

POSTING_FAMILIES: dict[str, tuple[Family, float]] = {
    "post-project": (lambda seed: posting_problem(200, 8, 28, seed), 10.0),
    "post-windows": (lambda seed: posting_windows(200, seed), 10.0),
    "post-rules": (lambda seed: rules_heavy_problem(200, 8, 28, seed), 10.0),
    "post-required": (lambda seed: posting_windows(200, seed, required=True), 10.0),
    "post-windows-1000": (lambda seed: posting_windows(1000, seed), 60.0),
}

__all__ = ["POSTING_FAMILIES", "SPEND_FAMILIES", "ItemData"]
