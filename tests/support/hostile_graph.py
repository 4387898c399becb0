"""A local stand-in for the Graph API that misbehaves in one chosen way, over a real socket.

Used by the live-bounds tests and by ``benchmarks/bench_hostile.py``: point mixplan at it with
``MIXPLAN_API_BASE_URLS=graph.facebook.com=<base>`` (or ``make_client(hosts=...)``). Every request
to the insights path gets the misbehaviour of `mode`; other paths answer 404.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from support.live_shapes import IG_USER, TOKEN, graph_error, online_followers

INSIGHTS = f"/v25.0/{IG_USER}/insights"
MODES = ("http-next", "other-host-next", "redirect", "huge-body", "drip", "retry-after-100", "expired-token")
"""What the server can do wrong: a paging link to plain http or to another host, a redirect away, a
body of 300 MB, a body dripped one byte at a time, ``Retry-After: 100`` and an expired token (whose
error message quotes the token)."""

HUGE_BODY_BYTES = 300 * 1_000_000
CHUNK = b" " * 1_000_000


def _body(mode: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of the answers that fit in memory."""
    page = f"{INSIGHTS}?metric=online_followers&period=lifetime&after=P2"
    if mode == "http-next":
        payload = online_followers(
            [("2025-06-09T07:00:00+0000", {"9": 9})], next_url=f"http://graph.facebook.com{page}"
        )
        return 200, {}, json.dumps(payload).encode()
    if mode == "other-host-next":
        payload = online_followers([("2025-06-09T07:00:00+0000", {"9": 9})], next_url=f"https://evil.example{page}")
        return 200, {}, json.dumps(payload).encode()
    if mode == "redirect":
        return 302, {"Location": f"http://evil.example/steal?access_token={TOKEN}"}, b""
    if mode == "retry-after-100":
        return 429, {"Retry-After": "100"}, json.dumps(graph_error(4, "Application request limit reached")).encode()
    if mode == "expired-token":
        message = f"Error validating access token {TOKEN}: Session has expired on Friday, 04-Dec-26 10:00:00 PST."
        return 400, {}, json.dumps(graph_error(190, message, subcode=463)).encode()
    raise ValueError(f"unknown mode {mode!r}; one of {', '.join(MODES)}")


def send_json(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes) -> None:
    """Answer the handler's request with `status`, `headers` and a JSON `body` of known length."""
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@contextmanager
def hostile_graph(mode: str, drip_interval: float = 5.0, drip_bytes: int = 40) -> Iterator[str]:
    """Serve `mode` on 127.0.0.1 in a thread; yields the base URL. ``drip`` sends a byte every `drip_interval` s."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; one of {', '.join(MODES)}")
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if not self.path.startswith(INSIGHTS):
                self._send(404, {}, json.dumps(graph_error(803, "unknown path")).encode())
                return
            try:
                if mode == "huge-body":
                    self._stream(HUGE_BODY_BYTES)
                elif mode == "drip":
                    self._drip()
                else:
                    self._send(*_body(mode))
            except OSError:  # the client hung up: what a bounded client does
                return

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            send_json(self, status, headers, body)

        def _stream(self, size: int) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")  # no Content-Length: the body runs until the server closes
            self.end_headers()
            for _ in range(size // len(CHUNK)):
                if stop.is_set():
                    return
                self.wfile.write(CHUNK)

        def _drip(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(drip_bytes))
            self.end_headers()
            self.wfile.flush()
            for _ in range(drip_bytes):
                if stop.wait(drip_interval):
                    return
                self.wfile.write(b" ")
                self.wfile.flush()

        def log_message(self, format: str, *args: object) -> None:  # keep output quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
