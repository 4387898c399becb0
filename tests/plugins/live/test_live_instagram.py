"""Instagram live data: online_followers → 7×24 in the brand's zone, publishing quota, error bodies."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from mixplan.errors import InputError, RemoteError
from mixplan.live import fetch_audience, fetch_limits
from mixplan.plugin_host import PluginHost
from mixplan.plugins.instagram.live import hour_start
from support.live_shapes import (
    IG_USER,
    TOKEN,
    Router,
    client_for,
    graph_error,
    live_scenario,
    online_followers,
    publishing_limit,
)

FOLLOWERS = httpx.Response(200, json={"followers_count": 12345, "id": IG_USER})
NEXT = f"https://graph.facebook.com/v25.0/{IG_USER}/insights?metric=online_followers&after=QVFI&access_token={TOKEN}"


def test_hour_keys_are_utc_hours_of_the_pacific_day() -> None:
    end = datetime(2025, 6, 9, 7, 0, tzinfo=UTC)
    assert hour_start(end, 7) == datetime(2025, 6, 8, 7, 0, tzinfo=UTC)
    assert hour_start(end, 23) == datetime(2025, 6, 8, 23, 0, tzinfo=UTC)
    assert hour_start(end, 0) == datetime(2025, 6, 9, 0, 0, tzinfo=UTC)
    assert hour_start(end, 6) == datetime(2025, 6, 9, 6, 0, tzinfo=UTC)


def test_online_followers_follow_pages_and_land_in_the_brand_zone(token: str, host: PluginHost) -> None:
    first = online_followers([("2025-06-09T07:00:00+0000", {"7": 70, "23": 230})], next_url=NEXT)
    second = online_followers(
        [("2025-06-10T07:00:00+0000", {"0": 500, "7": 90}), ("2025-06-09T07:00:00+0000", {"7": 70, "23": 230})]
    )  # the first page's day again: counted once
    router = Router(
        {
            "/insights": [httpx.Response(200, json=first), httpx.Response(200, json=second)],
            f"/{IG_USER}": [FOLLOWERS],
        }
    )
    with client_for(router) as client:
        snapshot = fetch_audience(host, live_scenario("Europe/Berlin"), "ig", client)
    activity = snapshot.activity
    # 07:00Z Sun 8 June is 09:00 in Berlin (UTC+2); 23:00Z is 01:00 Monday; 00:00Z Tue 10 June is 02:00 Tuesday.
    assert activity[6][9] == 70
    assert activity[0][1] == 230
    assert activity[1][2] == 500
    assert activity[0][9] == 90  # 07:00Z Mon 9 June
    assert activity[3][9] == 80  # hour 09 never seen on Thursday: mean of Sunday and Monday
    assert activity[3][12] == pytest.approx((70 + 230 + 500 + 90) / 4)  # hour never seen at all
    assert snapshot.size == 12345 and snapshot.source == "instagram:online_followers"
    assert (snapshot.channel_id, snapshot.platform) == ("ig", "instagram")
    insights = [r for r in router.requests if r.url.path.endswith("/insights")]
    assert len(insights) == 2
    assert insights[0].url.params["metric"] == "online_followers"
    assert insights[0].url.params["period"] == "lifetime"
    assert insights[1].url.params["after"] == "QVFI"
    for request in router.requests:
        assert TOKEN not in str(request.url)
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"


def test_same_data_in_new_york_shifts_hours(token: str, host: PluginHost) -> None:
    page = online_followers([("2025-06-09T07:00:00+0000", {"7": 70})])
    router = Router({"/insights": [httpx.Response(200, json=page)], f"/{IG_USER}": [FOLLOWERS]})
    with client_for(router) as client:
        snapshot = fetch_audience(host, live_scenario("America/New_York"), "ig", client)
    assert all(row[3] == 70 for row in snapshot.activity)  # 07:00Z = 03:00 EDT, the only hour observed


def test_rate_limit_and_server_errors_are_retried(token: str, host: PluginHost) -> None:
    page = online_followers([("2025-06-09T07:00:00+0000", {"12": 10})])
    router = Router(
        {
            "/insights": [
                httpx.Response(429, headers={"Retry-After": "3"}, json=graph_error(4, "Application request limit")),
                httpx.Response(502, text="<html>Bad Gateway</html>"),
                httpx.Response(200, json=page),
            ],
            f"/{IG_USER}": [FOLLOWERS],
        }
    )
    sleeps: list[float] = []
    with client_for(router, sleeps) as client:
        snapshot = fetch_audience(host, live_scenario(), "ig", client)
    assert sleeps == [3.0, 1.0]
    assert snapshot.activity[6][14] == 10


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (
            400,
            graph_error(190, "Error validating access token: Session has expired", subcode=463),
            "rejected the access token for online_followers: it has expired or was revoked (Graph API error 190/463)",
        ),
        (403, graph_error(4, "Application request limit reached"), "rate limit reached for online_followers"),
        (400, graph_error(32, "Page request limit reached"), "rate limit reached"),
        (400, graph_error(613, "Calls to this api have exceeded the rate limit."), "rate limit reached"),
        (403, graph_error(10, "Application does not have permission for this action"), "lack of permission"),
        (403, graph_error(200, "Requires instagram_manage_insights permission"), "lack of permission"),
        (
            400,
            graph_error(100, "Unsupported get request", kind="GraphMethodException"),
            "HTTP 400 (Graph API error 100)",
        ),
        (500, {"unexpected": True}, "HTTP 500 and no error details"),
        (200, "just a string", "the body is not a JSON object"),
    ],
)
def test_graph_error_bodies_become_one_sentence(
    token: str, host: PluginHost, status: int, body: object, expected: str
) -> None:
    router = Router({"/insights": [httpx.Response(status, json=body)]})
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        fetch_audience(host, live_scenario(), "ig", client)
    assert expected in str(caught.value)
    assert TOKEN not in str(caught.value)
    assert caught.value.exit_code == 5


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"data": "nope"}, "field data: Input should be a valid list"),
        ({"data": [{"name": "online_followers"}]}, "field data.0.values: Field required"),
        (online_followers([("yesterday", {"1": 1})]), "field data.0.values.0.end_time"),
        (online_followers([("2025-06-09T07:00:00+0000", {"24": 1})]), "field data.0.values.0.value"),
        (online_followers([("2025-06-09T07:00:00+0000", {"x": 1})]), "field data.0.values.0.value.x"),
        (online_followers([("2025-06-09T07:00:00+0000", {"3": "many"})]), "field data.0.values.0.value.3"),
    ],
)
def test_malformed_json_names_the_field(token: str, host: PluginHost, body: object, field: str) -> None:
    router = Router({"/insights": [httpx.Response(200, json=body)]})
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        fetch_audience(host, live_scenario(), "ig", client)
    assert "instagram sent an unexpected online_followers response" in str(caught.value)
    assert field in str(caught.value)


def test_garbage_body(token: str, host: PluginHost) -> None:
    router = Router({"/insights": [httpx.Response(200, content=b"\x89PNG\r\n garbage")]})
    with client_for(router) as client, pytest.raises(RemoteError, match="a body that is not JSON"):
        fetch_audience(host, live_scenario(), "ig", client)


def test_no_data_for_small_accounts(token: str, host: PluginHost) -> None:
    page = online_followers([("2025-06-09T07:00:00+0000", {}), ("2025-06-10T07:00:00+0000", {})])
    router = Router({"/insights": [httpx.Response(200, json=page)]})
    with client_for(router) as client, pytest.raises(RemoteError, match="at least 100 followers"):
        fetch_audience(host, live_scenario(), "ig", client)


def test_publishing_limit(token: str, host: PluginHost) -> None:
    router = Router({"/content_publishing_limit": [httpx.Response(200, json=publishing_limit(2, 50))]})
    with client_for(router) as client:
        limits = fetch_limits(host, live_scenario(), "ig", client)
    assert limits is not None
    assert (limits.publish_quota, limits.publish_quota_window_hours, limits.quota_used) == (50, 24, 2)
    params = router.requests[0].url.params
    assert params["fields"] == "quota_usage,config" and int(params["since"]) > 0


def test_publishing_limit_without_data_names_the_field(token: str, host: PluginHost) -> None:
    router = Router({"/content_publishing_limit": [httpx.Response(200, json={"data": []})]})
    with client_for(router) as client, pytest.raises(RemoteError, match="field data: List should have at least 1"):
        fetch_limits(host, live_scenario(), "ig", client)


def test_account_must_be_the_numeric_user_id(token: str, host: PluginHost) -> None:
    scenario = live_scenario()
    scenario.channels[0].account = "@shop"
    with client_for(Router({})) as client, pytest.raises(InputError, match="numeric Instagram user id"):
        fetch_audience(host, scenario, "ig", client)
