"""What a platform plugin declares: formats, posting rules, ad-buying rules, default audience and curve."""

from __future__ import annotations

from decimal import Decimal

from mixplan.model.audience import AudienceProfile
from mixplan.model.base import Identifier, Money, PositiveFloat, Rate, StrictModel
from mixplan.model.curves import ResponseCurve
from pydantic import Field, field_validator, model_validator


class FormatSpec(StrictModel):
    """One post format of a platform with its hard limits; a limit left unset is not enforced."""

    id: Identifier = Field(description="Format id used in content items, e.g. 'image', 'reel'.")
    name: str = Field(description="Human name of the format.")
    caption_max_chars: int | None = Field(default=None, ge=0, description="Longest caption/body allowed.")
    title_max_chars: int | None = Field(default=None, ge=0, description="Longest title allowed.")
    hashtags_max: int | None = Field(default=None, ge=0, description="Most hashtags allowed in the caption.")
    media_min: int | None = Field(default=None, ge=0, description="Fewest media items (e.g. carousel).")
    media_max: int | None = Field(default=None, ge=0, description="Most media items.")
    video_min_seconds: float | None = Field(default=None, ge=0, description="Shortest video allowed.")
    video_max_seconds: float | None = Field(default=None, ge=0, description="Longest video allowed.")
    max_file_mb: float | None = Field(default=None, ge=0, description="Largest media file in MB.")
    aspect_ratio_min: float | None = Field(default=None, gt=0, description="Narrowest width/height ratio.")
    aspect_ratio_max: float | None = Field(default=None, gt=0, description="Widest width/height ratio.")


class PostingRules(StrictModel):
    """Limits on organic posting for one account."""

    max_posts_per_day: int | None = Field(default=None, ge=0, description="Posts per local calendar day.")
    max_posts_per_week: int | None = Field(default=None, ge=0, description="Posts per plan week (7 days).")
    min_gap_minutes: int = Field(default=0, ge=0, description="Least time between two posts of the account.")
    blackout_hours: list[int] = Field(
        default_factory=list, description="Local hours (0..23) in which nothing is published."
    )
    publish_quota: int | None = Field(
        default=None, ge=0, description="API publishing quota: posts per rolling quota window."
    )
    publish_quota_window_hours: int = Field(default=24, ge=1, le=168, description="Length of the quota window.")
    same_day_decay: list[Rate] = Field(
        default_factory=lambda: [1.0, 0.7, 0.5],
        min_length=1,
        description=(
            "Value multiplier of the 1st, 2nd, 3rd… post of the same day on the account; the last entry "
            "applies to every further post. Models diminishing returns of posting more often."
        ),
    )

    @field_validator("blackout_hours")
    @classmethod
    def _hours_in_day(cls, hours: list[int]) -> list[int]:
        for hour in hours:
            if not 0 <= hour <= 23:
                raise ValueError(f"blackout hour {hour} is not between 0 and 23")
        if len(set(hours)) == 24:
            raise ValueError("every hour is blacked out; leave at least one hour open")
        return sorted(set(hours))


class AdRules(StrictModel):
    """How a platform sells ads: minimums, granularity and pacing rules."""

    supports_ads: bool = Field(default=True, description="Whether paid spend can be bought on this platform.")
    supports_boost: bool = Field(default=False, description="Whether a published post can be promoted.")
    min_daily_budget: Money = Field(default=Decimal("0"), description="Least daily spend when a channel spends at all.")
    spend_step: Money = Field(default=Decimal("1.00"), description="Granularity of daily budgets.")
    max_daily_change: PositiveFloat | None = Field(
        default=None,
        le=100,
        description=(
            "Largest day-over-day change of the daily budget as a share of the previous day's budget "
            "(0.5 = within ±50 %). Unset: no limit."
        ),
    )
    learning_phase_events: int | None = Field(
        default=None, ge=0, description="Optimisation events needed to leave the learning phase (information)."
    )
    daily_overdelivery: float | None = Field(
        default=None,
        ge=0,
        allow_inf_nan=False,
        description="Share by which a day may overspend its daily budget (information).",
    )
    cpm: Money | None = Field(default=None, description="Typical cost per 1,000 impressions.")
    boost_min_budget: Money = Field(default=Decimal("0"), description="Least spend on one promoted post.")
    boost_max_budget: Money | None = Field(default=None, description="Most spend on one promoted post.")

    @field_validator("spend_step")
    @classmethod
    def _positive_step(cls, value: Decimal) -> Decimal:
        if value <= 0:
            raise ValueError("spend_step must be greater than 0")
        return value


class SourcedFact(StrictModel):
    """A default value with where it comes from, so that users can judge and override it."""

    fact: str
    source: str
    year: int | None = None


class PlatformSpec(StrictModel):
    """Everything a plugin declares about one platform."""

    id: Identifier = Field(description="Platform id used in scenarios, e.g. 'instagram'.")
    name: str = Field(description="Human name.")
    formats: list[FormatSpec] = Field(min_length=1)
    posting: PostingRules = Field(default_factory=PostingRules)
    ads: AdRules = Field(default_factory=AdRules)
    audience: AudienceProfile = Field(description="Default audience, used unless the channel overrides it.")
    default_curve: ResponseCurve | None = Field(
        default=None, description="Default daily response curve of paid spend, used unless the channel sets one."
    )
    sources: list[SourcedFact] = Field(default_factory=list, description="Where the defaults come from.")
    api_hosts: list[str] = Field(
        default_factory=list,
        description=(
            "Hosts the plugin's live-data hooks call (e.g. 'graph.facebook.com'). A channel's credentials are "
            "only ever sent over https to these hosts; empty: the plugin sends no credentials."
        ),
    )

    @field_validator("api_hosts")
    @classmethod
    def _bare_hosts(cls, hosts: list[str]) -> list[str]:
        for host in hosts:
            if not host or any(char in host for char in "/:@ ") or host != host.lower():
                raise ValueError(f"api host {host!r} must be a bare lower-case host name like 'graph.facebook.com'")
        return hosts

    @model_validator(mode="after")
    def _rates_for_known_formats(self) -> PlatformSpec:
        format_ids = {fmt.id for fmt in self.formats}
        unknown = sorted(set(self.audience.rates) - format_ids)
        if unknown:
            raise ValueError(f"audience rates name formats the platform does not have: {', '.join(unknown)}")
        return self

    def format(self, format_id: str) -> FormatSpec | None:
        """The format with this id, or None."""
        return next((fmt for fmt in self.formats if fmt.id == format_id), None)
