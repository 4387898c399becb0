"""TikTok live data: business/get audience_activity → 7×24 in the brand's zone; TikTok error codes."""

from __future__ import annotations

import json

import httpx
import pytest
from mixplan.errors import RemoteError
from mixplan.live import fetch_audience, fetch_limits
from mixplan.plugin_host import PluginHost
from support.live_shapes import TIKTOK_BUSINESS, TOKEN, Router, client_for, live_scenario, tiktok_business

BUSINESS = "/open_api/v1.3/business/get/"


def _day(date: str, hours: dict[str, int]) -> dict[str, object]:
    return {
        "date": date,
        "followers_count": 5400,
        "profile_views": 12,
        "video_views": 900,
        "likes": 40,
        "comments": 3,
        "shares": 1,
        "audience_activity": [{"hour": hour, "count": count} for hour, count in hours.items()],
    }


def test_audience_activity_by_weekday_in_the_brand_zone(token: str, host: PluginHost) -> None:
    metrics = [
        _day("2025-06-02", {"18": 300, "19": 100}),
        _day("2025-06-09", {"18": 500}),
        _day("2025-06-03", {"0": 50}),
    ]
    router = Router({BUSINESS: [httpx.Response(200, json=tiktok_business(metrics))]})
    with client_for(router) as client:
        snapshot = fetch_audience(host, live_scenario("Europe/Berlin"), "tt", client)
    # 18:00Z on Mondays is 20:00 in Berlin in June; two Mondays average to 400.
    assert snapshot.activity[0][20] == 400
    assert snapshot.activity[0][21] == 100
    assert snapshot.activity[1][2] == 50  # 00:00Z Tuesday = 02:00 Tuesday
    assert snapshot.size == 5400 and snapshot.platform == "tiktok"
    request = router.requests[0]
    assert request.headers["Access-Token"] == TOKEN
    assert TOKEN not in str(request.url)
    assert request.url.params["business_id"] == TIKTOK_BUSINESS
    assert json.loads(request.url.params["fields"]) == ["followers_count", "audience_activity"]
    assert request.url.params["start_date"] < request.url.params["end_date"]


def test_tiktok_has_no_limits_hook(token: str, host: PluginHost) -> None:
    with client_for(Router({})) as client:
        assert fetch_limits(host, live_scenario(), "tt", client) is None


@pytest.mark.parametrize(
    ("code", "message", "expected"),
    [
        (
            40105,
            "The access token is invalid or has been revoked.",
            "tiktok rejected the access token (TikTok code 40105",
        ),
        (40102, "Access token expired", "rejected the access token"),
        (40100, "Too many requests. Please retry in some time.", "tiktok rate limit reached (TikTok code 40100"),
        (40001, "No permission to operate tiktok creator id", "lack of permission"),
        (40002, "Invalid parameters: business_id", "TikTok code 40002"),
        (50000, "System error", "tiktok refused the business/get request (TikTok code 50000: System error)"),
    ],
)
def test_error_codes_become_one_sentence(token: str, host: PluginHost, code: int, message: str, expected: str) -> None:
    router = Router({BUSINESS: [httpx.Response(200, json=tiktok_business(None, code=code, message=message))]})
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        fetch_audience(host, live_scenario(), "tt", client)
    assert expected in str(caught.value)
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"message": "OK"}, "field code: Field required"),
        (tiktok_business([_day("2025-06-02", {"25": 1})]), "field data.metrics.0.audience_activity.0.hour"),
        (tiktok_business([_day("June 2", {"1": 1})]), "field data.metrics.0.date"),
        (tiktok_business([{"date": "2025-06-02", "audience_activity": [{"hour": "1"}]}]), "audience_activity.0.count"),
        ({"code": 0, "message": "OK"}, "field data: missing"),
        (tiktok_business(None), "no audience_activity"),
        (tiktok_business([{"date": "2025-06-02", "audience_activity": None}]), "at least 100 followers"),
        ([1, 2, 3], "field (the whole body)"),
    ],
)
def test_malformed_bodies(token: str, host: PluginHost, body: object, expected: str) -> None:
    router = Router({BUSINESS: [httpx.Response(200, json=body)]})
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        fetch_audience(host, live_scenario(), "tt", client)
    assert expected in str(caught.value)


def test_http_errors_and_retries(token: str, host: PluginHost) -> None:
    good = tiktok_business([_day("2025-06-02", {"10": 10})])
    router = Router({BUSINESS: [httpx.Response(503), httpx.Response(200, json=good)]})
    sleeps: list[float] = []
    with client_for(router, sleeps) as client:
        fetch_audience(host, live_scenario(), "tt", client)
    assert sleeps == [0.5]
    router = Router({BUSINESS: [httpx.Response(401, text="Unauthorized")]})
    with client_for(router) as client, pytest.raises(RemoteError, match="HTTP 401 and a body that is not JSON"):
        fetch_audience(host, live_scenario(), "tt", client)
    router = Router({BUSINESS: [httpx.Response(403, json={"detail": "forbidden"})]})
    with (
        client_for(router) as client,
        pytest.raises(RemoteError, match="refused the business/get request with HTTP 403"),
    ):
        fetch_audience(host, live_scenario(), "tt", client)
