"""The slot grid: wall-clock slots in the brand's zone, daylight-saving days, windows."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from mixplan.model import Horizon
from mixplan.slots import first_slot_at_or_after, last_slot_at_or_before, slot_datetime, slot_of, wall_time_exists

BERLIN = ZoneInfo("Europe/Berlin")


def test_slots_are_wall_clock_times_across_a_dst_change() -> None:
    horizon = Horizon(start=date(2026, 3, 28), days=3, timezone="Europe/Berlin")
    before = slot_datetime(horizon, 9)  # 28 March 09:00 CET
    after = slot_datetime(horizon, 24 + 9)  # 29 March 09:00 CEST
    assert before.utcoffset() != after.utcoffset()
    assert (before.hour, after.hour) == (9, 9)
    assert slot_of(horizon, after) == 33
    assert slot_of(horizon, after.astimezone(ZoneInfo("UTC"))) == 33


def test_spring_forward_hour_does_not_exist() -> None:
    assert not wall_time_exists(datetime(2026, 3, 29, 2, 0, tzinfo=BERLIN))
    assert wall_time_exists(datetime(2026, 3, 29, 3, 0, tzinfo=BERLIN))
    assert wall_time_exists(datetime(2026, 10, 25, 2, 0, tzinfo=BERLIN))  # fall back: exists (twice)


def test_windows_from_dates_and_aware_datetimes() -> None:
    horizon = Horizon(start=date(2026, 11, 2), days=7, timezone="Europe/Berlin", slot_minutes=30)
    assert first_slot_at_or_after(horizon, date(2026, 11, 3)) == 48
    assert last_slot_at_or_before(horizon, date(2026, 11, 3)) == 95
    # 09:15 UTC is 10:15 in Berlin: the first slot at or after is 10:30 → slot 21 of day 0
    assert first_slot_at_or_after(horizon, datetime(2026, 11, 2, 9, 15, tzinfo=ZoneInfo("UTC"))) == 21
    assert last_slot_at_or_before(horizon, datetime(2026, 11, 2, 10, 15)) == 20
    assert slot_of(horizon, datetime(2026, 11, 2, 10, 15, tzinfo=BERLIN)) is None
    assert slot_of(horizon, datetime(2026, 11, 9, 0, 0, tzinfo=BERLIN)) is None  # past the end
