"""The live hooks over real sockets: a local HTTP server on 127.0.0.1 replays the Graph API."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from mixplan.errors import RemoteError
from mixplan.live import RetryPolicy, fetch_audience, fetch_limits, make_client
from mixplan.plugin_host import PluginHost
from support.hostile_graph import send_json
from support.live_shapes import IG_USER, TOKEN, live_scenario, online_followers, publishing_limit

Reply = tuple[int, dict[str, str], bytes, float]  # status, headers, body, delay in seconds


class GraphReplay:
    """Scripted replies per path (the last one repeats) and a record of what was asked."""

    def __init__(self) -> None:
        self.replies: dict[str, list[Reply]] = {}
        self.seen: list[tuple[str, str]] = []  # (raw request target, Authorization header)
        self.lock = threading.Lock()

    def add(
        self, path: str, status: int, body: object, headers: dict[str, str] | None = None, delay: float = 0
    ) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.replies.setdefault(path, []).append((status, headers or {}, raw, delay))

    def reply(self, target: str, authorization: str) -> Reply:
        path = target.split("?", 1)[0]
        with self.lock:
            self.seen.append((target, authorization))
            queue = self.replies.get(path)
            if not queue:
                return 404, {}, b'{"error": {"message": "no such path", "code": 803}}', 0
            return queue.pop(0) if len(queue) > 1 else queue[0]


@pytest.fixture
def graph() -> Iterator[tuple[GraphReplay, str]]:
    replay = GraphReplay()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body, delay = replay.reply(self.path, self.headers.get("Authorization", ""))
            if delay:
                time.sleep(delay)
            try:
                send_json(self, status, headers, body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                return

        def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield replay, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_paginated_online_followers_with_rate_limit_over_a_socket(
    graph: tuple[GraphReplay, str], token: str, host: PluginHost
) -> None:
    replay, base = graph
    insights = f"/v25.0/{IG_USER}/insights"
    next_link = (
        f"https://graph.facebook.com{insights}?metric=online_followers&period=lifetime&after=P2&access_token={TOKEN}"
    )
    replay.add(insights, 429, {"error": {"message": "slow down", "code": 4}}, headers={"Retry-After": "2"})
    replay.add(insights, 200, online_followers([("2025-06-09T07:00:00+0000", {"9": 90})], next_url=next_link))
    replay.add(insights, 200, online_followers([("2025-06-10T07:00:00+0000", {"9": 30})]))
    replay.add(insights, 200, online_followers([]))
    replay.add(f"/v25.0/{IG_USER}", 200, {"followers_count": 777, "id": IG_USER})
    sleeps: list[float] = []
    with make_client(hosts={"graph.facebook.com": base}, policy=RetryPolicy(sleep=sleeps.append)) as client:
        snapshot = fetch_audience(host, live_scenario("UTC"), "ig", client)
    assert sleeps == [2.0]
    assert snapshot.activity[6][9] == 90 and snapshot.activity[0][9] == 30 and snapshot.size == 777
    targets = [target for target, _ in replay.seen]
    assert len([t for t in targets if t.startswith(insights)]) == 3
    assert "after=P2" in targets[2]
    assert all(TOKEN not in target for target in targets)
    assert all(auth == f"Bearer {TOKEN}" for _, auth in replay.seen)


def test_server_error_then_success_over_a_socket(graph: tuple[GraphReplay, str], token: str, host: PluginHost) -> None:
    replay, base = graph
    path = f"/v25.0/{IG_USER}/content_publishing_limit"
    replay.add(path, 503, b"Service Unavailable")
    replay.add(path, 200, publishing_limit(5, 100))
    sleeps: list[float] = []
    with make_client(hosts={"graph.facebook.com": base}, policy=RetryPolicy(sleep=sleeps.append)) as client:
        limits = fetch_limits(host, live_scenario(), "ig", client)
    assert limits is not None and (limits.publish_quota, limits.quota_used) == (100, 5)
    assert sleeps == [0.5]


def test_a_slow_server_times_out_with_one_message(graph: tuple[GraphReplay, str], token: str, host: PluginHost) -> None:
    replay, base = graph
    replay.add(f"/v25.0/{IG_USER}/content_publishing_limit", 200, publishing_limit(1, 50), delay=1.0)
    policy = RetryPolicy(retries=0, sleep=lambda _: None)
    message = "instagram did not answer the content_publishing_limit request in time"
    with (
        make_client(hosts={"graph.facebook.com": base}, policy=policy, timeout=0.2) as client,
        pytest.raises(RemoteError, match=message),
    ):
        fetch_limits(host, live_scenario(), "ig", client)


def test_the_command_line_is_pointed_at_a_test_server_by_environment(
    graph: tuple[GraphReplay, str], token: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`MIXPLAN_API_BASE_URLS` sends `audience sync` to a local server; the credential check still holds."""
    from click.testing import CliRunner
    from mixplan.cli.main import cli

    replay, base = graph
    replay.add(f"/v25.0/{IG_USER}/insights", 200, online_followers([("2025-06-09T07:00:00+0000", {"9": 90})]))
    replay.add(f"/v25.0/{IG_USER}/insights", 200, online_followers([]))
    replay.add(f"/v25.0/{IG_USER}", 200, {"followers_count": 12, "id": IG_USER})
    replay.add(f"/v25.0/{IG_USER}/content_publishing_limit", 200, publishing_limit(1, 50))
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(yaml.safe_dump(live_scenario("UTC").model_dump(mode="json", exclude_none=True)))
    monkeypatch.setenv("MIXPLAN_API_BASE_URLS", f"graph.facebook.com={base}")
    result = CliRunner().invoke(
        cli, ["--db", f"sqlite:///{tmp_path / 'cli.db'}", "audience", "sync", "ig", "--scenario", str(scenario)]
    )
    assert result.exit_code == 0, result.output
    assert "stored audience snapshot for ig" in result.output and "stored live limits for ig" in result.output
    assert all(auth == f"Bearer {token}" for _, auth in replay.seen) and len(replay.seen) == 3
    assert TOKEN not in result.output
    monkeypatch.setenv("MIXPLAN_API_BASE_URLS", "graph.facebook.com")
    bad = CliRunner().invoke(
        cli, ["--db", f"sqlite:///{tmp_path / 'cli.db'}", "audience", "sync", "ig", "--scenario", str(scenario)]
    )
    assert bad.exit_code == 2 and "MIXPLAN_API_BASE_URLS: entry 'graph.facebook.com' is not host=base-url" in bad.output
