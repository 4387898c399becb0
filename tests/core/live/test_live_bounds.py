"""Every wait and size of a live sync is bounded: body cap, Retry-After cap, overall deadline, masked escapes."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from mixplan.credentials import Secret
from mixplan.errors import InputError, RemoteError
from mixplan.live import RetryPolicy, get_json, make_client, sync_live
from mixplan.live.remote import MAX_BODY_BYTES
from mixplan.live.scope import SYNC_DEADLINE_ENV, SYNC_DEADLINE_SECONDS, Deadline, sync_deadline, sync_deadline_seconds
from mixplan.live.scrub import mask_secrets, scrub, secret_forms
from mixplan.plugin_host import PluginHost
from mixplan.storage import Store
from support.hostile_graph import hostile_graph
from support.live_shapes import TOKEN, TOKEN_ENV, Router, client_for, live_scenario

MB = 1_000_000


@pytest.fixture
def host() -> PluginHost:
    return PluginHost(load_entry_points=False, environ={})


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'bounds.db'}")


# -- masking ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "render",
    [
        lambda value: value,
        lambda value: repr(value),
        lambda value: repr(value.encode()),
        lambda value: json.dumps(value),
        lambda value: json.dumps({"token": value}),
        lambda value: str(httpx.URL("https://x.example/", params={"t": value})),
        lambda value: httpx.QueryParams({"t": value}).__str__(),
        lambda value: f"Illegal header value {('Bearer ' + value).encode()!r}",
    ],
    ids=["raw", "repr", "bytes-repr", "json", "json-object", "url", "query", "h11-header"],
)
def test_every_spelling_of_a_secret_is_masked(render: object) -> None:
    value = 'EAAlive\nsecond "half" / +plus ünï'
    secret = Secret(value)
    text = f"boom: {render(value)} (end)"  # type: ignore[operator]
    masked = mask_secrets(text, [secret])
    for piece in ("EAAlive", "second", "half", "plus"):
        assert piece not in masked, (text, masked)
    assert masked.startswith("boom: ") and masked.endswith("(end)")


def test_secret_forms_include_the_escapes_a_message_carries() -> None:
    forms = secret_forms("a\nb")
    assert {"a\nb", "a\\nb", "a%0Ab"} <= forms


def test_live_secrets_are_masked_without_being_passed() -> None:
    secret = Secret("only-known-to-the-registry-42")
    assert "only-known" not in scrub(f"error: {secret.reveal()!r} rejected")


def test_an_equal_secret_stays_masked_after_the_first_one_is_gone() -> None:
    import gc

    first = Secret("twin-token-value-99")
    second = Secret("twin-token-value-99")
    del first
    gc.collect()
    assert "twin-token" not in scrub("said twin-token-value-99"), "the registry forgot the value still in use"
    assert second.reveal()


def test_a_token_with_a_newline_is_refused_before_anything_is_sent(
    monkeypatch: pytest.MonkeyPatch, host: PluginHost, store: Store
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN + "\nInjected: header")
    router = Router({})
    with client_for(router) as client, pytest.raises(InputError) as caught:
        sync_live(host, live_scenario(), "ig", store, client)
    message = str(caught.value)
    assert "channels[0].credentials.access_token" in message and "line break" in message
    assert TOKEN not in message and "Injected" not in message
    assert router.requests == []


def test_an_illegal_header_error_over_a_socket_shows_no_part_of_the_token() -> None:
    """h11 refuses the header and names it as bytes repr ("b'Bearer …\\n…'"): that form is masked too."""
    secret = Secret(TOKEN + "\nsecond-half-of-it")
    with (
        _silent_server() as base,
        make_client(policy=RetryPolicy(retries=0)) as client,
        pytest.raises(RemoteError) as caught,
    ):
        get_json(
            client,
            f"{base}/x",
            platform="instagram",
            what="insights",
            headers={"Authorization": f"Bearer {secret.reveal()}"},
            secrets=[secret],
        )
    message = str(caught.value)
    assert message.startswith("could not reach instagram for insights")
    assert TOKEN not in message and "second-half" not in message, message


# -- body size ----------------------------------------------------------------------------------


class Drip(httpx.SyncByteStream):
    """A response body made on demand, `chunks` pieces of `size` bytes; counts what was taken from it."""

    def __init__(self, chunks: int, size: int = MB) -> None:
        self.chunks = chunks
        self.size = size
        self.taken = 0

    def __iter__(self) -> Iterator[bytes]:
        piece = b" " * self.size
        for _ in range(self.chunks):
            self.taken += 1
            yield piece


def test_a_300_mb_body_is_refused_after_reading_20_mb(
    monkeypatch: pytest.MonkeyPatch, host: PluginHost, store: Store
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    body = Drip(300)
    router = Router({"/insights": [lambda request: httpx.Response(200, stream=body)]})
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        sync_live(host, live_scenario(), "ig", store, client, limits=False)
    assert f"instagram sent more than {MAX_BODY_BYTES // MB} MB" in str(caught.value)
    assert body.taken <= MAX_BODY_BYTES // MB + 1, "the body was read past the cap"
    assert store.audience_snapshots() == []


def test_a_declared_300_mb_body_is_refused_before_reading_any_of_it() -> None:
    body = Drip(300)
    answer = httpx.Response(200, headers={"Content-Length": str(300 * MB)}, stream=body)
    with client_for(Router({"/": [answer]})) as client, pytest.raises(RemoteError, match="more than 20 MB"):
        get_json(client, "https://graph.facebook.com/x", platform="facebook", what="x")
    assert body.taken == 0


def test_a_body_just_under_the_cap_is_read() -> None:
    payload = b'{"a": "' + b"x" * 1000 + b'"}'
    with client_for(Router({"/": [httpx.Response(200, content=payload)]})) as client:
        status, body = get_json(client, "https://graph.facebook.com/x", platform="facebook", what="x")
    assert status == 200 and len(body["a"]) == 1000
    with (
        client_for(Router({"/": [httpx.Response(200, content=payload)]})) as client,
        pytest.raises(RemoteError, match="stopped reading"),
    ):
        get_json(client, "https://graph.facebook.com/x", platform="facebook", what="x", max_body_bytes=1000)


# -- Retry-After and the overall deadline --------------------------------------------------------


class FakeClock:
    """A monotonic clock that moves only when the retry policy "sleeps"."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _rate_limited(seconds: int) -> httpx.Response:
    return httpx.Response(429, headers={"Retry-After": str(seconds)}, json={"error": {"message": "slow", "code": 4}})


