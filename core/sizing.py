"""Refuse, before anything is built, a scenario whose solve would not fit in the memory budget.

The estimate comes from the scenario's dimensions alone (days, slots a day, posting channels,
content items, ads channels), so a 366-day horizon of 5-minute slots is refused in well under a
second instead of filling the machine's memory; see :mod:`mixplan.solver.size` for the model.
"""

from __future__ import annotations

from mixplan.errors import InputError
from mixplan.model.scenario import Scenario

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


def check_size(scenario: Scenario, max_memory_bytes: int = DEFAULT_MAX_MEMORY) -> None:
    """Raise InputError (exit 2) naming the dimension to reduce when the solve would need more memory."""
    from mixplan.solver.size import estimate_size

    horizon = scenario.horizon
    posting = scenario.channels  # an upper bound: some platforms take no posts
    ads = [c for c in scenario.channels if c.ads.enabled]
    slots = horizon.days * horizon.slots_per_day
    estimate = estimate_size(
        days=horizon.days,
        slots_per_day=horizon.slots_per_day,
        posting_channels=len(posting) if scenario.content else 0,
        candidates=len(scenario.content) * len(posting) * slots,
        spend_options=len(ads) * horizon.days * SPEND_POINTS_PER_DAY,
    )
    if estimate.bytes <= max_memory_bytes:
        return
    field = "horizon.slot_minutes" if horizon.slot_minutes < 60 else "horizon.days"
    hint = (
        f"raise horizon.slot_minutes (now {horizon.slot_minutes}) to 60"
        if horizon.slot_minutes < 60
        else f"plan fewer days at a time (now {horizon.days})"
    )
    raise InputError(
        field,
        f"solving this needs about {_gib(estimate.bytes)} ({estimate.describe()}), over the memory budget of "
        f"{_gib(max_memory_bytes)}; {hint}, or raise --max-memory",
    )
