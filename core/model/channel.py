"""One account on one platform, with the overrides of the platform's defaults that the brand needs."""

from __future__ import annotations

from datetime import date

from mixplan.model.audience import AudienceOverrides
from mixplan.model.base import MAX_HORIZON_HOURS, MAX_POST_COUNT, Identifier, Money, PositiveFloat, Rate, StrictModel
from mixplan.model.curves import CurveSetting, ResponseCurve
from pydantic import Field, field_validator


class PostingOverrides(StrictModel):
    """Channel-level replacements of the platform's posting rules; unset fields keep the platform default."""

    max_posts_per_day: int | None = Field(
        default=None, ge=0, le=MAX_POST_COUNT, description="Posts per local day (0 = no posts)."
    )
    max_posts_per_week: int | None = Field(default=None, ge=0, le=MAX_POST_COUNT, description="Posts per plan week.")
    min_gap_minutes: int | None = Field(
        default=None, ge=0, le=MAX_HORIZON_HOURS * 60, description="Least minutes between two posts."
    )
    blackout_hours: list[int] | None = Field(default=None, description="Local hours (0..23) with no posts.")
    publish_quota: int | None = Field(
        default=None, ge=0, le=MAX_POST_COUNT, description="Posts per rolling quota window."
    )
    min_posts_per_week: int | None = Field(
        default=None,
        ge=0,
        le=MAX_POST_COUNT,
        description="Least posts in every plan week (a short last week: in proportion, rounded down); presence.",
    )
    min_posts_per_day: int | None = Field(default=None, ge=0, le=MAX_POST_COUNT, description="Least posts every day.")
    same_day_decay: list[Rate] | None = Field(
        default=None, min_length=1, description="Value multipliers of the 1st, 2nd, … post of a day."
    )

    @field_validator("blackout_hours")
    @classmethod
    def _hours(cls, hours: list[int] | None) -> list[int] | None:
        if hours is None:
            return None
        for hour in hours:
            if not 0 <= hour <= 23:
                raise ValueError(f"blackout hour {hour} is not between 0 and 23")
        if len(set(hours)) == 24:
            raise ValueError("every hour is blacked out; leave at least one hour open")
        return sorted(set(hours))


class AdOverrides(StrictModel):
    """Channel-level paid settings: whether to buy ads here, the response curve, and rule overrides."""

    enabled: bool = Field(default=True, description="Buy paid spend on this channel.")
    curve: CurveSetting | None = Field(
        default=None, description="Daily response curve; unset uses the platform default or a stored fit."
    )
    curve_samples: list[ResponseCurve] = Field(
        default_factory=list,
        description="Alternative curves (e.g. bootstrap fits) for the risk-aware objective.",
    )
    min_daily_budget: Money | None = Field(default=None, description="Least daily spend when spending.")
    spend_step: Money | None = Field(default=None, description="Granularity of daily spend.")
    max_daily_change: PositiveFloat | None = Field(
        default=None,
        le=100,
        description=(
            "Largest day-over-day budget change as a share (0.5 = ±50 %); at most 100. Pausing (0) is allowed; "
            "restarting counts as a change from the last spend before the pause."
        ),
    )
    carryover_after_horizon: bool = Field(
        default=True,
        description=(
            "Count the carry-over revenue that spend near the end earns after the horizon (λ + λ² + … to infinity); "
            "false cuts it at the last planned day."
        ),
    )
    prior_spend: dict[date, Money] = Field(
        default_factory=dict,
        max_length=366,
        description=(
            "Daily spend before the window (date: amount): its carry-over earns revenue in the first days "
            "(totals.carried_in_revenue) and max_daily_change limits the first day against the day before; "
            "unset: the stored history of the 90 days before the window."
        ),
    )
    boost: bool | None = Field(default=None, description="Allow promoting this channel's scheduled posts.")
    boost_levels: list[Money] | None = Field(
        default=None, description="Spend levels a boost may take (0 is always allowed)."
    )
    boost_roas: PositiveFloat | None = Field(
        default=None,
        le=1000,
        description=(
            "Revenue per unit of boost spend at the first level, relative to the post's organic value; at most 1000."
        ),
    )


class Channel(StrictModel):
    """One account on one platform."""

    id: Identifier = Field(description="Channel id, unique in the scenario, e.g. 'ig_main'.")
    platform: Identifier = Field(description="Platform id from a loaded plugin, e.g. 'instagram'.")
    account: str = Field(default="", description="Account handle or id on the platform.")
    name: str | None = Field(
        default=None,
        min_length=1,
        max_length=80,
        description="Name shown in reports, e.g. 'Instagram shop'; default: the platform's name and the account.",
    )
    organic: bool = Field(default=True, description="Plan organic posts on this channel.")
    formats: list[Identifier] | None = Field(
        default=None, description="Restrict the formats used on this channel (default: all of the platform's)."
    )
    posting: PostingOverrides = Field(default_factory=PostingOverrides, description="Posting-rule overrides.")
    ads: AdOverrides = Field(default_factory=AdOverrides, description="Paid settings and ad-rule overrides.")
    audience: AudienceOverrides = Field(
        default_factory=AudienceOverrides, description="Audience overrides (size, activity, rates)."
    )
    credentials: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Where to find API credentials, e.g. {access_token: '$env:IG_TOKEN'} or '$file:/path'. "
            "Never a literal token; never stored."
        ),
    )

    @field_validator("credentials")
    @classmethod
    def _references_only(cls, references: dict[str, str]) -> dict[str, str]:
        for key, reference in references.items():
            if not reference.startswith(("$env:", "$file:")):
                raise ValueError(
                    f"credential {key!r} must be a reference like $env:NAME or $file:PATH, "
                    "never the token itself (scenario files get stored and shared)"
                )
        return references
