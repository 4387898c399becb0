"""The slot grid of a horizon: wall-clock slots in the brand's time zone, and conversions to and from it."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

from mixplan.model.scenario import Horizon


def slot_datetime(horizon: Horizon, slot: int) -> datetime:
    """Time-zone aware start of global slot `slot` (wall-clock time in the brand's zone)."""
    day, index = divmod(slot, horizon.slots_per_day)
    return horizon.slot_start(day, index)


def wall_time_exists(moment: datetime) -> bool:
    """False for wall-clock times skipped by a daylight-saving jump (e.g. 02:30 on a spring-forward night)."""
    round_trip = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return round_trip.replace(tzinfo=None) == moment.replace(tzinfo=None)


def minutes_from_start(horizon: Horizon, moment: date | datetime) -> float:
    """Wall-clock minutes from the horizon's first midnight to `moment` (naive = brand's local time)."""
    if isinstance(moment, datetime):
        local = moment.astimezone(horizon.zone) if moment.tzinfo is not None else moment.replace(tzinfo=horizon.zone)
        naive = local.replace(tzinfo=None)
    else:
        naive = datetime.combine(moment, datetime.min.time())
    origin = datetime.combine(horizon.start, datetime.min.time())
    return (naive - origin) / timedelta(minutes=1)


def first_slot_at_or_after(horizon: Horizon, moment: date | datetime) -> int:
    """Index of the first slot starting at or after `moment` (may be outside the horizon)."""
    return math.ceil(minutes_from_start(horizon, moment) / horizon.slot_minutes - 1e-9)


def last_slot_at_or_before(horizon: Horizon, moment: date | datetime) -> int:
    """Index of the last slot starting at or before `moment`; a date means the end of that day."""
    if not isinstance(moment, datetime):
        return int(minutes_from_start(horizon, moment) // horizon.slot_minutes) + horizon.slots_per_day - 1
    return math.floor(minutes_from_start(horizon, moment) / horizon.slot_minutes + 1e-9)


def slot_of(horizon: Horizon, moment: datetime) -> int | None:
    """The global slot that starts exactly at `moment`, or None if `moment` is not a slot start in the horizon."""
    minutes = minutes_from_start(horizon, moment)
    slot, remainder = divmod(minutes, horizon.slot_minutes)
    if abs(remainder) > 1e-6 or not 0 <= slot < horizon.days * horizon.slots_per_day:
        return None
    return int(slot)
