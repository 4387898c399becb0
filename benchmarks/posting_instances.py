"""Seeded generators of posting-calendar Problems for the benchmark (items × channels × days, hourly slots).

The shape follows issue 3's benchmark: hourly slots, at most 3 uses per item, at most 3 posts per
channel-day (some channels fewer), a 3 h minimum gap, a 48 h cool-down, a weekly category mix,
availability windows on a quarter of the items, blackout hours at night, weekly caps on two channels,
a few required items and a same-day decay of (1, 0.75, 0.5).
"""

from __future__ import annotations

import numpy as np
from mixplan.solver.problem import CategoryShare, ChannelData, ItemData, PostCount, PostingData, Problem

CHANNELS = ("instagram", "facebook", "tiktok", "linkedin", "pinterest", "x", "youtube", "threads")
CATEGORIES = ("product", "promo", "educational", "lifestyle")


def _activity(rng: np.random.Generator, days: int) -> np.ndarray:
    """An hourly activity curve (days × 24): lunch and evening peaks, weekday effects, night blackout."""
    hours = np.arange(24)
    lunch = np.exp(-0.5 * ((hours - rng.uniform(11, 13.5)) / rng.uniform(1.2, 2.2)) ** 2)
    evening = np.exp(-0.5 * ((hours - rng.uniform(18, 21)) / rng.uniform(1.5, 2.5)) ** 2)
    base = 0.25 + 0.45 * lunch * rng.uniform(0.6, 1.0) + 0.75 * evening
    weekday = rng.uniform(0.75, 1.15, size=7)
    noise = rng.uniform(0.9, 1.1, size=(days, 24))
    curve = base[None, :] * weekday[np.arange(days) % 7][:, None] * noise
    night = rng.integers(0, 2) + np.arange(24) < 6
    curve[:, night] = 0.0
    return curve


def posting_problem(n_items: int, n_channels: int, days: int, seed: int, category_mix: bool = True) -> Problem:
    """A seeded posting-only Problem with ``n_items`` items, ``n_channels`` channels, ``days`` × 24 slots
    (``category_mix=False``: without the weekly category shares, like the prototype's instances)."""
    rng = np.random.default_rng(seed)
    spd = 24
    channels = []
    day_caps = [3, 3, 3, 2, 3, 3, 1, 3]
    week_caps: list[int | None] = [None, None, None, 8, None, None, 4, None]
    channel_scale = rng.uniform(0.6, 1.4, size=n_channels)
    for k in range(n_channels):
        grid = _activity(rng, days) * channel_scale[k]
        channels.append(
            ChannelData(
                name=CHANNELS[k % len(CHANNELS)] + ("" if k < len(CHANNELS) else f"_{k}"),
                posting=PostingData(
                    slot_value=tuple(tuple(round(float(v), 4) for v in row) for row in grid),
                    max_per_day=day_caps[k % len(day_caps)],
                    max_per_week=week_caps[k % len(week_caps)],
                    min_gap_slots=3,
                    quota=25,
                    quota_window_slots=24,
                    same_day_decay=(1.0, 0.75, 0.5),
                ),
            )
        )
    category = rng.choice(len(CATEGORIES), size=n_items, p=[0.35, 0.2, 0.25, 0.2])
    base_value = rng.lognormal(mean=np.log(1000.0), sigma=0.6, size=n_items)
    affinity = rng.uniform(0.3, 1.5, size=(n_items, n_channels))
    affinity[rng.random((n_items, n_channels)) < 0.15] = 0.0
    n_slots = days * spd
    items = []
    for i in range(n_items):
        values = np.round(base_value[i] * affinity[i], 2)
        if not np.any(values > 0):
            values[rng.integers(n_channels)] = round(float(base_value[i]), 2)
        first, last = 0, n_slots - 1
        if rng.random() < 0.25:
            start_day = int(rng.integers(0, max(1, days - 2)))
            length = int(rng.integers(3, 15))
            first, last = start_day * spd, min(n_slots, (start_day + length) * spd) - 1
        required = bool(rng.random() < 0.03)
        items.append(
            ItemData(
                name=f"item-{i:04d}",
                category=int(category[i]),
                value=tuple(float(v) for v in values),
                first_slot=first,
                last_slot=last,
                max_uses=int(rng.choice(3, p=[0.15, 0.25, 0.6])) + 1,
                cooldown_slots=48,
                required=required,
            )
        )
    shares = (
        CategoryShare(category=0, min_share=0.3, max_share=None),
        CategoryShare(category=1, min_share=None, max_share=0.25),
        CategoryShare(category=2, min_share=0.1, max_share=None),
    )
    return Problem(
        days=days,
        slots_per_day=spd,
        slot_minutes=60,
        budget=0,
        channels=tuple(channels),
        items=tuple(items),
        categories=CATEGORIES,
        category_shares=shares if category_mix else (),
    )


SIZES = ((50, 8, 7), (50, 8, 28), (200, 8, 28), (1000, 8, 28))


def rules_heavy_problem(n_items: int, n_channels: int, days: int, seed: int) -> Problem:
    """``posting_problem`` plus every other rule family: a day rotation (every Monday 'product', every
    Friday 'promo'), a binding publish quota (channel 0: one post per 8 h), post counts (channel 2 at least
    one post every day; at most 4 'promo' posts in any 24 h across channels) and required channels for 2 %
    of the items."""
    base = posting_problem(n_items, n_channels, days, seed)
    rng = np.random.default_rng(seed + 10_000)
    spd = base.slots_per_day
    channels = list(base.channels)
    first = channels[0].posting
    assert first is not None
    channels[0] = ChannelData(
        name=channels[0].name,
        posting=PostingData(
            slot_value=first.slot_value,
            max_per_day=first.max_per_day,
            max_per_week=first.max_per_week,
            min_gap_slots=first.min_gap_slots,
            quota=1,
            quota_window_slots=8,
            same_day_decay=first.same_day_decay,
        ),
    )
    items = []
    for item in base.items:
        required_channels: tuple[int, ...] = ()
        if rng.random() < 0.02:
            allowed = [k for k, v in enumerate(item.value) if v > 0]
            required_channels = tuple(sorted(rng.choice(allowed, size=min(2, len(allowed)), replace=False).tolist()))
        items.append(
            ItemData(
                name=item.name,
                category=item.category,
                value=item.value,
                first_slot=item.first_slot,
                last_slot=item.last_slot,
                max_uses=max(item.max_uses, len(required_channels)),
                cooldown_slots=item.cooldown_slots,
                required=item.required,
                required_channels=required_channels,
            )
        )
    day_category = tuple(0 if d % 7 == 0 else 1 if d % 7 == 4 else None for d in range(days))
    counts = (
        PostCount(
            name="tiktok daily",
            channels=(2,),
            categories=None,
            first_slot=0,
            last_slot=days * spd - 1,
            window_slots=spd,
            lo=1,
            hi=None,
        ),
        PostCount(
            name="promo calm",
            channels=None,
            categories=(1,),
            first_slot=0,
            last_slot=days * spd - 1,
            window_slots=spd,
            lo=0,
            hi=4,
        ),
    )
    return Problem(
        days=days,
        slots_per_day=spd,
        slot_minutes=60,
        budget=0,
        channels=tuple(channels),
        items=tuple(items),
        categories=base.categories,
        category_shares=base.category_shares,
        day_category=day_category,
        post_counts=counts,
    )
