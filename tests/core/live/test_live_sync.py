"""sync_audience / sync_live: plugins fetch, the store keeps what was fetched; nothing is stored on failure."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from mixplan.errors import InputError, RemoteError
from mixplan.live import NoLiveDataError, sync_audience, sync_live
from mixplan.live.sync import plugin_host
from mixplan.plugin_host import PluginHost
from mixplan.storage import Store
from support.live_shapes import (
    TOKEN_ENV,
    Router,
    client_for,
    graph_error,
    live_scenario,
    minimum_budgets,
    online_followers,
    publishing_limit,
)

PAGE = online_followers([("2025-06-09T07:00:00+0000", {"10": 40, "11": 60})])


@pytest.fixture
def host() -> PluginHost:
    return PluginHost(load_entry_points=False, environ={})


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'live.db'}")


def test_sync_stores_the_snapshot(monkeypatch: pytest.MonkeyPatch, host: PluginHost, store: Store) -> None:
    monkeypatch.setenv(TOKEN_ENV, "sync-token")
    router = Router({"/insights": [httpx.Response(200, json=PAGE)], "/1784": [httpx.Response(200, json={})]})
    with client_for(router) as client:
        snapshot = sync_audience(host, live_scenario(), "ig", store, client)
    stored = store.latest_audience("ig")
    assert stored is not None
    assert stored.activity == snapshot.activity and stored.source == "instagram:online_followers"
    assert stored.activity[6][12] == 40  # 10:00Z Sunday 8 June = 12:00 Berlin


def test_failures_store_nothing(monkeypatch: pytest.MonkeyPatch, host: PluginHost, store: Store) -> None:
    monkeypatch.setenv(TOKEN_ENV, "sync-token")
    router = Router({"/insights": [httpx.Response(400, json=graph_error(190, "expired"))]})
    with client_for(router) as client, pytest.raises(RemoteError):
        sync_audience(host, live_scenario(), "ig", store, client)
    with client_for(Router({})) as client, pytest.raises(NoLiveDataError, match="linkedin offers no hour-of-day"):
        sync_audience(host, live_scenario(), "li", store, client)
    assert store.audience_snapshots() == []


def test_sync_live_stores_audience_and_limits_together(
    monkeypatch: pytest.MonkeyPatch, host: PluginHost, store: Store
) -> None:
    monkeypatch.setenv(TOKEN_ENV, "sync-token")
    router = Router(
        {
            "/insights": [httpx.Response(200, json=PAGE)],
            "/content_publishing_limit": [httpx.Response(200, json=publishing_limit(4, 25, duration=43200))],
            "/1784": [httpx.Response(200, json={"followers_count": 321})],
        }
    )
    with client_for(router) as client:
        synced = sync_live(host, live_scenario(), "ig", store, client)
    assert synced.audience_note is None and synced.limits_note is None
    assert store.latest_audience("ig") == synced.snapshot
    limits = store.latest_limits("ig")
    assert limits == synced.limits
    assert limits is not None and (limits.publish_quota, limits.publish_quota_window_hours) == (25, 12)


def test_sync_live_without_audience_data_stores_the_limits_with_a_note(
    monkeypatch: pytest.MonkeyPatch, host: PluginHost, store: Store
) -> None:
    monkeypatch.setenv(TOKEN_ENV, "sync-token")
    router = Router({"/minimum_budgets": [httpx.Response(200, json=minimum_budgets("JPY", 150))]})
    with client_for(router) as client:
        synced = sync_live(host, live_scenario(), "fb", store, client)
    assert synced.snapshot is None and synced.audience_note is not None
    assert "facebook offers no hour-of-day audience data" in synced.audience_note
    assert store.audience_snapshots() == []
    assert store.live_limits() == [synced.limits]
    with client_for(Router({})) as client:
        nothing = sync_live(host, live_scenario(), "li", store, client)
    assert nothing.snapshot is None and nothing.limits is None
    assert nothing.limits_note == "linkedin offers no live limits; the platform defaults apply"
    assert len(store.live_limits()) == 1


def test_sync_live_stores_nothing_when_the_limits_fetch_fails(
    monkeypatch: pytest.MonkeyPatch, host: PluginHost, store: Store
) -> None:
    monkeypatch.setenv(TOKEN_ENV, "sync-token")
    router = Router(
        {
            "/insights": [httpx.Response(200, json=PAGE)],
            "/content_publishing_limit": [httpx.Response(500, text="down")],
            "/1784": [httpx.Response(200, json={})],
        }
    )
    with client_for(router) as client, pytest.raises(RemoteError):
        sync_live(host, live_scenario(), "ig", store, client)
    assert any("/insights" in request.url.path for request in router.requests)
    assert store.audience_snapshots() == [] and store.live_limits() == []
    with client_for(router) as client:
        synced = sync_live(host, live_scenario(), "ig", store, client, limits=False)
    assert synced.limits is None and synced.limits_note is None
    assert store.audience_snapshots() == [synced.snapshot] and store.live_limits() == []


def test_input_problems_name_the_field(monkeypatch: pytest.MonkeyPatch, host: PluginHost, store: Store) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with client_for(Router({})) as client:
        with pytest.raises(
            InputError, match=rf"channels\[0\].credentials.access_token: environment variable {TOKEN_ENV}"
        ):
            sync_audience(host, live_scenario(), "ig", store, client)
        with pytest.raises(InputError, match=r"channels\[4\].credentials: is empty"):
            sync_audience(host, live_scenario(), "ig_nocreds", store, client)
        with pytest.raises(InputError, match=r"no channel 'nope'.*channels are ig, fb"):
            sync_audience(host, live_scenario(), "nope", store, client)


def test_engine_or_host() -> None:
    host = PluginHost(load_entry_points=False, environ={})

    class HasHost:
        def __init__(self) -> None:
            self.host = host

    assert plugin_host(host) is host and plugin_host(HasHost()) is host
    with pytest.raises(TypeError):
        plugin_host(object())
