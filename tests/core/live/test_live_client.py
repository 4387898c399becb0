"""The live HTTP client: retries with backoff on 429/5xx honouring Retry-After, timeouts, scrubbing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from mixplan.credentials import Secret
from mixplan.errors import RemoteError
from mixplan.live import RetryPolicy, get_json, make_client, retry_after_seconds, scrub


class Script:
    """A MockTransport handler answering from a list, recording each request it got."""

    def __init__(self, answers: list[httpx.Response | Exception]) -> None:
        self.answers = answers
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers[min(len(self.requests) - 1, len(self.answers) - 1)]
        if isinstance(answer, Exception):
            raise answer
        return answer


def _client(script: Script, sleeps: list[float], **policy: Any) -> httpx.Client:
    return make_client(transport=httpx.MockTransport(script), policy=RetryPolicy(sleep=sleeps.append, **policy))


def test_429_with_retry_after_waits_that_long_then_succeeds() -> None:
    script = Script([httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json={"ok": 1})])
    sleeps: list[float] = []
    with _client(script, sleeps) as client:
        assert client.get("https://api.example/x").json() == {"ok": 1}
    assert sleeps == [7.0]
    assert len(script.requests) == 2


def test_5xx_backs_off_exponentially() -> None:
    script = Script([httpx.Response(503), httpx.Response(500), httpx.Response(502), httpx.Response(200, json={})])
    sleeps: list[float] = []
    with _client(script, sleeps, base_delay=0.5) as client:
        assert client.get("https://api.example/x").status_code == 200
    assert sleeps == [0.5, 1.0, 2.0]


def test_gives_up_after_the_retries_and_returns_the_last_answer() -> None:
    script = Script([httpx.Response(500, text="boom")])
    sleeps: list[float] = []
    with _client(script, sleeps, retries=2, base_delay=1.0, max_delay=1.5) as client:
        assert client.get("https://api.example/x").status_code == 500
    assert sleeps == [1.0, 1.5]
    assert len(script.requests) == 3


def test_a_retry_after_beyond_the_maximum_is_not_waited_for() -> None:
    script = Script([httpx.Response(429, headers={"Retry-After": "3600"})])
    sleeps: list[float] = []
    with _client(script, sleeps) as client:
        assert client.get("https://api.example/x").status_code == 429
    assert sleeps == []


def test_client_errors_are_not_retried_and_posts_never() -> None:
    script = Script([httpx.Response(400, json={})])
    sleeps: list[float] = []
    with _client(script, sleeps) as client:
        assert client.get("https://api.example/x").status_code == 400
        script.answers = [httpx.Response(503)]
        assert client.post("https://api.example/x").status_code == 503
    assert sleeps == [] and len(script.requests) == 2


def test_connection_errors_are_retried_then_raised() -> None:
    script = Script([httpx.ConnectError("refused"), httpx.Response(200, json={"ok": True})])
    sleeps: list[float] = []
    with _client(script, sleeps) as client:
        assert client.get("https://api.example/x").json() == {"ok": True}
    assert sleeps == [0.5]
    always = Script([httpx.ConnectError("refused")])
    with _client(always, sleeps, retries=1) as client, pytest.raises(httpx.ConnectError):
        client.get("https://api.example/x")


def test_retry_after_parsing() -> None:
    now = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("30") == 30.0
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=90), usegmt=True), now=now) == 90.0
    assert retry_after_seconds(format_datetime(now - timedelta(seconds=90), usegmt=True), now=now) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_host_map_sends_requests_elsewhere() -> None:
    script = Script([httpx.Response(200, json={})])
    transport = httpx.MockTransport(script)
    with make_client(transport=transport, hosts={"graph.facebook.com": "http://127.0.0.1:8099"}) as client:
        client.get("https://graph.facebook.com/v25.0/me?fields=id")
    sent = script.requests[0].url
    assert (sent.scheme, sent.host, sent.port, sent.path) == ("http", "127.0.0.1", 8099, "/v25.0/me")


def test_scrub_masks_tokens_in_urls_headers_and_known_values() -> None:
    text = (
        "GET https://graph.facebook.com/v25.0/1/insights?metric=x&access_token=EAAB123&b=2 "
        "Authorization: Bearer EAAB123 Access-Token: tt-456 {'access-token': 'tt-456'} other tt-456"
    )
    cleaned = scrub(text, [Secret("tt-456")])
    assert "EAAB123" not in cleaned and "tt-456" not in cleaned
    assert "access_token=***&b=2" in cleaned and "metric=x" in cleaned


def test_httpx_request_logs_are_scrubbed(caplog: pytest.LogCaptureFixture) -> None:
    script = Script([httpx.Response(503), httpx.Response(200, json={})])
    with caplog.at_level(logging.DEBUG), _client(script, []) as client:
        client.get("https://api.example/x", params={"access_token": "SEKRIT-LOGGED"})
    assert any("api.example" in record.getMessage() for record in caplog.records)
    assert all("SEKRIT-LOGGED" not in record.getMessage() for record in caplog.records)


def _get(answers: list[httpx.Response | Exception]) -> Callable[[], tuple[int, object]]:
    def call() -> tuple[int, object]:
        with _client(Script(answers), [], retries=1) as client:
            return get_json(
                client,
                "https://api.example/x?access_token=TOKEN-IN-URL",
                platform="example",
                what="thing",
                secrets=[Secret("TOKEN-IN-URL")],
            )

    return call


def test_get_json_turns_failures_into_one_remote_error() -> None:
    assert _get([httpx.Response(200, json={"a": 1})])() == (200, {"a": 1})
    assert _get([httpx.Response(400, json={"error": {}})])() == (400, {"error": {}})
    with pytest.raises(RemoteError, match="did not answer the thing request in time"):
        _get([httpx.ReadTimeout("slow")])()
    with pytest.raises(RemoteError, match="could not reach example for thing") as caught:
        _get([httpx.ConnectError("refused https://api.example/x?access_token=TOKEN-IN-URL")])()
    assert "TOKEN-IN-URL" not in str(caught.value)
    with pytest.raises(RemoteError, match=r"HTTP 502 and a body that is not JSON \('<html>bad gateway</html>'\)"):
        _get([httpx.Response(502, text="<html>bad gateway</html>")])()
    with pytest.raises(RemoteError, match="rate-limiting requests"):
        _get([httpx.Response(429, text="slow down")])()
