"""`mixplan actuals fetch` end to end: a local HTTP server stands in for graph.facebook.com and
business-api.tiktok.com.

The server answers ``GET /v25.0/act_{id}/insights`` with the Marketing API Insights shape (one
row per day, amounts as strings; see tests/core/live/test_actuals_fetch.py for the shapes) and
``GET /open_api/v1.3/business/video/list/`` with TikTok's video list (support.live_shapes).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import Result
from mixplan.storage import Store
from support.cli_invoke import Invoke
from support.live_shapes import tiktok_video, tiktok_videos

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
VIDEOS = tiktok_videos(
    [tiktok_video("7109065174526479622", 1749549600, video_views=3100, likes=90, comments=4, shares=6)],
    cursor=1749549600000,
    has_more=False,
)


class _Handler(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str | None]]] = []

    def do_GET(self) -> None:
        tiktok = self.path.startswith("/open_api/")
        credential = self.headers.get("Access-Token" if tiktok else "Authorization")
        type(self).seen.append((self.path, credential))
        body = json.dumps(VIDEOS if tiktok else INSIGHTS).encode()
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
        "  - {id: tt, platform: tiktok, account: biz-7, credentials: {access_token: $env:FB_TOKEN}}\n"
        "budget: {total: '500'}\n"
    )
    return path


def _fetch(
    mixplan: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mapped: str, channel: str, days: str, *more: str
) -> Result:
    """`mixplan actuals fetch CHANNEL --since A --until B MORE…` for `days` "A..B", the token in the environment
    and the ``host=url`` pair `mapped` sending the platform's requests to the local server."""
    monkeypatch.setenv("FB_TOKEN", TOKEN)
    monkeypatch.setenv("MIXPLAN_API_BASE_URLS", mapped)
    since, until = days.split("..")
    return mixplan(
        "actuals", "fetch", channel, "--scenario", str(_scenario(tmp_path)), "--since", since, "--until", until, *more
    )


def test_fetch_stores_channel_days_and_prints_counts(
    mixplan: Invoke, tmp_path: Path, db_url: str, graph_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _fetch(
        mixplan, tmp_path, monkeypatch, f"graph.facebook.com={graph_server}", "fb", "2025-06-09..2025-06-10", "--json"
    )
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
    result = _fetch(
        mixplan, tmp_path, monkeypatch, f"graph.facebook.com={graph_server}", "fb", "2025-06-12..2025-06-10"
    )
    assert result.exit_code == 2
    assert "--since" in result.output and "Traceback" not in result.output
    assert _Handler.seen == []


def test_fetch_on_a_tiktok_channel_stores_its_videos(
    mixplan: Invoke, tmp_path: Path, db_url: str, graph_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    mapped = f"business-api.tiktok.com={graph_server}"
    result = _fetch(mixplan, tmp_path, monkeypatch, mapped, "tt", "2025-06-09..2025-06-11", "--json")
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)
    assert (counts["posts"], counts["posts_inserted"], counts["days"]) == (1, 1, 0)
    assert TOKEN not in result.output
    path, credential = _Handler.seen[0]
    assert path.startswith("/open_api/v1.3/business/video/list/?") and "business_id=biz-7" in path
    assert credential == TOKEN and TOKEN not in path
    posts = Store(db_url).post_actuals("tt")
    assert [(p.content_id, p.impressions, p.engagements, p.published_at.isoformat()) for p in posts] == [
        ("7109065174526479622", 3100, 100, "2025-06-10T10:00:00+00:00")
    ]
