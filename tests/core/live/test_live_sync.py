"""sync_audience: plugins fetch, the store keeps the snapshot; nothing is stored on failure."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from mixplan.errors import InputError, RemoteError
from mixplan.live import NoLiveDataError, sync_audience
from mixplan.live.sync import plugin_host
from mixplan.plugin_host import PluginHost
from mixplan.storage import Store
from support.live_shapes import TOKEN_ENV, Router, client_for, graph_error, live_scenario, online_followers

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