def test_retry_after_100_is_not_waited_for_and_says_when_to_try_again(
    monkeypatch: pytest.MonkeyPatch, host: PluginHost, store: Store
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    clock = FakeClock()
    router = Router({"/insights": [_rate_limited(100)]})
    with (
        make_client(transport=httpx.MockTransport(router), policy=RetryPolicy(sleep=clock.sleep)) as client,
        pytest.raises(RemoteError) as caught,
    ):
        sync_live(host, live_scenario(), "ig", store, client, limits=False)
    message = str(caught.value)
    assert "asks to wait 100 s" in message and "longer than mixplan waits (60 s)" in message
    assert "try again after 20" in message and message.endswith(" UTC")
    assert clock.sleeps == [] and len(router.requests) == 1
    assert store.audience_snapshots() == []


def test_the_overall_deadline_ends_a_sync_that_keeps_being_told_to_wait(
    monkeypatch: pytest.MonkeyPatch, host: PluginHost, store: Store
) -> None:
    """Retry-After: 50 on every answer is under the cap, but the second wait would pass the 90 s deadline."""
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    clock = FakeClock()
    notices: list[str] = []
    router = Router({"/insights": [_rate_limited(50)]})
    policy = RetryPolicy(sleep=clock.sleep, notify=notices.append, retries=10)
    with (
        make_client(transport=httpx.MockTransport(router), policy=policy) as client,
        sync_deadline(Deadline("instagram", clock=clock)),
        pytest.raises(RemoteError) as caught,
    ):
        sync_live(host, live_scenario(), "ig", store, client, limits=False)
    assert str(caught.value) == (
        f"instagram did not finish the insights request within the sync's {SYNC_DEADLINE_SECONDS:g} s deadline; "
        "try again later"
    )
    assert clock.sleeps == [50.0] and len(router.requests) == 2
    assert notices == [
        "waiting 50 s before asking graph.facebook.com again for insights (attempt 2 of 11); "
        "the sync gives up 90 s from now"
    ]
    assert store.audience_snapshots() == []


def test_waits_are_announced_on_the_command_line(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The default notice is a warning on mixplan.live, so a wait of seconds never passes in silence."""
    router = Router({"/": [_rate_limited(3), httpx.Response(200, json={})]})
    with (
        caplog.at_level("WARNING", logger="mixplan.live"),
        make_client(transport=httpx.MockTransport(router), policy=RetryPolicy(sleep=lambda _: None)) as client,
    ):
        assert client.get("https://graph.facebook.com/v25.0/x").status_code == 200
    assert [record.getMessage() for record in caplog.records] == [
        "waiting 3 s before asking graph.facebook.com again for x (attempt 2 of 5)"
    ]


@pytest.fixture
def dripping_server() -> Iterator[str]:
    """A server that sends headers and then one byte every 0.2 s of a 40-byte body (8 s in all)."""
    with hostile_graph("drip", drip_interval=0.2) as base:
        yield base


def test_a_server_dripping_bytes_is_cut_off_by_the_deadline(
    dripping_server: str, monkeypatch: pytest.MonkeyPatch, host: PluginHost, store: Store
) -> None:
    """Each byte arrives well within the read timeout; only the overall deadline ends the sync."""
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    with (
        make_client(hosts={"graph.facebook.com": dripping_server}, policy=RetryPolicy(retries=0)) as client,
        sync_deadline(Deadline("instagram", seconds=1.0)),
        pytest.raises(RemoteError, match="within the sync's 1 s deadline"),
    ):
        sync_live(host, live_scenario(), "ig", store, client, limits=False)
    assert store.audience_snapshots() == []


def _sync_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base: str, deadline: str) -> Any:
    from click.testing import CliRunner
    from mixplan.cli.main import cli

    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(yaml.safe_dump(live_scenario("UTC").model_dump(mode="json", exclude_none=True)))
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    monkeypatch.setenv("MIXPLAN_API_BASE_URLS", f"graph.facebook.com={base}")
    monkeypatch.setenv(SYNC_DEADLINE_ENV, deadline)
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    return CliRunner().invoke(cli, ["--db", db, "audience", "sync", "ig", "--scenario", str(scenario)])


def test_the_deadline_set_in_the_environment_ends_a_dripping_sync_on_the_command_line(
    dripping_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`MIXPLAN_SYNC_DEADLINE=1`: the 8 s drip is cut at 1 s with exit 5, one line, nothing stored."""
    result = _sync_on_the_command_line(tmp_path, monkeypatch, dripping_server, "1")
    lines = result.output.strip().splitlines()
    assert result.exit_code == 5, result.output
    assert lines == [
        "error: instagram did not finish the online_followers request within the sync's 1 s deadline; try again later"
    ]
    with Store(f"sqlite:///{tmp_path / 'cli.db'}") as stored:
        assert stored.audience_snapshots() == []


@pytest.mark.parametrize("value", ["0", "-5", "soon", "nan", "1e9"])
def test_a_bad_deadline_in_the_environment_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    result = _sync_on_the_command_line(tmp_path, monkeypatch, "http://127.0.0.1:9", value)
    assert result.exit_code == 2, result.output
    assert f"{SYNC_DEADLINE_ENV}: {value!r} is not a deadline; give seconds above 0" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_the_deadline_defaults_to_90_s() -> None:
    assert sync_deadline_seconds({}) == SYNC_DEADLINE_SECONDS == 90.0
    assert sync_deadline_seconds({SYNC_DEADLINE_ENV: " 2.5 "}) == 2.5


# -- helpers -----------------------------------------------------------------------------------


class _silent_server:
    """A socket that accepts and answers nothing (the request fails before it is sent)."""

    def __enter__(self) -> str:
        self._socket = socket.create_server(("127.0.0.1", 0))
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}"

    def __exit__(self, *exc: object) -> None:
        self._socket.close()
