"""Who sees a channel's posts, and when they are online."""

from __future__ import annotations

from mixplan.model.base import MAX_AUDIENCE, Money, NonNegativeFloat, Rate, StrictModel
from pydantic import Field, field_validator

DAYS_PER_WEEK = 7
HOURS_PER_DAY = 24


class FormatRates(StrictModel):
    """Benchmark response rates of one post format, per impression (engagement, click) and per click."""

    engagement_rate: Rate = Field(description="Engagements (likes, comments, shares, saves) per impression.")
    click_rate: Rate = Field(description="Link clicks per impression (CTR).")
    conversion_rate: Rate = Field(description="Orders per click.")


class AudienceProfile(StrictModel):
    """A channel's audience: its size, when it is online (7×24, Monday first, local time) and how it responds."""

    size: int = Field(
        ge=0, le=MAX_AUDIENCE, description="Followers or subscribers who can see an organic post (at most 10^10)."
    )
    activity: list[list[NonNegativeFloat]] = Field(
        description=(
            "Relative activity by hour of week: 7 rows (Monday..Sunday) of 24 non-negative numbers "
            "(local hour 0..23). Only the shape matters; it is normalised to mean 1."
        )
    )
    organic_reach_rate: Rate = Field(
        description="Share of the audience that sees a post published at an hour of average activity."
    )
    rates: dict[str, FormatRates] = Field(
        min_length=1, description="Response rates by format id (see the platform's formats)."
    )
    average_order_value: Money = Field(description="Average order value in the scenario's currency.")

    @field_validator("activity")
    @classmethod
    def _activity_is_7_by_24(cls, rows: list[list[float]]) -> list[list[float]]:
        if len(rows) != DAYS_PER_WEEK:
            raise ValueError(f"activity needs 7 rows (Monday..Sunday), got {len(rows)}")
        for index, row in enumerate(rows):
            if len(row) != HOURS_PER_DAY:
                raise ValueError(f"activity row {index} needs 24 hourly values, got {len(row)}")
        if not any(value > 0 for row in rows for value in row):
            raise ValueError("activity is all zero; give at least one hour with a positive value")
        return rows

    def normalised_activity(self) -> list[list[float]]:
        """Activity scaled so that the mean over the 168 hours of the week is exactly 1."""
        total = sum(sum(row) for row in self.activity)
        scale = (DAYS_PER_WEEK * HOURS_PER_DAY) / total
        return [[value * scale for value in row] for row in self.activity]


class AudienceOverrides(StrictModel):
    """Channel-level replacements for parts of the platform's default audience; unset fields keep the default."""

    size: int | None = Field(default=None, ge=0, le=MAX_AUDIENCE, description="Followers or subscribers.")
    activity: list[list[NonNegativeFloat]] | None = Field(default=None, description="7×24 activity, Monday first.")
    organic_reach_rate: Rate | None = Field(default=None, description="Share of the audience reached.")
    rates: dict[str, FormatRates] | None = Field(default=None, description="Response rates by format.")
    average_order_value: Money | None = Field(default=None, description="Average order value.")

    @field_validator("activity")
    @classmethod
    def _activity_shape(cls, rows: list[list[float]] | None) -> list[list[float]] | None:
        if rows is not None:
            AudienceProfile._activity_is_7_by_24(rows)
        return rows
