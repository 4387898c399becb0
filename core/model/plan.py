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

    content_id: Identifier = Field(description="The content item's id (`content[].id`).")
    channel_id: Identifier = Field(description="The channel's id (`channels[].id`).")
    start: AwareDatetime = Field(description="When the post goes out, in the scenario's time zone.")
    format: Identifier = Field(description="The format id used on this channel.")
    expected_impressions: float = Field(ge=0, description="Expected organic impressions.")
    expected_engagements: float = Field(ge=0, description="Expected engagements (likes, comments, shares, saves).")
    expected_clicks: float = Field(ge=0, description="Expected clicks.")
    expected_revenue: MoneyTotal = Field(description="Expected revenue of the post's organic clicks.")


class SpendAllocation(StrictModel):
    """Paid spend of one channel on one day, its expected revenue and its marginal ROAS."""

    channel_id: Identifier = Field(description="The channel's id.")
    day: date = Field(description="The local calendar day.")
    amount: Money = Field(description="Daily ad spend (a multiple of the channel's spend step).")
    expected_revenue: MoneyTotal = Field(description="Revenue this day's spend earns, carry-over included.")
    marginal_roas: float | None = Field(
        default=None, description="Extra revenue per extra unit of spend at this amount (next grid step)."
    )


class Boost(StrictModel):
    """Paid promotion of one scheduled post."""

    content_id: Identifier = Field(description="The promoted post's content id.")
    channel_id: Identifier = Field(description="The channel's id.")
    start: AwareDatetime = Field(description="The promoted post's start time.")
    amount: Money = Field(description="Spend on promoting the post.")
    expected_revenue: MoneyTotal = Field(description="Revenue the promotion adds.")


class Totals(StrictModel):
    """Plan-wide sums."""

    spend: Money = Field(description="Ad spend + boost spend.")
    ad_spend: Money = Field(description="Sum of the daily spend rows.")
    boost_spend: Money = Field(description="Sum of the boosts.")
    revenue: MoneyTotal = Field(description="Organic + paid + boost revenue.")
    organic_revenue: MoneyTotal = Field(description="Revenue of the organic posts.")
    paid_revenue: MoneyTotal = Field(description="Revenue of the daily ad spend.")
    boost_revenue: MoneyTotal = Field(description="Revenue the boosts add.")
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

    status: SolveStatus = Field(
        description="optimal, feasible (a plan, not proven best), infeasible, no_solution or interrupted."
    )
    objective: float | None = Field(description="Objective value of the plan, in the objective's units.")
    best_bound: float | None = Field(description="Proven bound on the best possible objective.")
    gap: float | None = Field(
        description="Relative gap |bound − objective| / max(|bound|, |objective|), 0 within rounding."
    )
    objective_kind: str = Field(description="The objective solved for (`objective.kind` of the scenario).")
    wall_time_s: float = Field(ge=0, description="Seconds the solve took.")
    seed: int = Field(description="Random seed of the solver.")
    solver: str = Field(description="Solver name (OR-Tools CP-SAT and the posting engine).")
    solver_version: str = Field(description="Solver version.")
    parameters: dict[str, Any] = Field(
        default_factory=dict, description="Solver parameters used (time limit, workers, gap, …)."
    )
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

    scenario_name: str = Field(description="`name` of the scenario.")
    scenario_hash: str = Field(description="Hash of the scenario's canonical JSON: which input made this plan.")
    currency: str = Field(description="The scenario's currency (ISO 4217) of every amount.")
    timezone: str = Field(description="The scenario's IANA time zone.")
    start: date = Field(description="First day of the horizon.")
    days: int = Field(description="Length of the horizon in days.")
    posts: list[ScheduledPost] = Field(default_factory=list, description="The posting calendar.")
    spend: list[SpendAllocation] = Field(
        default_factory=list, description="Daily ad spend, one row per channel and day."
    )
    boosts: list[Boost] = Field(default_factory=list, description="Promoted posts.")
    totals: Totals = Field(description="Totals over the horizon.")
    report: SolveReport = Field(description="How the plan was found and how good it is proven to be.")
    created_at: AwareDatetime = Field(description="When the plan was made (UTC).")
    mixplan_version: str = Field(description="The mixplan version that made it.")

    def as_json(self) -> str:
        """The plan as indented JSON, the form `mixplan export --format json` writes."""
        return self.model_dump_json(indent=2)

    @staticmethod
    def now() -> datetime:
        """The current UTC time, time-zone aware."""
        from datetime import UTC

        return datetime.now(UTC)
