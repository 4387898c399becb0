"""Merge each channel's overrides with its platform's defaults (and stored live data) into one view."""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass, field
from datetime import UTC, date
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from mixplan.errors import InputError
from mixplan.model.audience import AudienceProfile
from mixplan.model.channel import Channel
from mixplan.model.curves import FittedCurveRef, ResponseCurve
from mixplan.model.history import FittedCurve
from mixplan.model.live import AudienceSnapshot, LiveLimits
from mixplan.model.platform import AdRules, FormatSpec, PlatformSpec, PostingRules
from mixplan.model.scenario import Scenario
from pydantic import BaseModel

DEFAULT_BOOST_ROAS = 2.0
LONGEST_QUOTA_WINDOW_HOURS = 168
"""The longest publishing-quota window a posting rule can hold (`PostingRules.publish_quota_window_hours`)."""
ModelT = TypeVar("ModelT", bound=BaseModel)


class ChannelDataSource(Protocol):
    """Where stored per-channel data comes from (the storage layer implements this)."""

    def latest_fitted_curve(self, channel_id: str) -> FittedCurve | None:
        """The newest fitted or imported curve of the channel, if any."""

    def latest_audience(self, channel_id: str) -> AudienceSnapshot | None:
        """The newest live audience snapshot of the channel, if any."""

    def latest_limits(self, channel_id: str) -> LiveLimits | None:
        """The newest live limits (publishing quota, minimum daily budget) of the channel, if any."""


@dataclass(frozen=True)
class ResolvedChannel:
    """A channel with every rule and number settled: what the compiler and the verifier work from."""

    index: int
    channel: Channel
    platform: PlatformSpec
    posting: PostingRules
    ads: AdRules
    audience: AudienceProfile
    formats: tuple[FormatSpec, ...]
    ads_enabled: bool
    organic_enabled: bool
    curve: ResponseCurve | None
    curve_samples: tuple[ResponseCurve, ...]
    boost_enabled: bool
    boost_levels: tuple[Decimal, ...]
    boost_roas: float
    notes: tuple[str, ...] = field(default_factory=tuple)
    prior_spend: tuple[tuple[date, Decimal], ...] = ()
    """Daily spend before the window, oldest first (see :mod:`mixplan.prior_spend`)."""

    @property
    def id(self) -> str:
        """The channel id."""
        return self.channel.id

    @property
    def label(self) -> str:
        """How the channel is named in messages: ``id (Platform name)``."""
        return f"{self.channel.id} ({self.platform.name})"


def resolve_channels(
    scenario: Scenario, platforms: dict[str, PlatformSpec], data: ChannelDataSource | None = None
) -> list[ResolvedChannel]:
    """Resolve every channel; an unknown platform or format is an InputError naming the field."""
    from mixplan.prior_spend import prior_spend_of

    resolved = []
    for index, channel in enumerate(scenario.channels):
        one = resolve_channel(index, channel, platforms, data, currency=scenario.currency)
        prior = prior_spend_of(channel, f"channels[{index}]", scenario.horizon.start, data if one.ads_enabled else None)
        if one.ads_enabled and prior:
            one = dataclasses.replace(one, prior_spend=prior)
        resolved.append(one)
    return resolved


