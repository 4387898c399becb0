"""Turn hour-stamped audience counts from an API into a 7×24 week in the brand's time zone."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

DAYS = 7
HOURS = 24


def weekly_activity(observations: Iterable[tuple[datetime, float]], timezone: str) -> list[list[float]]:
    """Average counts by local weekday (Monday first) and local hour of the start of each observed hour.

    Each observation is (aware start of the hour, count). Several weeks are averaged per
    weekday-hour. A weekday-hour never observed (e.g. only 5 days of data) gets the mean of that
    hour over the observed weekdays, or the overall mean if that hour was never seen at all.
    Raises ValueError when there is no observation.
    """
    zone = ZoneInfo(timezone)
    sums = [[0.0] * HOURS for _ in range(DAYS)]
    counts = [[0] * HOURS for _ in range(DAYS)]
    for start, value in observations:
        if start.tzinfo is None:
            raise ValueError("observation times must be time-zone aware")
        local = start.astimezone(zone)
        sums[local.weekday()][local.hour] += float(value)
        counts[local.weekday()][local.hour] += 1
    total_count = sum(sum(row) for row in counts)
    if total_count == 0:
        raise ValueError("no hourly observations")
    overall = sum(sum(row) for row in sums) / total_count
    week = [[sums[d][h] / counts[d][h] if counts[d][h] else -1.0 for h in range(HOURS)] for d in range(DAYS)]
    for hour in range(HOURS):
        seen = [week[d][hour] for d in range(DAYS) if counts[d][hour]]
        fill = sum(seen) / len(seen) if seen else overall
        for day in range(DAYS):
            if not counts[day][hour]:
                week[day][hour] = fill
    return week
