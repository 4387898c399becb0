"""Refuse, before anything is built, a scenario whose solve would not fit in the memory budget.

The estimate comes from the scenario's dimensions alone (days, slots a day, posting channels,
content items, ads channels), so a 366-day horizon of 5-minute slots is refused in well under a
second instead of filling the machine's memory; see :mod:`mixplan.solver.size` for the model.
"""

from __future__ import annotations

from datetime import datetime

from mixplan.errors import InputError
from mixplan.model.content import ContentItem
from mixplan.model.scenario import Horizon, Scenario

DEFAULT_MAX_MEMORY = 4 * 2**30
"""The default memory budget of one solve (4 GiB); ``--max-memory`` / ``PlanOptions.max_memory_bytes``."""
SPEND_POINTS_PER_DAY = 100
"""An upper estimate of a channel-day's spend grid points (grids are about 40; boosts add some)."""

_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30}


def parse_memory(text: str) -> int:
    """Bytes of a size such as ``4GiB``, ``500MB`` or ``2000000000``; raises InputError naming --max-memory."""
    cleaned = text.strip().lower().replace(" ", "")
    number = cleaned.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = cleaned[len(number) :] or "b"
    try:
        value = float(number)
    except ValueError:
        value = -1.0
    if unit not in _UNITS or not (value > 0) or value > 2**50:
        raise InputError("--max-memory", f"{text[:40]!r} is not a size; give e.g. 4GiB or 500MB")
    return int(value * _UNITS[unit])


def _gib(value: int) -> str:
    return f"{value / 2**30:.1f} GiB"


def _item_days(item: ContentItem, horizon: Horizon) -> int:
    """Days of the horizon an item may go out on (its availability window, clipped; whole days)."""
    first, last = 0, horizon.days - 1
    if item.available_from is not None:
        start = item.available_from.date() if isinstance(item.available_from, datetime) else item.available_from
        first = max(first, (start - horizon.start).days)
    if item.available_until is not None:
        end = item.available_until.date() if isinstance(item.available_until, datetime) else item.available_until
        last = min(last, (end - horizon.start).days)
    return max(0, last - first + 1)


def possible_posts(scenario: Scenario) -> int:
    """An upper bound on the (item, channel, slot) candidates: each item's window × the channels it may use."""
    channels = {channel.id for channel in scenario.channels}
    per_day = scenario.horizon.slots_per_day
    total = 0
    for item in scenario.content:
        allowed = len(channels - set(item.forbidden_channels))
        total += _item_days(item, scenario.horizon) * per_day * allowed
    return total


def check_size(scenario: Scenario, max_memory_bytes: int = DEFAULT_MAX_MEMORY) -> None:
    """Raise InputError (exit 2) naming the dimension to reduce when the solve would need more memory.

    The dimension named is the one that contributes most to the estimate: the slots (``horizon.slot_minutes``
    below an hour, else ``horizon.days``) or the possible posts (``content``: items × their windows ×
    their channels).
    """
    from mixplan.solver.size import BYTES_PER_CANDIDATE, estimate_size

    horizon = scenario.horizon
    posting = scenario.channels  # an upper bound: some platforms take no posts
    ads = [c for c in scenario.channels if c.ads.enabled]
    estimate = estimate_size(
        days=horizon.days,
        slots_per_day=horizon.slots_per_day,
        posting_channels=len(posting) if scenario.content else 0,
        candidates=possible_posts(scenario),
        spend_options=len(ads) * horizon.days * SPEND_POINTS_PER_DAY,
    )
    if estimate.bytes <= max_memory_bytes:
        return
    if BYTES_PER_CANDIDATE * estimate.candidates > estimate.bytes / 2:
        field = "content"
        hint = f"plan fewer content items (now {len(scenario.content):,}) or shorten their windows (available_until)"
    elif horizon.slot_minutes < 60:
        field = "horizon.slot_minutes"
        hint = f"raise horizon.slot_minutes (now {horizon.slot_minutes}) to 60"
    else:
        field = "horizon.days"
        hint = f"plan fewer days at a time (now {horizon.days})"
    raise InputError(
        field,
        f"solving this needs about {_gib(estimate.bytes)} ({estimate.describe()}) but the memory budget is "
        f"{_gib(max_memory_bytes)}; {hint} or raise --max-memory",
    )
