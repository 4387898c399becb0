"""The content backlog: items that can be posted, with their windows and repost rules."""

from __future__ import annotations

from datetime import date, datetime

from mixplan.model.base import MAX_HORIZON_HOURS, MAX_POST_COUNT, Identifier, PositiveFloat, StrictModel
from pydantic import Field, model_validator


class MediaInfo(StrictModel):
    """Facts about an item's media, checked against the platform's format limits."""

    count: int | None = Field(default=None, ge=0, description="Number of images/videos (e.g. carousel size).")
    video_seconds: float | None = Field(default=None, ge=0, allow_inf_nan=False, description="Video length.")
    file_mb: float | None = Field(default=None, ge=0, allow_inf_nan=False, description="Largest file size in MB.")
    aspect_ratio: float | None = Field(default=None, gt=0, allow_inf_nan=False, description="Width divided by height.")


class ContentItem(StrictModel):
    """One piece of content that can be posted (and reposted) on one or more channels.

    A use on a channel the item already went to is a repost (`max_uses_per_channel`,
    `cooldown_hours`); a use on another channel is a cross-post (`max_uses` counts all uses,
    `cross_post_gap_hours` spaces uses on different channels).
    """

    id: Identifier = Field(description="Content id, unique in the scenario.")
    title: str = Field(min_length=1, description="Title shown in calendars and reports.")
    category: Identifier = Field(description="Content category, e.g. 'product', 'ugc', 'education'.")
    formats: list[Identifier] = Field(min_length=1, description="Formats the item exists in.")
    value: PositiveFloat = Field(
        default=1.0, le=100, description="Relative value weight (1 = an average post); above 0, at most 100."
    )
    available_from: date | datetime | None = Field(default=None, description="First day/time it may go out.")
    available_until: date | datetime | None = Field(default=None, description="Last day/time it may go out.")
    max_uses: int | None = Field(
        default=None,
        ge=1,
        le=MAX_POST_COUNT,
        description=(
            "Most uses in the horizon across all channels; unset = no limit across channels "
            "(each channel it may go to takes max_uses_per_channel)."
        ),
    )
    max_uses_per_channel: int | None = Field(
        default=None,
        ge=1,
        le=MAX_POST_COUNT,
        description=(
            "Most uses on any one channel (reposts + 1); unset = 1 (posted once per channel), or max_uses "
            "when max_uses is set (so max_uses: 3 still allows three posts on one channel)."
        ),
    )
    cooldown_hours: int = Field(
        default=0,
        ge=0,
        le=MAX_HORIZON_HOURS,
        description="Least time between two uses of the item on the same channel, a repost (at most 8784).",
    )
    cross_post_gap_hours: int = Field(
        default=0,
        ge=0,
        le=MAX_HORIZON_HOURS,
        description=(
            "Least time between uses on two different channels, a cross-post (at most 8784); "
            "0 = the same item may go to several channels at the same time."
        ),
    )
    required: bool = Field(default=False, description="It must be posted at least once.")
    required_channels: list[Identifier] = Field(default_factory=list, description="It must go to each of these.")
    forbidden_channels: list[Identifier] = Field(default_factory=list, description="It must never go to these.")
    boostable: bool = Field(default=True, description="May be promoted with paid spend.")
    caption: str | None = Field(default=None, description="Caption/body text, checked against format limits.")
    hashtags: int | None = Field(default=None, ge=0, description="Number of hashtags in the caption.")
    media: MediaInfo = Field(default_factory=MediaInfo, description="Media facts checked against format limits.")

    @model_validator(mode="after")
    def _consistent(self) -> ContentItem:
        start, end = self.available_from, self.available_until
        if start is not None and end is not None:
            start_key = start if isinstance(start, datetime) else datetime.combine(start, datetime.min.time())
            end_key = end if isinstance(end, datetime) else datetime.combine(end, datetime.max.time())
            if start_key.tzinfo is not None or end_key.tzinfo is not None:
                start_key = start_key.replace(tzinfo=None)
                end_key = end_key.replace(tzinfo=None)
            if end_key <= start_key:
                raise ValueError("available_until must be after available_from")
        both = set(self.required_channels) & set(self.forbidden_channels)
        if both:
            raise ValueError(f"channel(s) {', '.join(sorted(both))} are both required and forbidden")
        if self.max_uses is not None and len(self.required_channels) > self.max_uses:
            raise ValueError(f"{len(self.required_channels)} required channels need max_uses of at least that many")
        return self

    @property
    def uses_per_channel(self) -> int:
        """The effective per-channel use limit (`max_uses_per_channel`, else 1, else `max_uses`)."""
        if self.max_uses_per_channel is not None:
            return self.max_uses_per_channel
        return 1 if self.max_uses is None else self.max_uses

    def uses_limit(self, n_channels: int) -> int:
        """The effective limit across channels: `max_uses`, else one full set of uses per channel."""
        if self.max_uses is not None:
            return self.max_uses
        return self.uses_per_channel * max(1, n_channels)
