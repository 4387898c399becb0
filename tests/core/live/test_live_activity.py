"""Hour-stamped counts → 7×24 week in the brand's zone, averaged by weekday."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from mixplan.live import weekly_activity


def test_weeks_are_averaged_per_weekday_and_hour_in_local_time() -> None:
    monday = datetime(2025, 1, 6, 0, 0, tzinfo=UTC)  # a Monday, Berlin is UTC+1 in January
    observations = [
        (monday + timedelta(days=7 * week, hours=h), float(10 * week + h)) for week in range(3) for h in range(24)
    ]
    week = weekly_activity(observations, "Europe/Berlin")
    assert week[0][1] == pytest.approx(10.0)  # 00:00Z = 01:00 local; weeks give 0, 10, 20
    assert week[1][0] == pytest.approx(33.0)  # 23:00Z Monday = 00:00 Tuesday local
    assert week[0][0] == pytest.approx(week[2][0])  # never-seen Monday 00:00 filled with the hour's mean


def test_dst_change_keeps_local_hours() -> None:
    # 2025-03-30: Berlin moves from UTC+1 to UTC+2 at 01:00Z; 10:00Z is 12:00 local on Sunday.
    observations = [(datetime(2025, 3, 30, 10, 0, tzinfo=UTC), 5.0), (datetime(2025, 3, 29, 10, 0, tzinfo=UTC), 3.0)]
    week = weekly_activity(observations, "Europe/Berlin")
    assert week[6][12] == 5.0 and week[5][11] == 3.0


def test_refuses_empty_and_naive_input() -> None:
    with pytest.raises(ValueError, match="no hourly observations"):
        weekly_activity([], "UTC")
    with pytest.raises(ValueError, match="aware"):
        weekly_activity([(datetime(2025, 1, 1), 1.0)], "UTC")
