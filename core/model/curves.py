"""Response curves: expected paid revenue of one day's spend on one channel."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from mixplan.model.base import Money, PositiveFloat, StrictModel
from pydantic import Field, field_validator, model_validator

MAX_SHAPE = 20.0
"""Steepest Hill shape accepted: at 20 the curve is already a step; fits stay within 0.3..6."""

Carryover = Annotated[
    float,
    Field(
        ge=0.0,
        lt=1.0,
        allow_inf_nan=False,
        description=(
            "Geometric carry-over: of the revenue a day's spend earns, a share earns again on each "
            "following day, decaying by this factor per day (0 = all revenue on the day of spend)."
        ),
    ),
]


class HillCurve(StrictModel):
    """Hill saturation: revenue(s) = max_revenue · s^shape / (s^shape + half_saturation^shape).

    A shape above 1 gives an S-curve (slow start, then growth, then saturation).
    """

    kind: Literal["hill"] = Field(default="hill", description="Selects this curve type.")
    max_revenue: Money = Field(description="Daily revenue approached at very high spend.")
    half_saturation: Money = Field(description="Daily spend that earns half of max_revenue; must be positive.")
    shape: PositiveFloat = Field(
        default=1.0, le=MAX_SHAPE, description="Steepness; above 1 gives an S-shaped curve; above 0, at most 20."
    )
    carryover: Carryover = 0.0

    @field_validator("half_saturation")
    @classmethod
    def _positive_half_saturation(cls, value: Decimal) -> Decimal:
        if value <= 0:
            raise ValueError("half_saturation must be greater than 0")
        return value


class CurvePoint(StrictModel):
    """One measured or assumed (spend, revenue) pair of a daily response curve."""

    spend: Money = Field(description="Daily spend.")
    revenue: Money = Field(description="Expected revenue of that spend on its day.")


class PiecewiseCurve(StrictModel):
    """Linear interpolation between points; (0, 0) is implied; revenue stays flat after the last point."""

    kind: Literal["piecewise"] = Field(default="piecewise", description="Selects this curve type.")
    points: list[CurvePoint] = Field(min_length=1, description="Points in strictly increasing order of spend.")
    carryover: Carryover = 0.0

    @model_validator(mode="after")
    def _increasing_spend(self) -> PiecewiseCurve:
        previous = Decimal(-1)
        for point in self.points:
            if point.spend <= previous:
                raise ValueError("points must be in strictly increasing order of spend")
            previous = point.spend
        return self


class FittedCurveRef(StrictModel):
    """Use the curve fitted to this channel's stored history (see `mixplan fit`)."""

    kind: Literal["fitted"] = Field(default="fitted", description="Selects the stored fitted curve.")


ResponseCurve = Annotated[HillCurve | PiecewiseCurve, Field(discriminator="kind")]
"""A concrete response curve."""

CurveSetting = Annotated[HillCurve | PiecewiseCurve | FittedCurveRef, Field(discriminator="kind")]
"""What a scenario may say for a channel's curve: a concrete curve or a reference to the fitted one."""
