"""TikTok live data over the API for Business (v1.3): follower activity by hour and organic video results.

- ``mixplan_fetch_audience``: ``GET /open_api/v1.3/business/get/`` with ``business_id``, a date
  range (the last 30 days; TikTok keeps about 60 and lags 1–2 days) and
  ``fields=["followers_count","audience_activity"]``. Each day's ``audience_activity`` is a list
  of ``{hour, count}``. TikTok does not document the zone of ``hour``; mixplan takes it as UTC
  (the API's reporting zone) and converts to the brand's time zone.
- ``mixplan_fetch_actuals``: ``GET /open_api/v1.3/business/video/list/`` with ``business_id``,
  ``fields``, ``max_count`` (at most 20) and ``cursor``, following ``data.cursor`` while
  ``data.has_more`` is true: one post row per video created in the window.

The token goes in the ``Access-Token`` header. TikTok answers HTTP 200 with ``code`` ≠ 0 on
errors; that becomes one message with TikTok's code and words. The request and answer shapes
follow ../shared/reference/platforms.md (§3 TikTok, from sns-sdks/python-tiktok
``pytiktok/business_account_api.py`` and ``pytiktok/models/business_account.py``).

The channel's ``account`` is the TikTok business id (open id); its credentials need
``access_token``. TikTok publishes no limits endpoint for ads budgets: the plugin's
documented minimum applies.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Generic, TypeVar

from mixplan.actuals.importing import Actuals
from mixplan.errors import InputError, RemoteError
from mixplan.live.activity import weekly_activity
from mixplan.live.hooks import LiveCall, live_hook
from mixplan.live.remote import get_json, parse_body
from mixplan.live.scrub import scrub
from mixplan.model.actuals import PostActual
from mixplan.model.live import AudienceSnapshot
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

PLATFORM = "tiktok"
API_URL = "https://business-api.tiktok.com/open_api/v1.3"
HISTORY_DAYS = 30
TOKEN_CODES = frozenset({40102, 40104, 40105})
RATE_LIMIT_CODES = frozenset({40100, 40133, 51021})
PERMISSION_CODES = frozenset({40001, 40002})
VIDEO_FIELDS = ("item_id", "create_time", "video_views", "reach", "likes", "comments", "shares", "website_clicks")
"""The per-video fields asked of ``business/video/list``."""
VIDEOS_PER_PAGE = 20
"""``max_count``: the most TikTok returns per page (1–20)."""
MAX_VIDEO_PAGES = 50
"""Pages of ``business/video/list`` one fetch follows at most (1,000 videos); more is an error, not a cut."""
DataT = TypeVar("DataT", bound=BaseModel)


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class EnvelopeIn(_Lenient, Generic[DataT]):
    """The envelope of every API for Business answer: ``code`` 0 on success, ``data`` the endpoint's object."""

    code: int
    message: str = ""
    data: DataT | None = None


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


class VideoIn(_Lenient):
    """One video of ``business/video/list``: ``create_time`` is a Unix time (seconds, often as a string)."""

    item_id: str = Field(min_length=1)
    create_time: AwareDatetime
    video_views: int | None = Field(default=None, ge=0)
    reach: int | None = Field(default=None, ge=0)
    likes: int = Field(default=0, ge=0)
    comments: int = Field(default=0, ge=0)
    shares: int = Field(default=0, ge=0)
    website_clicks: int = Field(default=0, ge=0)

    @field_validator("likes", "comments", "shares", "website_clicks", mode="before")
    @classmethod
    def _null_is_none(cls, value: object) -> object:
        return 0 if value is None else value


class VideoListIn(_Lenient):
    """``data`` of ``business/video/list``: a page of videos, newest first, and the cursor of the next page."""

    videos: list[VideoIn] = Field(default_factory=list)
    cursor: int | None = None
    has_more: bool = False


def tiktok_error_message(code: int, message: str, what: str = "business/get") -> str:
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
    return f"tiktok refused the {what} request {detail}"


def business_id(call: LiveCall) -> str:
    """The channel's TikTok business id (its ``account``); an InputError when it is empty."""
    account = call.channel.account.strip()
    if not account:
        raise InputError(f"channel {call.channel.id} account", "must be the TikTok business id to fetch live data")
    return account


