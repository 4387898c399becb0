"""What actually happened: one published post's results (the channel-day part is a HistoryRow)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import NamedTuple

from mixplan.model.base import Identifier, Money, StrictModel, to_minor_units
from mixplan.model.history import MAX_COUNT
from pydantic import AwareDatetime, Field, field_validator


class PostActual(StrictModel):
    """The measured results of one published post, as the platform or the shop reported them."""

    content_id: Identifier
    channel_id: Identifier
    published_at: AwareDatetime = Field(description="When the post went out (ISO 8601 with an offset).")
    impressions: int = Field(default=0, ge=0)
    engagements: int = Field(default=0, ge=0)
    clicks: int = Field(default=0, ge=0)
    orders: int = Field(default=0, ge=0)
    revenue: Money = Field(default=Decimal("0.00"), description="Revenue attributed to the post.")

    @field_validator("impressions", "engagements", "clicks", "orders")
    @classmethod
    def _fits_64_bits(cls, count: int) -> int:
        if count > MAX_COUNT:
            raise ValueError(f"is larger than {MAX_COUNT:,}, the most a 64-bit integer column holds")
        return count


class PostValues(NamedTuple):
    """A checked :class:`PostActual` as the store keeps it: the time in UTC, the revenue in integer cents."""

    channel_id: str
    content_id: str
    published_at: datetime
    impressions: int
    engagements: int
    clicks: int
    orders: int
    revenue_minor: int

    @classmethod
    def of(cls, post: PostActual) -> PostValues:
        """The stored values of a validated post actual (OverflowError if its UTC time is outside years 1–9999)."""
        return cls(
            post.channel_id,
            post.content_id,
            post.published_at.astimezone(UTC),
            post.impressions,
            post.engagements,
            post.clicks,
            post.orders,
            to_minor_units(post.revenue),
        )
