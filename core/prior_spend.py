"""Spend before the window: where it comes from and what it carries into the plan.

A channel's daily spend before ``horizon.start`` comes from ``ads.prior_spend`` in the scenario, or,
when that is unset, from the stored channel-day history (``mixplan history import`` /
``mixplan actuals import``) of the :data:`LOOKBACK_DAYS` days before the window. It enters the plan
twice:

- **carry-over in**: a day's spend earns ``Hill(spend)`` on its day and ``λ^j · Hill(spend)`` ``j``
  days later (the curve's ``carryover`` λ), so spend ``k`` days before the window earns
  ``Hill(s) · λ^(k+t)`` on window day ``t``. Summed over the window's days this is the plan's
  ``totals.carried_in_revenue``: revenue no decision of the plan changes, so it is reported beside
  ``revenue``, not in it;
- **the first day's change limit**: with ``ads.max_daily_change`` the window's first positive day
  is limited relative to the last positive day before the window, as every later positive day is
  relative to the last one before it (a restart after a pause counts as a change).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol, runtime_checkable

from mixplan.errors import InputError
from mixplan.metrics import curve_revenue
from mixplan.model.channel import Channel
from mixplan.model.curves import ResponseCurve
from mixplan.model.history import HistoryRow

LOOKBACK_DAYS = 90
"""Stored history days before the window that are read (at λ = 0.9, λ^90 ≈ 0.0001)."""


@runtime_checkable
class HistorySource(Protocol):
    """A data source that also holds channel-day history (the store does)."""

    def history(self, channel_id: str | None = None) -> list[HistoryRow]:
        """Stored channel-day rows, ordered by channel and day."""


def prior_spend_of(
    channel: Channel, where: str, start: date, data: object | None = None
) -> tuple[tuple[date, Decimal], ...]:
    """The channel's daily spend before ``start``, oldest first: ``ads.prior_spend`` or stored history.

    A ``prior_spend`` date on or after ``start`` is an InputError naming the field.
    """
    explicit = channel.ads.prior_spend
    if explicit:
        late = [day for day in explicit if day >= start]
        if late:
            raise InputError(
                f"{where}.ads.prior_spend",
                f"{min(late)} is not before the plan's first day {start}; prior spend is the spend before the window",
            )
        return tuple(sorted((day, amount) for day, amount in explicit.items() if amount > 0))
    if not isinstance(data, HistorySource):
        return ()
    first = start - timedelta(days=LOOKBACK_DAYS)
    return tuple((row.day, row.spend) for row in data.history(channel.id) if first <= row.day < start and row.spend > 0)


def carried_in_by_day(
    curve: ResponseCurve, prior: Mapping[date, Decimal] | tuple[tuple[date, Decimal], ...], start: date, days: int
) -> list[float]:
    """Revenue (major units) that the prior spend earns on each of the window's ``days`` days."""
    carryover = curve.carryover
    items = prior.items() if isinstance(prior, Mapping) else prior
    by_day = [0.0] * days
    if carryover <= 0:
        return by_day
    for day, amount in items:
        lag = (start - day).days
        if lag < 1:
            continue
        own = curve_revenue(curve, float(amount))
        for t in range(days):
            by_day[t] += own * carryover ** (lag + t)
    return by_day


def last_prior_spend(prior: tuple[tuple[date, Decimal], ...]) -> Decimal:
    """The last positive daily spend before the window (0 when none is known)."""
    positive = [amount for _day, amount in sorted(prior) if amount > 0]
    return positive[-1] if positive else Decimal("0.00")