def resolve_channel(
    index: int, channel: Channel, platforms: dict[str, PlatformSpec], data: ChannelDataSource | None, *, currency: str
) -> ResolvedChannel:
    """Resolve one channel (see :func:`resolve_channels`); `currency` is the scenario's, for live budgets."""
    where = f"channels[{index}]"
    platform = platforms.get(channel.platform)
    if platform is None:
        known = ", ".join(sorted(platforms)) or "none loaded"
        raise InputError(
            f"{where}.platform",
            f"unknown platform {channel.platform!r}; known platforms: {known} (see `mixplan platforms`)",
        )
    notes: list[str] = []
    # presence minimums are goals (mixplan.goals), not platform rules
    overrides = channel.posting.model_dump(exclude_none=True, exclude={"min_posts_per_week", "min_posts_per_day"})
    posting = _merged(platform.posting, overrides)
    _check_decay(posting.same_day_decay, f"{where}.posting.same_day_decay")
    ad_updates = {
        key: value
        for key, value in channel.ads.model_dump(
            include={"min_daily_budget", "spend_step", "max_daily_change"}, exclude_none=True
        ).items()
    }
    ads = _merged(platform.ads, ad_updates)
    if ads.spend_step <= 0:
        raise InputError(f"{where}.ads.spend_step", "must be greater than 0")
    limits = data.latest_limits(channel.id) if data is not None else None
    if limits is not None:
        posting, ads = _apply_live_limits(limits, channel, platform, posting, ads, currency, notes)

    audience = _merged(platform.audience, channel.audience.model_dump(exclude_none=True))
    if channel.audience.activity is None and data is not None:
        snapshot = data.latest_audience(channel.id)
        if snapshot is not None:
            audience = _merged(audience, {"activity": snapshot.activity})
            if snapshot.size is not None and channel.audience.size is None:
                audience = _merged(audience, {"size": snapshot.size})
            notes.append(f"audience activity from {snapshot.source} fetched {snapshot.fetched_at:%Y-%m-%d %H:%M %Z}")

    formats = _usable_formats(channel, platform, where)
    for format_spec in formats:
        if format_spec.id not in audience.rates:
            raise InputError(
                f"{where}.audience.rates",
                f"no response rates for format {format_spec.id!r}; add rates for it "
                f"or restrict channels[{index}].formats",
            )

    ads_enabled = channel.ads.enabled and platform.ads.supports_ads
    curve, samples = _resolve_curve(channel, platform, data, where, notes) if ads_enabled else (None, ())
    if ads_enabled and curve is None:
        notes.append("no response curve: paid spend disabled on this channel")
        ads_enabled = False
    organic = channel.organic and posting.max_posts_per_day != 0 and posting.max_posts_per_week != 0

    boost_enabled = bool(
        platform.ads.supports_boost and channel.ads.enabled and (channel.ads.boost is not False) and organic
    )
    if channel.ads.boost and not platform.ads.supports_boost:
        raise InputError(f"{where}.ads.boost", f"{platform.name} does not support promoting posts")
    levels = _boost_levels(channel, ads) if boost_enabled else ()
    return ResolvedChannel(
        index=index,
        channel=channel,
        platform=platform,
        posting=posting,
        ads=ads,
        audience=audience,
        formats=formats,
        ads_enabled=ads_enabled,
        organic_enabled=organic,
        curve=curve,
        curve_samples=samples,
        boost_enabled=boost_enabled and bool(levels),
        boost_levels=levels,
        boost_roas=channel.ads.boost_roas or DEFAULT_BOOST_ROAS,
        notes=tuple(notes),
    )


def _apply_live_limits(
    limits: LiveLimits,
    channel: Channel,
    platform: PlatformSpec,
    posting: PostingRules,
    ads: AdRules,
    currency: str,
    notes: list[str],
) -> tuple[PostingRules, AdRules]:
    """Stored live limits in place of the platform's defaults; what the scenario sets itself wins.

    Every live value used or ignored adds a note naming its source and fetch time.
    """
    origin = f"{limits.source}, fetched {limits.fetched_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    if limits.platform != platform.id:
        notes.append(
            f"live limits ({origin}) ignored: they were fetched for platform {limits.platform!r}, "
            f"the channel is on {platform.id!r}"
        )
        return posting, ads
    if limits.publish_quota is not None and channel.organic:
        posting = _live_quota(limits, channel, posting, origin, notes)
    if limits.min_daily_budget is not None and channel.ads.enabled and platform.ads.supports_ads:
        ads = _live_min_budget(limits, channel, ads, currency, origin, notes)
    return posting, ads


def _live_quota(
    limits: LiveLimits, channel: Channel, posting: PostingRules, origin: str, notes: list[str]
) -> PostingRules:
    """The live publishing quota as the posting rule, unless the scenario sets `posting.publish_quota`."""
    assert limits.publish_quota is not None
    quota, window = limits.publish_quota, limits.publish_quota_window_hours
    reported = f"{quota} per {window} h" if window is not None else f"{quota}"
    if channel.posting.publish_quota is not None:
        notes.append(
            f"live publishing quota {reported} ({origin}) ignored: the scenario sets "
            f"posting.publish_quota = {channel.posting.publish_quota}"
        )
        return posting
    how = ""
    if window is None:
        window = posting.publish_quota_window_hours
        how = f"; no window reported, the platform's {window} h window is used"
    elif window > LONGEST_QUOTA_WINDOW_HOURS:
        # Any rolling `window`-hour stretch is covered by `parts` rolling 168-hour windows, so at most
        # quota // parts posts per 168 h keeps the platform's rule (it may allow slightly fewer posts).
        parts = math.ceil(window / LONGEST_QUOTA_WINDOW_HOURS)
        quota = quota // parts
        how = (
            f"; its {window} h window is longer than the planner's longest ({LONGEST_QUOTA_WINDOW_HOURS} h), "
            f"so it is applied as {quota} per {LONGEST_QUOTA_WINDOW_HOURS} h, which keeps it"
        )
        window = LONGEST_QUOTA_WINDOW_HOURS
    if limits.quota_used:
        how += f"; the {limits.quota_used} posts used at fetch time are not subtracted"
    default = (
        "none"
        if posting.publish_quota is None
        else f"{posting.publish_quota} per {posting.publish_quota_window_hours} h"
    )
    notes.append(f"publishing quota {quota} per {window} h from {origin} (platform default {default}{how})")
    return _merged(posting, {"publish_quota": quota, "publish_quota_window_hours": window})


