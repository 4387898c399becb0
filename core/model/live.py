"""Data fetched live from a platform's API: audience activity snapshots and current limits."""

from __future__ import annotations

from mixplan.model.base import Identifier, Money, NonNegativeFloat, StrictModel
from pydantic import AwareDatetime, Field


class AudienceSnapshot(StrictModel):
    """When a channel's audience was online, as the platform reported it at `fetched_at`."""

    channel_id: Identifier
    platform: Identifier
    fetched_at: AwareDatetime
    source: str = Field(description="Endpoint or metric the numbers came from, e.g. 'instagram:online_followers'.")
    activity: list[list[NonNegativeFloat]] = Field(description="7×24, Monday first, in the brand's time zone.")
    size: int | None = Field(default=None, ge=0, description="Followers at fetch time, if reported.")


class LiveLimits(StrictModel):
    """A channel's current limits as the platform reports them; unset fields are not reported."""

    channel_id: Identifier
    platform: Identifier
    fetched_at: AwareDatetime
    source: str
    publish_quota: int | None = Field(default=None, ge=0, description="Posts allowed per quota window.")
    publish_quota_window_hours: int | None = Field(default=None, ge=1)
    quota_used: int | None = Field(default=None, ge=0, description="Posts already used in the current window.")
    min_daily_budget: Money | None = Field(default=None, description="Least daily ad budget for this account.")
    currency: str | None = None
