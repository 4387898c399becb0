"""Instagram live data over the Graph API: follower activity by hour and the publishing quota.

- ``mixplan_fetch_audience``: ``GET /{ig-user-id}/insights?metric=online_followers&period=lifetime``
  for the last 30 days (following ``paging.next``), plus ``followers_count``. Each day of the
  metric runs 07:00Z–06:59Z and its hours are keyed "0".."23" in UTC; they are converted to the
  brand's time zone and averaged by weekday. Permissions: ``instagram_basic``,
  ``instagram_manage_insights``, ``pages_read_engagement`` (or ``instagram_business_manage_insights``).
- ``mixplan_fetch_limits``: ``GET /{ig-user-id}/content_publishing_limit?fields=quota_usage,config``.
- ``mixplan_fetch_actuals``: ``GET /{ig-user-id}/media`` and each post's lifetime ``/insights``.

The channel's ``account`` is the Instagram user id; its credentials need ``access_token``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from mixplan.actuals.importing import Actuals
from mixplan.errors import InputError, RemoteError
from mixplan.live.activity import weekly_activity
from mixplan.live.graph import GRAPH_URL, graph_get, graph_pages, lifetime_values
from mixplan.live.hooks import LiveCall, live_hook
from mixplan.live.remote import parse_body
from mixplan.model import Channel
from mixplan.model.actuals import PostActual
from mixplan.model.live import AudienceSnapshot, LiveLimits
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

PLATFORM = "instagram"
HISTORY_DAYS = 30


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class OnlineFollowersValueIn(_Lenient):
    """One day of ``online_followers``: followers online by UTC hour; empty for small accounts."""

    value: dict[int, float] = Field(default_factory=dict)
    end_time: AwareDatetime

    @field_validator("value", mode="before")
    @classmethod
    def _empty_list_is_no_data(cls, value: object) -> object:
        return {} if value in ([], None) else value

    @field_validator("value")
    @classmethod
    def _hours_in_day(cls, value: dict[int, float]) -> dict[int, float]:
        for hour, count in value.items():
            if not 0 <= hour <= 23:
                raise ValueError(f"hour key {hour} is not between 0 and 23")
            if count < 0:
                raise ValueError(f"count {count} for hour {hour} is negative")
        return value


class InsightIn(_Lenient):
    """One metric of an insights answer."""

    name: str
    values: list[OnlineFollowersValueIn]


class InsightsPageIn(_Lenient):
    """One page of ``/{ig-user-id}/insights``."""

    data: list[InsightIn]


class FollowersIn(_Lenient):
    """``/{ig-user-id}?fields=followers_count``."""

    followers_count: int | None = Field(default=None, ge=0)


class QuotaConfigIn(_Lenient):
    """``config`` of the publishing limit: posts allowed and the window in seconds."""

    quota_total: int = Field(ge=0)
    quota_duration: int = Field(gt=0)


class PublishingLimitIn(_Lenient):
    """One entry of ``content_publishing_limit``."""

    quota_usage: int = Field(ge=0)
    config: QuotaConfigIn


class PublishingLimitPageIn(_Lenient):
    """``/{ig-user-id}/content_publishing_limit``."""

    data: list[PublishingLimitIn] = Field(min_length=1)


def hour_start(end_time: datetime, hour: int) -> datetime:
    """The UTC start of hour `hour` inside the day that ends at `end_time` (a 24-hour window)."""
    day_start = (end_time - timedelta(hours=24)).astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return day_start + timedelta(hours=(hour - day_start.hour) % 24)


def _user_id(channel: Channel) -> str:
    account = channel.account.strip()
    if not account.isdigit():
        raise InputError(
            f"channel {channel.id} account",
            "must be the numeric Instagram user id (from the Graph API, not the @handle) to fetch live data",
        )
    return account


def fetch_audience(call: LiveCall, timezone: str) -> AudienceSnapshot:
    """Instagram's ``online_followers`` of the last 30 days as a 7×24 week in `timezone`."""
    client, token, user_id = call.client, call.token, _user_id(call.channel)
    now = datetime.now(UTC)
    observations: dict[datetime, float] = {}  # by hour: a day repeated on another page counts once
    for page in graph_pages(
        client,
        f"{GRAPH_URL}/{user_id}/insights",
        token,
        platform=PLATFORM,
        what="online_followers",
        params={
            "metric": "online_followers",
            "period": "lifetime",
            "since": int((now - timedelta(days=HISTORY_DAYS)).timestamp()),
            "until": int(now.timestamp()),
        },
    ):
        insights = parse_body(InsightsPageIn, page, platform=PLATFORM, what="online_followers")
        for metric in insights.data:
            if metric.name != "online_followers":
                continue
            for day in metric.values:
                observations.update({hour_start(day.end_time, hour): count for hour, count in day.value.items()})
    if not any(count > 0 for count in observations.values()):
        raise RemoteError(
            "instagram returned no online_followers data for the last 30 days "
            "(Instagram reports it only for accounts with at least 100 followers)"
        )
    profile = graph_get(
        client,
        f"{GRAPH_URL}/{user_id}",
        token,
        platform=PLATFORM,
        what="followers_count",
        params={"fields": "followers_count"},
    )
    followers = parse_body(FollowersIn, profile, platform=PLATFORM, what="followers_count")
    return AudienceSnapshot(
        channel_id=call.channel.id,
        platform=PLATFORM,
        fetched_at=now,
        source="instagram:online_followers",
        activity=weekly_activity(observations.items(), timezone),
        size=followers.followers_count,
    )


