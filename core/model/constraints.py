"""Extra rules that plugins (or users) add in a declarative form the solver understands."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from mixplan.model.base import MAX_HORIZON_HOURS, MAX_POST_COUNT, Identifier, Money, StrictModel
from pydantic import Field, model_validator


class PostCountRule(StrictModel):
    """Bounds on the number of posts on some channels (and categories) within a time window.

    Example: "at most 6 posts across Instagram and Facebook on any day" is
    ``PostCountRule(channels=["ig", "fb"], window_hours=24, max_posts=6)`` with the window sliding by slot.
    """

    kind: Literal["post_count"] = Field(default="post_count", description="Selects this rule type.")
    name: str = Field(min_length=1, description="Shown in explanations when the rule conflicts.")
    channels: list[Identifier] | None = Field(default=None, description="Channels counted; None = all.")
    categories: list[Identifier] | None = Field(default=None, description="Categories counted; None = all.")
    items: list[Identifier] | None = Field(
        default=None,
        description="Content items counted (e.g. one launch on 3 channels on its day: min_posts 3); None = all.",
    )
    window_hours: int | None = Field(
        default=None,
        ge=1,
        le=MAX_HORIZON_HOURS,
        description="Sliding window length (at most 8784); None = the whole horizon (or from/until).",
    )
    start: date | None = Field(default=None, description="First day the rule applies (default: plan start).")
    end: date | None = Field(default=None, description="Last day the rule applies (default: plan end).")
    min_posts: int | None = Field(
        default=None, ge=0, le=MAX_POST_COUNT, description="Least posts (whole-range rules only)."
    )
    max_posts: int | None = Field(
        default=None, ge=0, le=MAX_POST_COUNT, description="Most posts (per window, if windowed)."
    )

    @model_validator(mode="after")
    def _sensible(self) -> PostCountRule:
        if self.min_posts is None and self.max_posts is None:
            raise ValueError("give min_posts, max_posts or both")
        if self.min_posts is not None and self.max_posts is not None and self.min_posts > self.max_posts:
            raise ValueError(f"min_posts ({self.min_posts}) is greater than max_posts ({self.max_posts})")
        if self.window_hours is not None and self.min_posts is not None:
            raise ValueError("min_posts is only allowed without window_hours")
        _end_not_before_start(self.start, self.end)
        return self


class SpendRule(StrictModel):
    """Bounds on the paid spend of a group of channels over a date range."""

    kind: Literal["spend"] = Field(default="spend", description="Selects this rule type.")
    name: str = Field(min_length=1, description="Shown in explanations when the rule conflicts.")
    channels: list[Identifier] | None = Field(default=None, description="Channels counted; None = all.")
    start: date | None = Field(default=None, description="First day (default: plan start).")
    end: date | None = Field(default=None, description="Last day (default: plan end).")
    min_spend: Money | None = Field(default=None, description="Least spend over the range.")
    max_spend: Money | None = Field(default=None, description="Most spend over the range.")

    @model_validator(mode="after")
    def _sensible(self) -> SpendRule:
        if self.min_spend is None and self.max_spend is None:
            raise ValueError("give min_spend, max_spend or both")
        if self.min_spend is not None and self.max_spend is not None and self.min_spend > self.max_spend:
            raise ValueError(f"min_spend ({self.min_spend}) is greater than max_spend ({self.max_spend})")
        _end_not_before_start(self.start, self.end)
        return self


def _end_not_before_start(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise ValueError(f"end ({end}) is before start ({start}); swap them or fix the dates")


ExtraConstraint = Annotated[PostCountRule | SpendRule, Field(discriminator="kind")]
"""A declarative rule contributed by the ``mixplan_extra_constraints`` hook."""
