"""Seeded generators of solver benchmark instances (spend part; posting generators live in
``posting_instances.py``). Every instance is a plain :class:`mixplan.solver.Problem`, so it can be
saved with ``Problem.to_json()`` and replayed.

Channels get Hill response curves ``revenue(s) = vmax * s^shape / (s^shape + half^shape)`` with
``shape`` drawn from 0.8-3 (most S-shaped), a grid of about 40 levels per channel (0, the
minimum, then equal steps up to the maximum) and, for a third of the channels, a minimum daily
spend ("0 or at least the minimum").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from mixplan.solver import AdsData, ChannelData, ObjectiveData, Problem

GRID_POINTS = 40


@dataclass(frozen=True)
class HillChannel:
    """True curve of one generated channel (for baselines that work on the continuous curve)."""

    name: str
    vmax: float
    half: float
    shape: float
    min_daily: int
    max_daily: int

    def revenue(self, spend: np.ndarray | float) -> np.ndarray:
        """Expected revenue (minor units) of a day's spend (minor units) at day factor 1."""
        s = np.maximum(np.asarray(spend, dtype=np.float64), 0.0)
        return self.vmax * s**self.shape / (s**self.shape + self.half**self.shape)


def grid_of(channel: HillChannel, points: int = GRID_POINTS) -> tuple[int, ...]:
    """0, then ``points - 1`` levels from the minimum (or one step) to the maximum, on whole currency units."""
    low = channel.min_daily if channel.min_daily > 0 else 0
    step = max(100, round((channel.max_daily - low) / (points - 1) / 100.0) * 100)
    first = low if low > 0 else step
    levels = list(range(first, channel.max_daily + 1, step))
    return (0, *levels)


def random_channels(count: int, rng: np.random.Generator) -> list[HillChannel]:
    """Channels with half-saturation 50-500 per day, ROAS potential 2-5, a third with a minimum daily spend."""
    channels = []
    for c in range(count):
        half = float(rng.uniform(50_00, 500_00))
        shape = float(rng.uniform(0.8, 3.0))
        vmax = half * float(rng.uniform(2.0, 5.0))
        minimum = round(half * float(rng.uniform(0.2, 0.6)) / 100.0) * 100 if c % 3 == 0 else 0
        maximum = round(3.0 * half / 100.0) * 100
        channels.append(HillChannel(f"ch{c:03d}", vmax, half, shape, minimum, maximum))
    return channels


def _ads(channel: HillChannel, day_factor: tuple[float, ...], max_change: float | None = None) -> AdsData:
    grid = grid_of(channel)
    revenue = tuple(float(v) for v in channel.revenue(np.asarray(grid)))
    return AdsData(
        grid=grid,
        revenue=revenue,
        day_factor=day_factor,
        min_daily=grid[1],
        step=grid[2] - grid[1] if len(grid) > 2 else grid[1],
        max_daily=grid[-1],
        max_change=max_change,
    )


def spend_single_period(count: int, seed: int) -> tuple[Problem, list[HillChannel]]:
    """``count`` channels, one period, budget 60 % of the sum of half-saturation spends."""
    rng = np.random.default_rng(seed)
    channels = random_channels(count, rng)
    budget = int(0.6 * sum(c.half for c in channels))
    problem = Problem(
        days=1,
        slots_per_day=1,
        slot_minutes=1440,
        budget=budget,
        channels=tuple(ChannelData(name=c.name, ads=_ads(c, (1.0,))) for c in channels),
        objective=ObjectiveData(kind="max_revenue"),
    )
    return problem, channels


def seasonality(days: int, rng: np.random.Generator) -> np.ndarray:
    """Weekly pattern x slow trend x a Black-Friday-like event (two to four days at 1.6-2.2x)."""
    weekday = np.array([1.0, 0.95, 0.95, 1.0, 1.1, 1.2, 1.15])
    t = np.arange(days)
    factor = weekday[t % 7] * (1.0 + 0.15 * np.sin(2 * math.pi * t / max(days, 1) + rng.uniform(0, 6.28)))
    start = int(rng.integers(days // 2, max(days // 2 + 1, days - 5)))
    length = int(rng.integers(2, 5))
    factor[start : start + length] *= float(rng.uniform(1.6, 2.2))
    return factor


def spend_multi_day(count: int, days: int, seed: int) -> tuple[Problem, list[HillChannel]]:
    """``count`` channels x ``days``: seasonality per channel, daily caps, change limits on two thirds.

    Budget: 45 % of the sum over channels and days of half-saturation spend x the day factor; the
    daily cap is 1.4 x the average daily budget and 1.1 x on event days (so the caps bind on the
    days everyone wants to spend most); channels with index % 3 != 2 have a 50 % day-over-day
    change limit (TikTok's rule), some 30 %.
    """
    rng = np.random.default_rng(seed)
    channels = random_channels(count, rng)
    base = seasonality(days, rng)
    factors = [np.clip(base * rng.uniform(0.9, 1.1, size=days), 0.3, None) for _ in channels]
    budget = int(0.45 * sum(c.half * f.sum() for c, f in zip(channels, factors, strict=True)))
    average = budget / days
    caps = tuple(int(average * (1.1 if b > 1.5 else 1.4)) for b in base)
    ads = []
    for index, (channel, factor) in enumerate(zip(channels, factors, strict=True)):
        limit = None if index % 3 == 2 else (0.5 if index % 3 == 0 else 0.3)
        ads.append(ChannelData(name=channel.name, ads=_ads(channel, tuple(float(x) for x in factor), limit)))
    problem = Problem(
        days=days,
        slots_per_day=1,
        slot_minutes=1440,
        budget=budget,
        channels=tuple(ads),
        daily_cap=caps,
        objective=ObjectiveData(kind="max_revenue"),
    )
    return problem, channels