def fetch_limits(call: LiveCall) -> LiveLimits:
    """Instagram's API publishing quota and how much of it the last 24 hours used."""
    now = datetime.now(UTC)
    body = graph_get(
        call.client,
        f"{GRAPH_URL}/{_user_id(call.channel)}/content_publishing_limit",
        call.token,
        platform=PLATFORM,
        what="content_publishing_limit",
        params={"fields": "quota_usage,config", "since": int((now - timedelta(hours=24)).timestamp())},
    )
    limit = parse_body(PublishingLimitPageIn, body, platform=PLATFORM, what="content_publishing_limit").data[0]
    return LiveLimits(
        channel_id=call.channel.id,
        platform=PLATFORM,
        fetched_at=now,
        source="instagram:content_publishing_limit",
        publish_quota=limit.config.quota_total,
        publish_quota_window_hours=max(1, round(limit.config.quota_duration / 3600)),
        quota_used=limit.quota_usage,
    )


MEDIA_METRICS = "reach,views,total_interactions,saved,shares"
"""Lifetime media insights asked for: ``views`` replaced ``impressions`` in Graph API v22 (2025)."""


class MediaIn(_Lenient):
    """One entry of ``/{ig-user-id}/media?fields=id,timestamp``."""

    id: str = Field(min_length=1)
    timestamp: AwareDatetime


class MediaPageIn(_Lenient):
    """One page of ``/{ig-user-id}/media``."""

    data: list[MediaIn]


def fetch_actuals(call: LiveCall, since: date, until: date) -> Actuals:
    """Instagram media published from `since` to `until` with their lifetime insights, one post row each.

    ``GET /{ig-user-id}/media?fields=id,timestamp`` (newest first, following ``paging.next``), then
    ``GET /{ig-media-id}/insights?metric=reach,views,total_interactions,…`` per post. Impressions
    are ``views`` (``reach`` where views are absent); engagements are ``total_interactions``.
    The media insights have no link clicks, so clicks are 0 (organic posts carry no spend).
    """
    client, token, user_id = call.client, call.token, _user_id(call.channel)
    start = datetime.combine(since, time(), UTC)
    end = datetime.combine(until + timedelta(days=1), time(), UTC)
    posts: list[PostActual] = []
    for page in graph_pages(
        client,
        f"{GRAPH_URL}/{user_id}/media",
        token,
        platform=PLATFORM,
        what="media",
        params={"fields": "id,timestamp", "since": int(start.timestamp()), "until": int(end.timestamp())},
    ):
        media = parse_body(MediaPageIn, page, platform=PLATFORM, what="media")
        for item in media.data:
            if not start <= item.timestamp < end:
                continue
            insights = graph_get(
                client,
                f"{GRAPH_URL}/{item.id}/insights",
                token,
                platform=PLATFORM,
                what="media insights",
                params={"metric": MEDIA_METRICS},
            )
            values = lifetime_values(insights)
            posts.append(
                PostActual(
                    content_id=item.id,
                    channel_id=call.channel.id,
                    published_at=item.timestamp,
                    impressions=values.get("views", values.get("reach", 0)),
                    engagements=values.get("total_interactions", 0),
                )
            )
        if media.data and min(item.timestamp for item in media.data) < start:
            break  # the list is newest first: older pages are outside the window
    return Actuals(posts=posts, days=[])


mixplan_fetch_audience = live_hook("mixplan_fetch_audience", PLATFORM, fetch_audience)
mixplan_fetch_limits = live_hook("mixplan_fetch_limits", PLATFORM, fetch_limits)
mixplan_fetch_actuals = live_hook("mixplan_fetch_actuals", PLATFORM, fetch_actuals)
