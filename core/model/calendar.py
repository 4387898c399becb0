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


class ContentPolicy(StrictModel):
    """Brand-wide rules on the content mix."""

    category_mix: list[CategoryRule] = Field(default_factory=list, description="Weekly share bounds.")
    category_by_weekday: dict[Weekday, Identifier] = Field(
        default_factory=dict, description="Rotation: on these weekdays only this category is posted."
    )

    @model_validator(mode="after")
    def _min_shares_fit(self) -> ContentPolicy:
        total = sum(rule.min_share or 0.0 for rule in self.category_mix)
        if total > 1.0 + 1e-9:
            raise ValueError(f"category min_share values add up to {total:.2f}, more than 1")
        return self

    @model_validator(mode="after")
    def _rules_agree(self) -> ContentPolicy:
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
