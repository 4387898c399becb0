"""`mixplan actuals fetch` end to end: a local HTTP server stands in for graph.facebook.com.

The server answers ``GET /v25.0/act_{id}/insights`` with the Marketing API Insights shape (one
row per day, amounts as strings; see tests/core/live/test_actuals_fetch.py for the shapes).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from mixplan.storage import Store
from support.cli_invoke import Invoke

TOKEN = "EAAcli-actuals-token-51f0"
INSIGHTS = {
    "data": [
        {
            "spend": "25.50",
            "impressions": "900",
            "clicks": "12",
            "date_start": "2025-06-09",
            "date_stop": "2025-06-09",
            "actions": [{"action_type": "purchase", "value": "2"}],
            "action_values": [{"action_type": "purchase", "value": "99.90"}],
        }
    ],
    "paging": {"cursors": {"before": "MAZDZD", "after": "MAZDZD"}},
}


class _Handler(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str | None]]] = []

    def do_GET(self) -> None:
        type(self).seen.append((self.path, self.headers.get("Authorization")))
        body = json.dumps(INSIGHTS).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def graph_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Handler.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _scenario(tmp_path: Path) -> Path:
    path = tmp_path / "shop.yaml"
    path.write_text(
        "name: Shop\nhorizon: {start: 2025-06-16, days: 7, timezone: Europe/Berlin}\n"
        "channels:\n  - {id: fb, platform: facebook, account: act_42, credentials: {access_token: $env:FB_TOKEN}}\n"
        "budget: {total: '500'}\n"
    )
    return path


def test_fetch_stores_channel_days_and_prints_counts(
    mixplan: Invoke, tmp_path: Path, db_url: str, graph_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FB_TOKEN", TOKEN)
    monkeypatch.setenv("MIXPLAN_API_BASE_URLS", f"graph.facebook.com={graph_server}")
    args = ("actuals", "fetch", "fb", "--scenario", str(_scenario(tmp_path)), "--since", "2025-06-09")
    result = mixplan(*args, "--until", "2025-06-10", "--json")
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)
    assert (counts["days"], counts["days_inserted"], counts["first_day"]) == (1, 1, "2025-06-09")
    assert TOKEN not in result.output
    assert _Handler.seen[0][0].startswith("/v25.0/act_42/insights?") and _Handler.seen[0][1] == f"Bearer {TOKEN}"
    rows = Store(db_url).history("fb")
    assert [(str(r.day), str(r.spend), str(r.revenue)) for r in rows] == [("2025-06-09", "25.50", "99.90")]


def test_since_after_until_is_exit_2_before_any_request(
    mixplan: Invoke, tmp_path: Path, graph_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FB_TOKEN", TOKEN)
    monkeypatch.setenv("MIXPLAN_API_BASE_URLS", f"graph.facebook.com={graph_server}")
    args = ("actuals", "fetch", "fb", "--scenario", str(_scenario(tmp_path)), "--since", "2025-06-12")
    result = mixplan(*args, "--until", "2025-06-10")
    assert result.exit_code == 2
    assert "--since" in result.output and "Traceback" not in result.output
    assert _Handler.seen == []
