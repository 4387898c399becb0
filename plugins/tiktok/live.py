"""TikTok live data over the API for Business (v1.3): follower activity by hour.

``mixplan_fetch_audience``: ``GET /open_api/v1.3/business/get/`` with ``business_id``, a date
range (the last 30 days; TikTok keeps about 60 and lags 1–2 days) and
``fields=["followers_count","audience_activity"]``, token in the ``Access-Token`` header. Each
day's ``audience_activity`` is a list of ``{hour, count}``. TikTok does not document the zone
of ``hour``; mixplan takes it as UTC (the API's reporting zone) and converts to the brand's
time zone. TikTok answers HTTP 200 with ``code`` ≠ 0 on errors; that becomes one message with
TikTok's code and words.

The channel's ``account`` is the TikTok business id (open id); its credentials need
``access_token``. TikTok publishes no limits endpoint for ads budgets: the plugin's
documented minimum applies.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta

import httpx
from mixplan import hookimpl
from mixplan.credentials import Secret
from mixplan.errors import InputError, RemoteError
from mixplan.live.activity import weekly_activity
from mixplan.live.remote import get_json, parse_body
from mixplan.live.scrub import scrub
from mixplan.model import Channel, PlatformSpec
from mixplan.model.live import AudienceSnapshot
from pydantic import BaseModel, ConfigDict, Field, field_validator

PLATFORM = "tiktok"
BUSINESS_URL = "https://business-api.tiktok.com/open_api/v1.3/business/get/"
HISTORY_DAYS = 30
TOKEN_CODES = frozenset({40102, 40104, 40105})
RATE_LIMIT_CODES = frozenset({40100, 40133, 51021})
PERMISSION_CODES = frozenset({40001, 40002})


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class HourCountIn(_Lenient):
    """Followers active in one hour of a day."""

    hour: int = Field(ge=0, le=23)
    count: float = Field(ge=0)

    @field_validator("hour", mode="before")
    @classmethod
    def _hour_text(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value


class DayMetricsIn(_Lenient):
    """One day of account metrics."""

    date: date
    audience_activity: list[HourCountIn] | None = None


class BusinessAccountIn(_Lenient):
    """``data`` of ``business/get``."""

    followers_count: int | None = Field(default=None, ge=0)
    metrics: list[DayMetricsIn] | None = None


class BusinessResponseIn(_Lenient):
    """The envelope of every API for Business answer."""

    code: int
    message: str = ""
    data: BusinessAccountIn | None = None


def tiktok_error_message(code: int, message: str) -> str:
    """One sentence for a TikTok error code: expired token, rate limit, permission, or TikTok's words."""
    said = message.strip().rstrip(".") or "no message"
    lowered = said.lower()
    detail = f"(TikTok code {code}: {said})"
    if code in TOKEN_CODES or "token" in lowered:
        return (
            f"tiktok rejected the access token {detail}; it has expired or is invalid: create a new one and "
            "update the environment variable or file the channel's credentials name"
        )
    if code in RATE_LIMIT_CODES or "too many" in lowered or "frequen" in lowered:
        return f"tiktok rate limit reached {detail}; wait and try again later"
    if code in PERMISSION_CODES or "permission" in lowered:
        return f"tiktok refused the request for lack of permission {detail}; grant the app the account's insights scope"
    return f"tiktok refused the business/get request {detail}"


@hookimpl
def mixplan_fetch_audience(
    channel: Channel,
    platform: PlatformSpec,
    timezone: str,
    client: httpx.Client,
    credentials: Mapping[str, Secret],
) -> AudienceSnapshot | None:
    """TikTok's ``audience_activity`` of the last 30 days as a 7×24 week in `timezone`."""
    if platform.id != PLATFORM:
        return None
    token = credentials.get("access_token")
    if token is None:
        raise InputError(f"channel {channel.id} credentials", "needs access_token: $env:NAME (or $file:PATH)")
    business_id = channel.account.strip()
    if not business_id:
        raise InputError(f"channel {channel.id} account", "must be the TikTok business id to fetch live data")
    now = datetime.now(UTC)
    status, body = get_json(
        client,
        BUSINESS_URL,
        platform=PLATFORM,
        what="business/get",
        params={
            "business_id": business_id,
            "start_date": (now.date() - timedelta(days=HISTORY_DAYS)).isoformat(),
            "end_date": (now.date() - timedelta(days=1)).isoformat(),
            "fields": json.dumps(["followers_count", "audience_activity"]),
        },
        headers={"Access-Token": token.reveal()},
        secrets=[token],
    )
    if status >= 400 and not (isinstance(body, dict) and "code" in body):
        raise RemoteError(f"tiktok refused the business/get request with HTTP {status}")
    answer = parse_body(BusinessResponseIn, body, platform=PLATFORM, what="business/get")
    if answer.code != 0:
        raise RemoteError(scrub(tiktok_error_message(answer.code, answer.message), [token]))
    if answer.data is None:
        raise RemoteError("tiktok sent an unexpected business/get response: field data: missing")
    observations = [
        (datetime.combine(day.date, time(hour=entry.hour), tzinfo=UTC), entry.count)
        for day in answer.data.metrics or []
        for entry in day.audience_activity or []
    ]
    if not observations or not any(count > 0 for _, count in observations):
        raise RemoteError(
            "tiktok returned no audience_activity for the last 30 days "
            "(TikTok reports it only for business accounts with at least 100 followers)"
        )
    return AudienceSnapshot(
        channel_id=channel.id,
        platform=PLATFORM,
        fetched_at=now,
        source="tiktok:business/get audience_activity",
        activity=weekly_activity(observations, timezone),
        size=answer.data.followers_count,
    )
