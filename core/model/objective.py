"""What the plan optimizes."""

from __future__ import annotations

from typing import Literal, get_args

from mixplan.model.base import Money, PositiveFloat, Rate, StrictModel
from pydantic import Field, model_validator

ObjectiveKind = Literal[
    "max_revenue", "max_profit", "min_spend_for_revenue", "max_roas", "risk_aware", "target_roas", "target_cpa"
]
"""The objective kinds, spelled out once for mixplan: the model and the command line take them from here.
(``mixplan.solver`` depends on nothing of mixplan, so it states the same Literal for its Problem; a test
keeps the two equal.)"""

OBJECTIVE_KINDS: tuple[str, ...] = get_args(ObjectiveKind)
"""The same kinds as a tuple, in this order (for choices and messages)."""
MONEY_OBJECTIVES: frozenset[str] = frozenset(OBJECTIVE_KINDS) - {"max_roas"}
"""Objectives whose value is an amount of money (revenue, profit, spend); max_roas's is a ratio."""


class Objective(StrictModel):
    """The goal of the plan and its parameters.

    - ``max_revenue``: most expected revenue (organic + paid) within the budget.
    - ``max_profit``: most ``margin × revenue − spend``; may leave budget unspent.
    - ``min_spend_for_revenue``: least spend whose expected revenue reaches ``revenue_target``.
    - ``max_roas``: highest paid revenue / paid spend with at least ``min_spend`` spent.
    - ``risk_aware``: best risk-adjusted revenue over the channels' curve samples (CVaR or mean − λ·sd).
    - ``target_roas``: most expected revenue while ROAS stays at or above ``target_roas`` (Robyn's
      ``target_efficiency``); ``roas_basis`` ``paid`` (default: paid revenue / paid spend) or ``blended``
      (organic + paid revenue / paid spend). Spend may stay below the budget.
    - ``target_cpa``: most expected revenue while paid spend per paid conversion stays at or below
      ``target_cpa``; ``cpa_on`` ``orders`` (paid revenue / average order value, default) or ``clicks``
      (orders / the channel's conversion rate).
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

    target_roas: PositiveFloat | None = Field(
        default=None, le=1000, description="Least ROAS to keep, for target_roas (e.g. 4 for 4.00 revenue per 1.00)."
    )
    roas_basis: Literal["paid", "blended"] = Field(
        default="paid", description="target_roas on paid revenue only, or blended (organic + paid) revenue."
    )
    target_cpa: Money | None = Field(default=None, description="Most paid spend per paid conversion, for target_cpa.")
    cpa_on: Literal["orders", "clicks"] = Field(default="orders", description="What target_cpa counts as a conversion.")

    @model_validator(mode="after")
    def _parameters_present(self) -> Objective:
        if self.kind == "max_profit" and self.margin is None:
            raise ValueError("objective max_profit needs margin (e.g. 0.4 for 40 %)")
        if self.kind == "min_spend_for_revenue" and self.revenue_target is None:
            raise ValueError("objective min_spend_for_revenue needs revenue_target")
        if self.kind == "max_roas" and self.min_spend is None:
            raise ValueError("objective max_roas needs min_spend")
        if self.kind == "target_roas" and self.target_roas is None:
            raise ValueError("objective target_roas needs target_roas (e.g. 4 for a ROAS of 4.00)")
        if self.kind == "target_cpa" and (self.target_cpa is None or self.target_cpa <= 0):
            raise ValueError("objective target_cpa needs target_cpa above 0 (most spend per order or click)")
        if self.kind == "risk_aware" and self.risk_measure == "cvar" and self.risk_alpha <= 0:
            raise ValueError("risk_alpha must be greater than 0 for CVaR")
        return self
