"""Build a 7×24 audience-activity matrix (Monday first, local time) from published best-time studies.

Best-time studies say things like "Tuesday 9–13" or "Sunday is the worst day". We start from a
generic daily rhythm (low at night, rising in the morning, a plateau through the day and evening)
and add a bump for each cited peak, then scale whole days. A floor keeps every hour possible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
EVERY_DAY: tuple[int, ...] = (MON, TUE, WED, THU, FRI, SAT, SUN)

DAILY_RHYTHM: tuple[float, ...] = (
    0.15, 0.10, 0.08, 0.06, 0.06, 0.10,  # 0-5 h: night
    0.25, 0.45, 0.65, 0.80, 0.85, 0.90,  # 6-11 h: morning
    0.95, 0.90, 0.85, 0.85, 0.85, 0.90,  # 12-17 h: afternoon
    0.95, 0.95, 0.90, 0.75, 0.50, 0.30,  # 18-23 h: evening
)  # fmt: skip
"""Generic share of an audience online by local hour, before any platform-specific peak (assumption)."""

ACTIVITY_FLOOR = 0.03
"""Least activity of any hour: low, but never exactly zero, so that no hour is ruled out by the default."""

SHOULDER = 0.5
"""Share of a peak's bump added to the hour just before and just after it."""


@dataclass(frozen=True)
class Peak:
    """A cited peak: on ``days``, local hours ``start`` up to (not including) ``end`` get ``boost`` extra."""

    days: tuple[int, ...]
    start: int
    end: int
    boost: float = 0.6

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end <= 24:
            raise ValueError(f"peak hours must satisfy 0 <= start < end <= 24, got {self.start}-{self.end}")
        if not self.days or any(day not in EVERY_DAY for day in self.days):
            raise ValueError(f"peak days must be weekday numbers 0 (Monday) to 6 (Sunday), got {self.days}")


def weekly_activity(
    peaks: Iterable[Peak], *, day_factors: Mapping[int, float] | None = None, rhythm: tuple[float, ...] = DAILY_RHYTHM
) -> list[list[float]]:
    """The 7×24 activity matrix (Monday first) for the given peaks and per-day scale factors.

    Each peak adds its ``boost`` to its hours and half of it to the neighbouring hours (the
    larger bump wins where two peaks overlap). ``day_factors`` scales whole days, e.g.
    ``{SUN: 0.6}`` where a study names Sunday the worst day. Values are rounded to 3 decimals
    and never fall below :data:`ACTIVITY_FLOOR`.
    """
    if len(rhythm) != 24:
        raise ValueError(f"a daily rhythm needs 24 hourly values, got {len(rhythm)}")
    bumps = [[0.0] * 24 for _ in EVERY_DAY]
    for peak in peaks:
        for day in peak.days:
            for hour in range(24):
                if peak.start <= hour < peak.end:
                    bump = peak.boost
                elif hour in (peak.start - 1, peak.end):
                    bump = peak.boost * SHOULDER
                else:
                    continue
                bumps[day][hour] = max(bumps[day][hour], bump)
    factors = day_factors or {}
    return [
        [max(ACTIVITY_FLOOR, round((rhythm[hour] + bumps[day][hour]) * factors.get(day, 1.0), 3)) for hour in range(24)]
        for day in EVERY_DAY
    ]
