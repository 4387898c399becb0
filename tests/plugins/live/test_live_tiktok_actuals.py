"""TikTok actuals: business/video/list pages (cursor, has_more) → post rows, with TikTok's error codes.

Shapes: ``support.live_shapes.tiktok_videos`` (``{code, message, request_id, data: {videos: [{item_id,
create_time, video_views, reach, likes, comments, shares, website_clicks, …}], cursor, has_more}}``),
as sns-sdks/python-tiktok's ``BusinessVideosResponse`` models it and its docs replay it.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from mixplan.errors import RemoteError
from mixplan.live.actuals_fetch import fetch_actuals, sync_actuals
from mixplan.plugin_host import PluginHost
from mixplan.plugins.tiktok.live import MAX_VIDEO_PAGES
from mixplan.storage import Store
from support.live_shapes import TIKTOK_BUSINESS, TOKEN, Router, client_for, live_scenario, tiktok_video, tiktok_videos

VIDEO_LIST = "/open_api/v1.3/business/video/list/"
SINCE, UNTIL = date(2025, 6, 9), date(2025, 6, 11)


def _at(day: int, hour: int) -> int:
    return int(datetime(2025, 6, day, hour, tzinfo=UTC).timestamp())


def _page(*videos: dict[str, object], cursor: int | None = None, has_more: bool = False) -> httpx.Response:
    return httpx.Response(200, json=tiktok_videos(list(videos), cursor, has_more))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'tiktok.db'}")


def test_videos_follow_the_cursor_until_has_more_is_false(token: str, host: PluginHost, store: Store) -> None:
    first = _page(
        tiktok_video("7109065174526479622", _at(12, 8), video_views=9000),  # after the window
        tiktok_video("7109065174526479611", _at(11, 18), video_views=4200, likes=300, comments=12, shares=8),
        cursor=_at(11, 18) * 1000,
        has_more=True,
    )
    second = _page(
        tiktok_video(
            "7109065174526479600", _at(9, 0), reach=1500, likes=40, shares=None, website_clicks=6, favorites=9
        ),
        cursor=_at(9, 0) * 1000,
        has_more=False,
    )
    router = Router({VIDEO_LIST: [first, second]})
    with client_for(router) as client:
        result = sync_actuals(host, live_scenario(), "tt", store, SINCE, UNTIL, client)
    assert (result.posts, result.days, result.posts_inserted) == (2, 0, 2)
    stored = {post.content_id: post for post in store.post_actuals("tt")}
    assert sorted(stored) == ["7109065174526479600", "7109065174526479611"]
    late = stored["7109065174526479611"]
    assert (late.impressions, late.engagements, late.clicks) == (4200, 320, 0)
    assert late.published_at == datetime(2025, 6, 11, 18, tzinfo=UTC)
    early = stored["7109065174526479600"]
    assert (early.impressions, early.engagements, early.clicks) == (1500, 40, 6)  # reach without views; no favorites
    assert len(router.requests) == 2
    params = [request.url.params for request in router.requests]
    assert "cursor" not in params[0] and params[1]["cursor"] == str(_at(11, 18) * 1000)
    assert all(p["business_id"] == TIKTOK_BUSINESS and p["max_count"] == "20" for p in params)
    assert "create_time" in json.loads(params[0]["fields"]) and "video_views" in json.loads(params[0]["fields"])
    assert all(r.headers["Access-Token"] == TOKEN and TOKEN not in str(r.url) for r in router.requests)
    assert all(r.url.scheme == "https" and r.url.host == "business-api.tiktok.com" for r in router.requests)


def test_has_more_false_stops_even_with_a_cursor(token: str, host: PluginHost) -> None:
    router = Router({VIDEO_LIST: [_page(tiktok_video("71", _at(10, 9), video_views=5), cursor=123, has_more=False)]})
    with client_for(router) as client:
        actuals = fetch_actuals(host, live_scenario(), "tt", SINCE, UNTIL, client)
    assert [post.content_id for post in actuals.posts] == ["71"] and len(router.requests) == 1


@pytest.mark.parametrize(
    "pages",
    [
        # the page reaches back before --since: older pages cannot hold videos of the window
        [_page(tiktok_video("71", _at(10, 9)), tiktok_video("70", _at(1, 9)), cursor=5, has_more=True)],
        # the same cursor again would loop
        [_page(tiktok_video("72", _at(11, 9)), cursor=7, has_more=True)] * 2,
        # has_more without a cursor
        [_page(tiktok_video("73", _at(11, 9)), cursor=None, has_more=True)],
    ],
)
def test_the_walk_ends_when_no_page_can_help(token: str, host: PluginHost, pages: list[httpx.Response]) -> None:
    router = Router({VIDEO_LIST: list(pages)})
    with client_for(router) as client:
        actuals = fetch_actuals(host, live_scenario(), "tt", SINCE, UNTIL, client)
    assert len(actuals.posts) == 1
    assert len(router.requests) == len(pages)


def test_more_pages_than_the_cap_is_refused_not_cut(token: str, host: PluginHost, store: Store) -> None:
    def endless(request: httpx.Request) -> httpx.Response:
        cursor = int(request.url.params.get("cursor", "0")) + 1
        return _page(tiktok_video(f"8{cursor}", _at(10, 12)), cursor=cursor, has_more=True)

    router = Router({VIDEO_LIST: [endless]})
    with client_for(router) as client, pytest.raises(RemoteError, match="fetch a shorter window"):
        sync_actuals(host, live_scenario(), "tt", store, SINCE, UNTIL, client)
    assert len(router.requests) == MAX_VIDEO_PAGES
    assert store.post_actuals() == []


@pytest.mark.parametrize(
    ("code", "message", "expected"),
    [
        (40105, "Access token {token} is invalid or has been revoked.", "tiktok rejected the access token"),
        (40100, "Too many requests. Please retry in some time.", "tiktok rate limit reached (TikTok code 40100"),
        (40001, "No permission to operate business id", "lack of permission"),
        (50002, "Internal error", "tiktok refused the business/video/list request (TikTok code 50002"),
    ],
)
def test_error_code_bodies_are_one_line_without_the_token(
    token: str, host: PluginHost, store: Store, code: int, message: str, expected: str
) -> None:
    second = httpx.Response(200, json=tiktok_videos([], None, False, code=code, message=message.format(token=TOKEN)))
    router = Router({VIDEO_LIST: [_page(tiktok_video("71", _at(11, 9)), cursor=9, has_more=True), second]})
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        sync_actuals(host, live_scenario(), "tt", store, SINCE, UNTIL, client)
    text = str(caught.value)
    assert expected in text and TOKEN not in text and "\n" not in text and len(text) < 300
    assert store.post_actuals() == []  # the first page's video is not stored either


def test_rate_limited_answers_are_retried_after_retry_after(token: str, host: PluginHost) -> None:
    sleeps: list[float] = []
    busy = httpx.Response(429, headers={"Retry-After": "4"}, json={"code": 40100, "message": "Too many requests"})
    router = Router({VIDEO_LIST: [busy, _page(tiktok_video("71", _at(11, 9)), cursor=1)]})
    with client_for(router, sleeps) as client:
        actuals = fetch_actuals(host, live_scenario(), "tt", SINCE, UNTIL, client)
    assert sleeps == [4.0] and len(actuals.posts) == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (tiktok_videos([{"item_id": "71"}], None, False), "field data.videos.0.create_time: Field required"),
        (tiktok_videos([tiktok_video("71", _at(11, 9), likes=-1)], None, False), "field data.videos.0.likes"),
        (tiktok_videos([tiktok_video("", _at(11, 9))], None, False), "field data.videos.0.item_id"),
        ({"code": 0, "message": "OK", "data": {"videos": "none"}}, "field data.videos"),
        ({"code": 0, "message": "OK"}, "field data: missing"),
        ({"message": "OK"}, "field code: Field required"),
    ],
)
def test_malformed_bodies_name_the_field(token: str, host: PluginHost, body: object, expected: str) -> None:
    router = Router({VIDEO_LIST: [httpx.Response(200, json=body)]})
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        fetch_actuals(host, live_scenario(), "tt", SINCE, UNTIL, client)
    assert expected in str(caught.value) and "business/video/list" in str(caught.value)
    assert len(str(caught.value)) < 300


def test_a_non_json_body_is_one_bounded_line(token: str, host: PluginHost) -> None:
    router = Router({VIDEO_LIST: [httpx.Response(502, text="<html>" + "x" * 5000 + TOKEN)]})
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        fetch_actuals(host, live_scenario(), "tt", SINCE, UNTIL, client)
    assert "not JSON" in str(caught.value) and len(str(caught.value)) < 400 and TOKEN not in str(caught.value)


def test_a_redirect_elsewhere_never_receives_the_token(token: str, host: PluginHost, store: Store) -> None:
    moved = httpx.Response(302, headers={"Location": "http://evil.example/steal"})
    router = Router({VIDEO_LIST: [moved], "/steal": [_page()]})
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        sync_actuals(host, live_scenario(), "tt", store, SINCE, UNTIL, client)
    assert "does not follow redirects" in str(caught.value) and TOKEN not in str(caught.value)
    assert [r.url.host for r in router.requests] == ["business-api.tiktok.com"]
    assert store.post_actuals() == []


def test_a_host_outside_api_hosts_is_refused(token: str, host: PluginHost, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mixplan.plugins.tiktok.live.API_URL", "https://business-api.tiktok.example/open_api/v1.3")
    router = Router({VIDEO_LIST: [_page()]})
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        fetch_actuals(host, live_scenario(), "tt", SINCE, UNTIL, client)
    assert "refused to send the tiktok credential to https://business-api.tiktok.example" in str(caught.value)
    assert router.requests == []
