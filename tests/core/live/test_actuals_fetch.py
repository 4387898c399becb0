"""`mixplan_fetch_actuals` against replayed documented response shapes, through a real httpx client.

Fixture shapes (Graph API v25.0, the shapes Meta documents and public connector fixtures replay):
- ``_media_page``: ``GET /{ig-user-id}/media?fields=id,timestamp`` — ``{"data":[{"id","timestamp"}],
  "paging":{"cursors":{"before","after"},"next"}}`` (Instagram Graph API, IG User Media reference;
  timestamps as ``2025-06-10T09:30:00+0000``).
- ``_media_insights``: ``GET /{ig-media-id}/insights?metric=reach,views,total_interactions,…`` —
  ``{"data":[{"name","period":"lifetime","values":[{"value":N}],"title","description","id"}]}``
  (IG Media Insights reference; ``views`` replaced ``impressions`` in v22).
- ``_ad_insights``: ``GET /act_{id}/insights?level=account&time_increment=1`` — ``{"data":[{"spend":
  "12.34","impressions":"100","clicks":"5","actions":[{"action_type","value"}],"action_values":[…],
  "date_start","date_stop"}],"paging":{"cursors":…,"next"}}`` (Marketing API Insights reference:
  numbers arrive as strings).
- errors: ``support.live_shapes.graph_error`` (the Graph API error object).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from mixplan.errors import InputError, RemoteError
from mixplan.live.actuals_fetch import fetch_window, sync_actuals
from mixplan.plugin_host import PluginHost
from mixplan.storage import Store
from support.live_shapes import AD_ACCOUNT, IG_USER, TOKEN, TOKEN_ENV, Router, client_for, graph_error, live_scenario

SINCE, UNTIL = date(2025, 6, 9), date(2025, 6, 11)


@pytest.fixture
def host() -> PluginHost:
    return PluginHost(load_entry_points=False, environ={})


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'fetch.db'}")


@pytest.fixture(autouse=True)
def token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)


def _media_page(items: list[tuple[str, str]], next_url: str | None = None) -> dict[str, Any]:
    page: dict[str, Any] = {
        "data": [{"id": media_id, "timestamp": stamp} for media_id, stamp in items],
        "paging": {"cursors": {"before": "QVFIUb", "after": "QVFIUa"}},
    }
    if next_url is not None:
        page["paging"]["next"] = next_url
    return page


def _media_insights(media_id: str, **values: int) -> dict[str, Any]:
    return {
        "data": [
            {
                "name": name,
                "period": "lifetime",
                "values": [{"value": value}],
                "title": name.title(),
                "description": f"{name} of the media",
                "id": f"{media_id}/insights/{name}/lifetime",
            }
            for name, value in values.items()
        ]
    }


def _ad_insights(rows: list[tuple[str, str, str | None]], next_url: str | None = None) -> dict[str, Any]:
    data = []
    for day, spend, purchase_value in rows:
        row: dict[str, Any] = {
            "spend": spend,
            "impressions": "1200",
            "clicks": "34",
            "date_start": day,
            "date_stop": day,
            "actions": [{"action_type": "link_click", "value": "34"}],
            "action_values": [],
        }
        if purchase_value is not None:
            row["actions"] += [
                {"action_type": "purchase", "value": "3"},
                {"action_type": "omni_purchase", "value": "3"},
            ]
            row["action_values"] = [
                {"action_type": "purchase", "value": purchase_value},
                {"action_type": "omni_purchase", "value": purchase_value},
            ]
        data.append(row)
    page: dict[str, Any] = {"data": data, "paging": {"cursors": {"before": "MAZDZD", "after": "MjQZD"}}}
    if next_url is not None:
        page["paging"]["next"] = next_url
    return page


def _insights_router() -> Router:
    return Router(
        {
            "/insights": [
                lambda request: httpx.Response(
                    200,
                    json=_media_insights(
                        request.url.path.split("/")[-2],
                        reach=int(request.url.path.split("/")[-2][-2:]) * 10,
                        views=int(request.url.path.split("/")[-2][-2:]) * 15,
                        total_interactions=7,
                    ),
                )
            ],
            "/media": [
                httpx.Response(
                    200,
                    json=_media_page(
                        [("90011", "2025-06-11T18:00:00+0000"), ("90012", "2025-06-10T09:30:00+0000")],
                        next_url=f"https://graph.facebook.com/v25.0/{IG_USER}/media?after=QVFIUa&access_token={TOKEN}",
                    ),
                ),
                httpx.Response(
                    200,
                    json=_media_page([("90013", "2025-06-09T07:00:00+0000"), ("90014", "2025-06-01T07:00:00+0000")]),
                ),
            ],
        }
    )


def test_instagram_media_insights_follow_paging_and_are_stored(host: PluginHost, store: Store) -> None:
    router = _insights_router()
    with client_for(router) as client:
        result = sync_actuals(host, live_scenario(), "ig", store, SINCE, UNTIL, client)
    assert (result.posts, result.days, result.posts_inserted) == (3, 0, 3)
    stored = {post.content_id: post for post in store.post_actuals("ig")}
    assert sorted(stored) == ["90011", "90012", "90013"]  # 90014 is before the window
    assert stored["90012"].impressions == 12 * 15 and stored["90012"].engagements == 7
    assert stored["90012"].published_at.isoformat() == "2025-06-10T09:30:00+00:00"
    media_requests = [r for r in router.requests if r.url.path.endswith("/media")]
    assert len(media_requests) == 2
    assert "access_token" not in str(media_requests[1].url)  # the token stays in the header
    assert all(r.headers["Authorization"] == f"Bearer {TOKEN}" for r in router.requests)
    # fetching again updates, never duplicates
    with client_for(_insights_router()) as client:
        again = sync_actuals(host, live_scenario(), "ig", store, SINCE, UNTIL, client)
    assert (again.posts_inserted, again.posts_updated) == (0, 3)
    assert len(store.post_actuals("ig")) == 3


@pytest.mark.parametrize(
    "next_url",
    [f"http://graph.facebook.com/v25.0/{IG_USER}/media?after=x", "https://evil.example/v25.0/media?after=x"],
)
def test_paging_next_elsewhere_never_gets_the_token_and_stores_nothing(
    host: PluginHost, store: Store, next_url: str
) -> None:
    router = Router(
        {
            "/insights": [httpx.Response(200, json=_media_insights("90011", reach=5, views=9))],
            "/media": [httpx.Response(200, json=_media_page([("90011", "2025-06-10T09:30:00+0000")], next_url))],
        }
    )
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        sync_actuals(host, live_scenario(), "ig", store, SINCE, UNTIL, client)
    assert "refused to send the instagram credential" in str(caught.value)
    assert TOKEN not in str(caught.value)
    assert all(r.url.host == "graph.facebook.com" and r.url.scheme == "https" for r in router.requests)
    assert store.post_actuals() == []


def test_meta_ad_insights_by_day_become_channel_days(host: PluginHost, store: Store) -> None:
    router = Router(
        {
            "/insights": [
                httpx.Response(
                    200,
                    json=_ad_insights(
                        [("2025-06-09", "41.07", "180.50"), ("2025-06-10", "39.9", None)],
                        next_url=f"https://graph.facebook.com/v25.0/{AD_ACCOUNT}/insights?after=MjQZD",
                    ),
                ),
                httpx.Response(200, json=_ad_insights([("2025-06-11", "0.00", "12.00")])),
            ]
        }
    )
    with client_for(router) as client:
        result = sync_actuals(host, live_scenario(), "fb", store, SINCE, UNTIL, client)
    assert (result.days, result.first_day, result.last_day) == (3, SINCE, UNTIL)
    rows = {row.day: row for row in store.history("fb")}
    assert rows[SINCE].spend == Decimal("41.07") and rows[SINCE].revenue == Decimal("180.50")  # not doubled
    assert rows[SINCE].conversions == 3 and rows[SINCE].impressions == 1200
    assert rows[date(2025, 6, 10)].revenue == Decimal("0.00") and rows[date(2025, 6, 10)].conversions is None
    first = router.requests[0].url.params
    assert first["time_increment"] == "1" and '"since": "2025-06-09"' in first["time_range"]


def test_expired_token_is_one_clear_error_and_stores_nothing(host: PluginHost, store: Store) -> None:
    router = Router({"/insights": [httpx.Response(400, json=graph_error(190, "Error validating access token", 463))]})
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        sync_actuals(host, live_scenario(), "fb", store, SINCE, UNTIL, client)
    assert "expired or was revoked" in str(caught.value)
    assert store.history() == []


def test_rate_limit_waits_for_retry_after_then_succeeds(host: PluginHost, store: Store) -> None:
    sleeps: list[float] = []
    router = Router(
        {
            "/insights": [
                httpx.Response(429, headers={"Retry-After": "7"}, json=graph_error(17, "User request limit reached")),
                httpx.Response(200, json=_ad_insights([("2025-06-09", "10.00", "20.00")])),
            ]
        }
    )
    with client_for(router, sleeps) as client:
        result = sync_actuals(host, live_scenario(), "fb", store, SINCE, UNTIL, client)
    assert sleeps == [7.0] and result.days == 1


def test_retry_after_beyond_the_cap_ends_with_a_time_to_try_again(host: PluginHost, store: Store) -> None:
    router = Router({"/insights": [httpx.Response(429, headers={"Retry-After": "3600"}, json=graph_error(17, "x"))]})
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        sync_actuals(host, live_scenario(), "fb", store, SINCE, UNTIL, client)
    assert "3600" in str(caught.value) or "try again" in str(caught.value)
    assert store.history() == []


@pytest.mark.parametrize(
    "body",
    [b"<html>oops</html>", b'{"data": [{"date_start": "2025-06-09", "spend": "-3"}]}', b'{"data": "none"}'],
)
def test_malformed_body_is_a_remote_error_and_stores_nothing(host: PluginHost, store: Store, body: bytes) -> None:
    router = Router({"/insights": [httpx.Response(200, content=body, headers={"Content-Type": "application/json"})]})
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        sync_actuals(host, live_scenario(), "fb", store, SINCE, UNTIL, client)
    assert "facebook" in str(caught.value) and len(str(caught.value)) < 400
    assert store.history() == []


def test_platform_without_actuals_says_so(host: PluginHost, store: Store) -> None:
    with client_for(Router({})) as client, pytest.raises(InputError) as caught:
        sync_actuals(host, live_scenario(), "li", store, SINCE, UNTIL, client)
    assert "actuals import" in str(caught.value)


def test_window_defaults_and_refusals() -> None:
    assert fetch_window(None, UNTIL) == (date(2025, 6, 5), UNTIL)
    with pytest.raises(InputError, match="after --until"):
        fetch_window(UNTIL, SINCE)
    with pytest.raises(InputError, match="longer than"):
        fetch_window(date(2025, 1, 1), UNTIL)
