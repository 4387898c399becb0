"""Calendar-level inputs: seasonal events, content-mix rules and KPI targets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from mixplan.model.base import MAX_AMOUNT, Identifier, Rate, StrictModel
from pydantic import Field, model_validator

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

MAX_UPLIFT = 100.0
Uplift = Annotated[float, Field(gt=0.0, le=MAX_UPLIFT, allow_inf_nan=False)]
"""A revenue multiplier during an event: above 0 and at most 100 (a hundredfold day is already extreme)."""


class CalendarEvent(StrictModel):
    """A seasonal campaign or sales event (Black Friday, Valentine's Day) that lifts response for some days."""

    name: str = Field(min_length=1, description="Event name shown in reports.")
    start: date = Field(description="First day of the event.")
    end: date = Field(description="Last day of the event (inclusive).")
    uplift: Uplift = Field(
        default=1.0, description="Multiplier on expected revenue on every channel; above 0, at most 100."
    )
    channel_uplift: dict[Identifier, Uplift] = Field(
        default_factory=dict,
        description="Multipliers (above 0, at most 100) that replace `uplift` for particular channels.",
    )
    applies_to: Literal["paid", "organic", "both"] = Field(default="both", description="Which revenue it lifts.")

    @model_validator(mode="after")
    def _end_not_before_start(self) -> CalendarEvent:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class CategoryRule(StrictModel):
    """Least and most share of a week's posts in one category."""

    category: Identifier = Field(description="Content category.")
    min_share: Rate | None = Field(default=None, description="Least share of a week's posts.")
    max_share: Rate | None = Field(default=None, description="Most share of a week's posts.")

    @model_validator(mode="after")
    def _min_not_above_max(self) -> CategoryRule:
        if self.min_share is not None and self.max_share is not None and self.min_share > self.max_share:
            raise ValueError(f"min_share ({self.min_share}) is greater than max_share ({self.max_share})")
        return self


class MixRules(StrictModel):
    """A category mix and a weekday rotation (the fields brand-wide and per-channel policies share)."""

    category_mix: list[CategoryRule] = Field(default_factory=list, description="Weekly share bounds.")
    category_by_weekday: dict[Weekday, Identifier] = Field(
        default_factory=dict, description="Rotation: on these weekdays only this category is posted."
    )

    @model_validator(mode="after")
    def _min_shares_fit(self) -> MixRules:
        total = sum(rule.min_share or 0.0 for rule in self.category_mix)
        if total > 1.0 + 1e-9:
            raise ValueError(f"category min_share values add up to {total:.2f}, more than 1")
        return self

    @model_validator(mode="after")
    def _rules_agree(self) -> MixRules:
        """Contradicting rules would plan no posts at all: refuse them, naming the categories."""
        seen: set[str] = set()
        for rule in self.category_mix:
            if rule.category in seen:
                raise ValueError(
                    f"category_mix has two rules for category {rule.category!r}; merge them into one "
                    "(with both min_share and max_share)"
                )
            seen.add(rule.category)
        caps = {rule.category: rule.max_share for rule in self.category_mix if rule.max_share is not None}
        for weekday, category in self.category_by_weekday.items():
            if caps.get(category) == 0:
                raise ValueError(
                    f"category_by_weekday.{weekday} allows only {category!r}, which category_mix caps at "
                    "max_share 0; no post could go out that day: drop one of the two rules"
                )
        if len(self.category_by_weekday) == len(WEEKDAYS):
            allowed = set(self.category_by_weekday.values())
            for rule in self.category_mix:
                if rule.category not in allowed and (rule.min_share or 0) > 0:
                    raise ValueError(
                        f"category_mix wants at least {rule.min_share:.0%} {rule.category!r} posts, but "
                        f"category_by_weekday allows only {', '.join(sorted(allowed))} on every weekday"
                    )
            ceiling = sum(caps.get(category, 1.0) for category in allowed)
            if ceiling < 1.0 - 1e-9:
                raise ValueError(
                    f"category_by_weekday allows only {', '.join(sorted(allowed))} on every weekday, but "
                    f"category_mix caps them at {ceiling:.0%} of the posts together; raise a max_share"
                )
        return self


class ChannelPolicy(MixRules):
    """A category mix and weekday rotation for some channels only: the listed `channels`, or every channel
    of the listed `platforms`. With several channels the shares count their posts together (a group)."""

    channels: list[Identifier] | None = Field(default=None, description="These channels (or give platforms).")
    platforms: list[Identifier] | None = Field(
        default=None, description="Every channel of these platforms (or give channels)."
    )

    @model_validator(mode="after")
    def _one_scope(self) -> ChannelPolicy:
        if (self.channels is None) == (self.platforms is None):
            raise ValueError("give either channels or platforms (the channels this mix applies to)")
        if not (self.channels or self.platforms):
            raise ValueError("list at least one channel or platform")
        if not (self.category_mix or self.category_by_weekday):
            raise ValueError("give category_mix, category_by_weekday or both")
        return self


class ContentPolicy(MixRules):
    """Rules on the content mix: brand-wide (all channels' posts together), and per channel or platform."""

    by_channel: list[ChannelPolicy] = Field(
        default_factory=list,
        description=(
            "Mixes and rotations of some channels (or platforms); they hold besides the brand-wide ones. "
            "Example: [{channels: [ig], category_mix: [{category: product, max_share: 0.5}]}]."
        ),
    )


KpiMetric = Literal["revenue", "roas", "reach", "engagement", "clicks", "spend", "posts"]
BINDING_METRICS = ("posts", "spend")
"""KPI metrics a target can bind (be planned for); the others are compared in the report only."""


class KpiTarget(StrictModel):
    """A business target the report compares the plan against; with ``binding`` the plan must reach it."""

    metric: KpiMetric = Field(description="What is measured.")
    target: Decimal = Field(
        ge=0,
        le=MAX_AMOUNT,
        allow_inf_nan=False,
        description="Target value (money in the scenario currency); at most 1,000,000,000,000.",
    )
    channel: Identifier | None = Field(default=None, description="Only this channel; unset = all.")
    binding: bool = Field(
        default=False,
        description=(
            "Plan for the target instead of only reporting it: at least the target's posts (metric posts) "
            "or ad spend (metric spend; boosts are not counted towards it); the other metrics are reported only."
        ),
    )
    per: Literal["plan", "week"] = Field(
        default="plan", description="A binding target for the whole plan, or for every plan week."
    )

    @model_validator(mode="after")
    def _binding_supported(self) -> KpiTarget:
        if self.binding and self.metric not in BINDING_METRICS:
            raise ValueError(
                f"binding targets are supported for {', '.join(BINDING_METRICS)}; {self.metric} is only reported "
                "(set binding: false)"
            )
        return self
