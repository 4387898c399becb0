"""A credential goes only over https to the hosts the plugin declares; every other target is refused."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from mixplan.errors import RemoteError
from mixplan.live import sync_live
from mixplan.plugin_host import PluginHost
from mixplan.storage import Store
from support.live_shapes import TOKEN, TOKEN_ENV, Router, client_for, live_scenario, online_followers


@pytest.fixture
def host() -> PluginHost:
    return PluginHost(load_entry_points=False, environ={})


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'scope.db'}")


def _first_page(next_url: str) -> dict[str, object]:
    return online_followers([("2025-06-09T07:00:00+0000", {"10": 40})], next_url=next_url)


@pytest.mark.parametrize(
    ("next_url", "target"),
    [
        ("http://evil.example/v25.0/1784/insights?after=x", "http://evil.example"),
        ("https://evil.example/v25.0/1784/insights?after=x", "https://evil.example"),
        ("http://graph.facebook.com/v25.0/1784/insights?after=x", "http://graph.facebook.com"),
    ],
)
def test_paging_next_to_another_host_or_plain_http_is_refused(
    monkeypatch: pytest.MonkeyPatch, host: PluginHost, store: Store, next_url: str, target: str
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    router = Router({"/insights": [httpx.Response(200, json=_first_page(next_url))]})
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        sync_live(host, live_scenario(), "ig", store, client, limits=False)
    message = str(caught.value)
    assert f"refused to send the instagram credential to {target}" in message
    assert "https to graph.facebook.com" in message
    assert TOKEN not in message
    assert [request.url.host for request in router.requests] == ["graph.facebook.com"]
    assert all(TOKEN not in str(request.headers) for request in router.requests if request.url.scheme != "https")
    assert store.audience_snapshots() == []


def test_redirect_is_not_followed_and_named(monkeypatch: pytest.MonkeyPatch, host: PluginHost, store: Store) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    moved = httpx.Response(302, headers={"Location": "http://evil.example/steal"})
    router = Router({"/insights": [moved]})
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        sync_live(host, live_scenario(), "ig", store, client, limits=False)
    assert "redirect (HTTP 302) to http://evil.example" in str(caught.value)
    assert [request.url.host for request in router.requests] == ["graph.facebook.com"]


def test_redirect_followed_by_a_lax_client_never_carries_the_token_away(
    monkeypatch: pytest.MonkeyPatch, host: PluginHost, store: Store
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    router = Router({"/insights": [httpx.Response(307, headers={"Location": "https://evil.example/v25.0/insights"})]})
    with client_for(router) as client:
        client.follow_redirects = True
        with pytest.raises(RemoteError):
            sync_live(host, live_scenario(), "ig", store, client, limits=False)
    away = [request for request in router.requests if request.url.host != "graph.facebook.com"]
    assert away, "the lax client should have followed the redirect"
    assert all(TOKEN not in str(request.headers.raw) + str(request.url) for request in away)


def test_guard_refuses_any_redirect_hop_that_carries_the_token() -> None:
    from mixplan.credentials import Secret
    from mixplan.live.scope import credential_scope

    def script(request: httpx.Request) -> httpx.Response:
        return httpx.Response(307, headers={"Location": "http://evil.example/insights?access_token=" + TOKEN})

    with (
        client_for(Router({"/": [script]})) as client,
        credential_scope(client, "instagram", ["graph.facebook.com"], [Secret(TOKEN)]),
    ):
        client.follow_redirects = True
        with pytest.raises(
            RemoteError, match=re.escape("refused to send the instagram credential to http://evil.example")
        ):
            client.get("https://graph.facebook.com/v25.0/1/insights")


def test_tiktok_token_stays_with_tiktok(monkeypatch: pytest.MonkeyPatch, host: PluginHost, store: Store) -> None:
    from mixplan.live.scope import refuse_out_of_scope

    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    from mixplan.credentials import Secret

    secret = Secret(TOKEN)
    request = httpx.Request("GET", "https://graph.facebook.com/x", headers={"Access-Token": TOKEN})
    with pytest.raises(RemoteError, match=re.escape("only over https to business-api.tiktok.com")):
        refuse_out_of_scope(request, "tiktok", ["business-api.tiktok.com"], [secret])
    refuse_out_of_scope(
        httpx.Request("GET", "https://business-api.tiktok.com/x", headers={"Access-Token": TOKEN}),
        "tiktok",
        ["business-api.tiktok.com"],
        [secret],
    )
    # a request without the credential may go anywhere (e.g. a public CDN link)
    refuse_out_of_scope(httpx.Request("GET", "http://cdn.example/x"), "tiktok", ["business-api.tiktok.com"], [secret])
    # the token in the query string, URL-encoded, is found too
    leaky = httpx.Request("GET", "https://evil.example/x", params={"t": TOKEN + "/+"})
    with pytest.raises(RemoteError):
        refuse_out_of_scope(leaky, "tiktok", ["business-api.tiktok.com"], [Secret(TOKEN + "/+")])


def test_a_plugin_declaring_no_hosts_cannot_send_credentials() -> None:
    from mixplan.credentials import Secret
    from mixplan.live.scope import refuse_out_of_scope

    request = httpx.Request("GET", "https://api.example/x", headers={"Authorization": f"Bearer {TOKEN}"})
    with pytest.raises(RemoteError, match="no host"):
        refuse_out_of_scope(request, "linkedin", [], [Secret(TOKEN)])
