"""Observed history (spend and revenue per channel-day) and response curves fitted to it."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from mixplan.model.base import Identifier, Money, StrictModel, from_minor_units, to_minor_units
from mixplan.model.curves import HillCurve
from pydantic import AwareDatetime, Field, field_validator

MAX_COUNT = 2**63 - 1
"""Largest impressions, clicks or conversions count: what the store's 64-bit integer columns hold."""


class HistoryRow(StrictModel):
    """What one channel spent and earned on one day (from an ads manager / shop export)."""

    day: date
    channel_id: Identifier
    spend: Money
    revenue: Money
    impressions: int | None = Field(default=None, ge=0)
    clicks: int | None = Field(default=None, ge=0)
    conversions: int | None = Field(default=None, ge=0)

    @field_validator("impressions", "clicks", "conversions")
    @classmethod
    def _fits_64_bits(cls, count: int | None) -> int | None:
        if count is not None and count > MAX_COUNT:
            raise ValueError(f"is larger than {MAX_COUNT:,}, the most a 64-bit integer column holds")
        return count


class HistoryValues(NamedTuple):
    """A checked :class:`HistoryRow` as the store keeps it: money in integer cents, no Decimal per row."""

    channel_id: str
    day: date
    spend_minor: int
    revenue_minor: int
    impressions: int | None
    clicks: int | None
    conversions: int | None

    @classmethod
    def of(cls, row: HistoryRow) -> HistoryValues:
        """The stored values of a validated row."""
        return cls(
            row.channel_id,
            row.day,
            to_minor_units(row.spend),
            to_minor_units(row.revenue),
            row.impressions,
            row.clicks,
            row.conversions,
        )

    def to_row(self) -> HistoryRow:
        """The row again, validated (for callers that want models rather than stored values)."""
        return HistoryRow(
            day=self.day,
            channel_id=self.channel_id,
            spend=from_minor_units(self.spend_minor),
            revenue=from_minor_units(self.revenue_minor),
            impressions=self.impressions,
            clicks=self.clicks,
            conversions=self.conversions,
        )


class FitQuality(StrictModel):
    """How well a fitted curve predicts a held-out tail of the history."""

    r2: float = Field(description="Coefficient of determination on the held-out days.")
    mape: float = Field(ge=0, description="Mean absolute percentage error on the held-out days (0.1 = 10 %).")
    holdout_days: int = Field(ge=0)
    train_days: int = Field(ge=0)


class FittedCurve(StrictModel):
    """A channel's response curve fitted to its history (or imported from a marketing-mix model)."""

    channel_id: Identifier
    curve: HillCurve = Field(description="Point estimate; its `carryover` is the fitted adstock decay.")
    samples: list[HillCurve] = Field(default_factory=list, description="Bootstrap samples of the curve.")
    quality: FitQuality | None = Field(default=None, description="None for imported curves.")
    source: str = Field(description="'fit' or where an imported curve came from.")
    fitted_at: AwareDatetime
    spend_range: tuple[Money, Money] | None = Field(
        default=None, description="Smallest and largest daily spend seen in the data (extrapolation warning)."
    )