def business_get(call: LiveCall, path: str, data: type[DataT], params: dict[str, str | int]) -> DataT:
    """GET one API for Business endpoint (`path` under v1.3) and return its checked ``data``.

    An HTTP error without TikTok's envelope, a ``code`` ≠ 0, a body of the wrong shape or a
    missing ``data`` each raise one RemoteError; the token is masked in all of them.
    """
    what = path.strip("/")
    status, body = get_json(
        call.client,
        f"{API_URL}/{path}",
        platform=PLATFORM,
        what=what,
        params=params,
        headers={"Access-Token": call.token.reveal()},
        secrets=[call.token],
    )
    if status >= 400 and not (isinstance(body, dict) and "code" in body):
        raise RemoteError(f"tiktok refused the {what} request with HTTP {status}")
    answer = parse_body(EnvelopeIn[data], body, platform=PLATFORM, what=what)  # type: ignore[valid-type]
    if answer.code != 0:
        raise RemoteError(scrub(tiktok_error_message(answer.code, answer.message, what), [call.token]))
    if answer.data is None:
        raise RemoteError(f"tiktok sent an unexpected {what} response: field data: missing")
    found: DataT = answer.data
    return found


def fetch_audience(call: LiveCall, timezone: str) -> AudienceSnapshot:
    """TikTok's ``audience_activity`` of the last 30 days as a 7×24 week in `timezone`."""
    now = datetime.now(UTC)
    account = business_get(
        call,
        "business/get/",
        BusinessAccountIn,
        {
            "business_id": business_id(call),
            "start_date": (now.date() - timedelta(days=HISTORY_DAYS)).isoformat(),
            "end_date": (now.date() - timedelta(days=1)).isoformat(),
            "fields": json.dumps(["followers_count", "audience_activity"]),
        },
    )
    observations = [
        (datetime.combine(day.date, time(hour=entry.hour), tzinfo=UTC), entry.count)
        for day in account.metrics or []
        for entry in day.audience_activity or []
    ]
    if not observations or not any(count > 0 for _, count in observations):
        raise RemoteError(
            "tiktok returned no audience_activity for the last 30 days "
            "(TikTok reports it only for business accounts with at least 100 followers)"
        )
    return AudienceSnapshot(
        channel_id=call.channel.id,
        platform=PLATFORM,
        fetched_at=now,
        source="tiktok:business/get audience_activity",
        activity=weekly_activity(observations, timezone),
        size=account.followers_count,
    )


def video_post(channel_id: str, video: VideoIn) -> PostActual:
    """A video's lifetime results as a post row.

    Impressions are ``video_views`` (``reach`` when absent), engagements ``likes + comments +
    shares`` (favorites are left out, as Instagram's saves are), clicks ``website_clicks``.
    """
    views = video.video_views if video.video_views is not None else video.reach
    return PostActual(
        content_id=video.item_id,
        channel_id=channel_id,
        published_at=video.create_time,
        impressions=views or 0,
        engagements=video.likes + video.comments + video.shares,
        clicks=video.website_clicks,
    )


def fetch_actuals(call: LiveCall, since: date, until: date) -> Actuals:
    """The business account's videos created from `since` to `until` with their results, one post row each.

    ``GET business/video/list/`` pages newest first; the fetch stops when ``has_more`` is false,
    the cursor repeats, or a page reaches back before `since`. A window with more than
    :data:`MAX_VIDEO_PAGES` pages is refused (fetch it in parts) rather than stored cut short.
    Organic videos carry no spend, so there are no channel-day rows.
    """
    start = datetime.combine(since, time(), UTC)
    end = datetime.combine(until + timedelta(days=1), time(), UTC)
    params: dict[str, str | int] = {
        "business_id": business_id(call),
        "fields": json.dumps(list(VIDEO_FIELDS)),
        "max_count": VIDEOS_PER_PAGE,
    }
    posts: dict[str, PostActual] = {}
    seen_cursors: set[int] = set()
    for _ in range(MAX_VIDEO_PAGES):
        page = business_get(call, "business/video/list/", VideoListIn, params)
        for video in page.videos:
            if start <= video.create_time < end:
                posts[video.item_id] = video_post(call.channel.id, video)
        if not _more(page, start, seen_cursors):
            return Actuals(posts=list(posts.values()), days=[])
        params = {**params, "cursor": page.cursor or 0}
    raise RemoteError(
        f"tiktok listed more than {MAX_VIDEO_PAGES * VIDEOS_PER_PAGE} videos for {since}..{until}; "
        "fetch a shorter window (--since/--until) so that none is left out"
    )


def _more(page: VideoListIn, start: datetime, seen_cursors: set[int]) -> bool:
    """Whether to ask for the page after `page` (and remember its cursor)."""
    if not page.has_more or page.cursor is None or page.cursor in seen_cursors or not page.videos:
        return False
    seen_cursors.add(page.cursor)
    return min(video.create_time for video in page.videos) >= start


mixplan_fetch_audience = live_hook("mixplan_fetch_audience", PLATFORM, fetch_audience)
mixplan_fetch_actuals = live_hook("mixplan_fetch_actuals", PLATFORM, fetch_actuals)
