"""What the plan optimizes."""

from __future__ import annotations

from typing import Literal

from mixplan.model.base import Money, PositiveFloat, Rate, StrictModel
from pydantic import Field, model_validator

ObjectiveKind = Literal["max_revenue", "max_profit", "min_spend_for_revenue", "max_roas", "risk_aware"]


class Objective(StrictModel):
    """The goal of the plan and its parameters.

    - ``max_revenue``: most expected revenue (organic + paid) within the budget.
    - ``max_profit``: most ``margin × revenue − spend``; may leave budget unspent.
    - ``min_spend_for_revenue``: least spend whose expected revenue reaches ``revenue_target``.
    - ``max_roas``: highest paid revenue / paid spend with at least ``min_spend`` spent.
    - ``risk_aware``: best risk-adjusted revenue over the channels' curve samples (CVaR or mean − λ·sd).
    """

    kind: ObjectiveKind = Field(default="max_revenue", description="The goal; see the list above.")
    margin: Rate | None = Field(default=None, description="Gross margin on revenue, for max_profit.")
    revenue_target: Money | None = Field(default=None, description="Revenue to reach, for min_spend_for_revenue.")
    min_spend: Money | None = Field(default=None, description="Least paid spend, for max_roas.")
    risk_measure: Literal["cvar", "mean_sd"] = Field(default="cvar", description="For risk_aware.")
    risk_alpha: Rate = Field(default=0.2, description="CVaR tail share: mean of the worst alpha of samples.")
    risk_lambda: PositiveFloat = Field(
        default=1.0, le=100, description="Weight of the standard deviation in mean_sd; above 0, at most 100."
    )

    @model_validator(mode="after")
    def _parameters_present(self) -> Objective:
        if self.kind == "max_profit" and self.margin is None:
            raise ValueError("objective max_profit needs margin (e.g. 0.4 for 40 %)")
        if self.kind == "min_spend_for_revenue" and self.revenue_target is None:
            raise ValueError("objective min_spend_for_revenue needs revenue_target")
        if self.kind == "max_roas" and self.min_spend is None:
            raise ValueError("objective max_roas needs min_spend")
        if self.kind == "risk_aware" and self.risk_measure == "cvar" and self.risk_alpha <= 0:
            raise ValueError("risk_alpha must be greater than 0 for CVaR")
        return self
