"""The output of a solve: posts, spend, boosts, totals and the solve report."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from mixplan.model.base import Identifier, Money, MoneyTotal, SignedMoney, StrictModel
from pydantic import AwareDatetime, Field

SolveStatus = Literal["optimal", "feasible", "infeasible", "no_solution", "interrupted"]


class ScheduledPost(StrictModel):
    """One organic post: what, where, when (time-zone aware), in which format, and what it should earn."""

    content_id: Identifier
    channel_id: Identifier
    start: AwareDatetime
    format: Identifier
    expected_impressions: float = Field(ge=0)
    expected_engagements: float = Field(ge=0)
    expected_clicks: float = Field(ge=0)
    expected_revenue: MoneyTotal


class SpendAllocation(StrictModel):
    """Paid spend of one channel on one day, its expected revenue and its marginal ROAS."""

    channel_id: Identifier
    day: date
    amount: Money
    expected_revenue: MoneyTotal = Field(description="Revenue this day's spend earns, carry-over included.")
    marginal_roas: float | None = Field(
        default=None, description="Extra revenue per extra unit of spend at this amount (next grid step)."
    )


class Boost(StrictModel):
    """Paid promotion of one scheduled post."""

    content_id: Identifier
    channel_id: Identifier
    start: AwareDatetime
    amount: Money
    expected_revenue: MoneyTotal


class Totals(StrictModel):
    """Plan-wide sums."""

    spend: Money
    ad_spend: Money
    boost_spend: Money
    revenue: MoneyTotal = Field(description="Organic + paid + boost revenue.")
    organic_revenue: MoneyTotal
    paid_revenue: MoneyTotal
    boost_revenue: MoneyTotal
    roas: float | None = Field(description="(paid + boost revenue) / spend; None when nothing is spent.")
    profit: SignedMoney | None = Field(default=None, description="margin × revenue − spend, when a margin is set.")
    reach: float = Field(ge=0, description="Expected impressions of organic posts.")
    engagement: float = Field(ge=0)
    clicks: float = Field(ge=0)
    posts: int = Field(ge=0)
    carried_in_revenue: MoneyTotal = Field(
        default=Decimal("0.00"),
        description=(
            "Revenue that spend before the window (ads.prior_spend or stored history) earns on the window's days "
            "through carry-over; not in revenue, since no decision of the plan changes it."
        ),
    )


class SolveReport(StrictModel):
    """How the plan was found and how good it is proven to be."""

    status: SolveStatus
    objective: float | None = Field(description="Objective value of the plan, in the objective's units.")
    best_bound: float | None = Field(description="Proven bound on the best possible objective.")
    gap: float | None = Field(
        description="Relative gap |bound − objective| / max(|bound|, |objective|), 0 within rounding."
    )
    objective_kind: str
    wall_time_s: float = Field(ge=0)
    seed: int
    solver: str
    solver_version: str
    parameters: dict[str, Any] = Field(default_factory=dict)
    messages: list[str] = Field(default_factory=list, description="Notes, e.g. why budget was left unspent.")
    conflicts: list[str] = Field(default_factory=list, description="Rules that conflict, when infeasible.")
    stopped_by: Literal["complete", "gap", "work_limit", "deadline", "stop"] = Field(
        default="complete",
        description=(
            "Why the search ended: complete (proven optimal, or proven to have no plan), gap (within the "
            "relative gap), work_limit (the counted work budget of --time-limit was used), deadline (the "
            "wall-clock --deadline cut it: the plan may differ on a faster machine), stop (interrupted)."
        ),
    )


class Plan(StrictModel):
    """A posting calendar and a spend plan for one scenario, with totals and the solve report."""

    scenario_name: str
    scenario_hash: str
    currency: str
    timezone: str
    start: date
    days: int
    posts: list[ScheduledPost] = Field(default_factory=list)
    spend: list[SpendAllocation] = Field(default_factory=list)
    boosts: list[Boost] = Field(default_factory=list)
    totals: Totals
    report: SolveReport
    created_at: AwareDatetime
    mixplan_version: str

    def as_json(self) -> str:
        """The plan as indented JSON, the form `mixplan export --format json` writes."""
        return self.model_dump_json(indent=2)

    @staticmethod
    def now() -> datetime:
        """The current UTC time, time-zone aware."""
        from datetime import UTC

        return datetime.now(UTC)