def _live_min_budget(
    limits: LiveLimits, channel: Channel, ads: AdRules, currency: str, origin: str, notes: list[str]
) -> AdRules:
    """The live minimum daily budget as the ad rule, unless the scenario sets it or the currency differs."""
    assert limits.min_daily_budget is not None
    amount = limits.min_daily_budget
    shown = f"{amount} {limits.currency}" if limits.currency else f"{amount}"
    if channel.ads.min_daily_budget is not None:
        notes.append(
            f"live minimum daily budget {shown} ({origin}) ignored: the scenario sets "
            f"ads.min_daily_budget = {channel.ads.min_daily_budget}"
        )
        return ads
    if limits.currency is not None and limits.currency.upper() != currency.upper():
        notes.append(
            f"live minimum daily budget {shown} ({origin}) not used: the scenario's amounts are in {currency}; "
            f"the platform default {ads.min_daily_budget} {currency} applies"
        )
        return ads
    notes.append(f"minimum daily budget {amount} {currency} from {origin} (platform default {ads.min_daily_budget})")
    return _merged(ads, {"min_daily_budget": amount})


def _merged(base: ModelT, updates: dict[str, Any]) -> ModelT:
    """`base` with `updates` applied, validated again (model_copy would skip validation)."""
    return type(base).model_validate({**base.model_dump(), **updates})


def _check_decay(decay: list[float], field_name: str) -> None:
    for earlier, later in itertools.pairwise(decay):
        if later > earlier:
            raise InputError(field_name, "must not increase from one post to the next (e.g. [1.0, 0.7, 0.5])")


def _usable_formats(channel: Channel, platform: PlatformSpec, where: str) -> tuple[FormatSpec, ...]:
    if channel.formats is None:
        return tuple(platform.formats)
    chosen = []
    for position, format_id in enumerate(channel.formats):
        spec = platform.format(format_id)
        if spec is None:
            known = ", ".join(fmt.id for fmt in platform.formats)
            raise InputError(
                f"{where}.formats[{position}]", f"{platform.name} has no format {format_id!r}; it has {known}"
            )
        chosen.append(spec)
    return tuple(chosen)


def _resolve_curve(
    channel: Channel, platform: PlatformSpec, data: ChannelDataSource | None, where: str, notes: list[str]
) -> tuple[ResponseCurve | None, tuple[ResponseCurve, ...]]:
    setting = channel.ads.curve
    fitted = data.latest_fitted_curve(channel.id) if data is not None else None
    if isinstance(setting, FittedCurveRef):
        if fitted is None:
            raise InputError(
                f"{where}.ads.curve",
                f"says 'fitted' but no curve is stored for channel {channel.id!r}; run `mixplan fit` "
                "or `mixplan curves import` first",
            )
        notes.append(f"response curve fitted {fitted.fitted_at:%Y-%m-%d} ({fitted.source})")
        return fitted.curve, tuple(channel.ads.curve_samples or fitted.samples)
    if setting is not None:
        return setting, tuple(channel.ads.curve_samples)
    if fitted is not None:
        notes.append(f"response curve fitted {fitted.fitted_at:%Y-%m-%d} ({fitted.source})")
        return fitted.curve, tuple(channel.ads.curve_samples or fitted.samples)
    return platform.default_curve, tuple(channel.ads.curve_samples)


def _boost_levels(channel: Channel, ads: AdRules) -> tuple[Decimal, ...]:
    if channel.ads.boost_levels is not None:
        levels = sorted({level for level in channel.ads.boost_levels if level > 0})
    else:
        base = ads.boost_min_budget if ads.boost_min_budget > 0 else Decimal("5.00")
        levels = [base, base * 2, base * 4]
    if ads.boost_max_budget is not None:
        levels = [level for level in levels if level <= ads.boost_max_budget]
    return tuple(Decimal(level).quantize(Decimal("0.01")) for level in levels)
