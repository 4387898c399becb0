"""Turn one channel's history rows into contiguous daily arrays for fitting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from mixplan.fitting.response import FloatArray
from mixplan.model.history import HistoryRow


@dataclass(frozen=True)
class DailySeries:
    """Spend and revenue per calendar day from `first_day`; `observed` is False on days without a row.

    A missing day is taken as no spend (it still lets earlier spend carry over) and is left out of
    every loss and quality measure.
    """

    channel_id: str
    first_day: date
    spend: FloatArray
    revenue: FloatArray
    observed: FloatArray

    @property
    def observed_days(self) -> int:
        """Number of days with a history row."""
        return int(self.observed.sum())

    @property
    def last_day(self) -> date:
        """The last calendar day of the series."""
        return self.first_day + timedelta(days=self.spend.size - 1)


def daily_series(channel_id: str, rows: Sequence[HistoryRow]) -> DailySeries:
    """Arrange the rows of one channel by day (rows of other channels are an error)."""
    mine = sorted((row for row in rows if row.channel_id == channel_id), key=lambda row: row.day)
    if len(mine) != len(rows):
        raise ValueError(f"daily_series got rows of channels other than {channel_id!r}")
    if not mine:
        return DailySeries(channel_id, date.min, np.zeros(0), np.zeros(0), np.zeros(0))
    first = mine[0].day
    length = (mine[-1].day - first).days + 1
    spend = np.zeros(length)
    revenue = np.zeros(length)
    observed = np.zeros(length)
    for row in mine:
        index = (row.day - first).days
        spend[index] = float(row.spend)
        revenue[index] = float(row.revenue)
        observed[index] = 1.0
    return DailySeries(channel_id, first, spend, revenue, observed)
