"""The HTTP client for platform APIs: timeouts, retries with backoff, and logging that never shows a token.

``make_client()`` returns an :class:`httpx.Client` whose transport retries 429 and 5xx answers
(and connection failures) with exponential backoff, honouring ``Retry-After``. The sleep
function is injectable so tests never wait for real. A host map can point a platform's host at
another base URL (a local test server or a proxy).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx
from mixplan.errors import InputError
from mixplan.live.scope import current_deadline
from mixplan.live.scrub import install_log_scrubbing, scrub

logger = logging.getLogger("mixplan.live")

DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=10.0)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0
"""The longest ``Retry-After`` mixplan waits for; a longer one ends the sync with a time to try again."""
API_BASE_URLS_ENV = "MIXPLAN_API_BASE_URLS"
"""``host=base-url,…``: send a platform host's requests elsewhere (a local test server), e.g.
``graph.facebook.com=http://127.0.0.1:8080``. Read by :func:`make_client` when no host map is given."""
NOTICE_AFTER = 1.0
"""Waits this long or longer are announced through :attr:`RetryPolicy.notify`."""
RETRY_AFTER_EXTENSION = "mixplan.retry_after"
"""Response extension holding the seconds of a ``Retry-After`` that was too long to wait for."""


def log_wait_notice(text: str) -> None:
    """Log a wait notice as a warning on ``mixplan.live`` (shown on stderr when no logging is configured)."""
    logger.warning("%s", text)


@dataclass(frozen=True)
class RetryPolicy:
    """When and how long to wait before trying a request again.

    Attempt ``n`` (0-based) waits ``base_delay · 2^n`` seconds, at most ``max_delay``, unless the
    answer carries ``Retry-After``; a ``Retry-After`` above ``max_retry_after`` is not waited for:
    the answer is returned, marked with :data:`RETRY_AFTER_EXTENSION`, and reported as "try again
    after …". No wait runs past the sync's deadline (:mod:`mixplan.live.scope`).
    """

    retries: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = MAX_RETRY_AFTER
    statuses: frozenset[int] = RETRY_STATUSES
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    notify: Callable[[str], None] = field(default=log_wait_notice, repr=False)
    """Told, before every wait of :data:`NOTICE_AFTER` seconds or more, what is awaited and for how long.

    The default logs a warning on ``mixplan.live``, which the command line shows on stderr, so a
    long ``Retry-After`` is never a silent pause.
    """

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after failed attempt `attempt` when the server gives no Retry-After."""
        return float(min(self.base_delay * (2**attempt), self.max_delay))


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date); None if absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


class RetryTransport(httpx.BaseTransport):
    """Wraps a transport; retries idempotent requests on 429/5xx and on connection errors."""

    def __init__(self, inner: httpx.BaseTransport, policy: RetryPolicy) -> None:
        self._inner = inner
        self._policy = policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send the request, waiting and retrying as the policy says; returns the last answer."""
        policy = self._policy
        retryable = request.method in ("GET", "HEAD", "OPTIONS")
        attempt = 0
        while True:
            try:
                response = self._inner.handle_request(request)
            except httpx.TransportError as error:
                if not retryable or attempt >= policy.retries:
                    raise
                delay = policy.backoff(attempt)
                logger.info(
                    "%s %s failed (%s); retrying in %.1f s",
                    request.method,
                    scrub(str(request.url)),
                    type(error).__name__,
                    delay,
                )
            else:
                if not retryable or response.status_code not in policy.statuses or attempt >= policy.retries:
                    return response
                asked = retry_after_seconds(response.headers.get("Retry-After"))
                if asked is not None and asked > policy.max_retry_after:
                    response.extensions[RETRY_AFTER_EXTENSION] = asked
                    return response
                delay = asked if asked is not None else policy.backoff(attempt)
                response.close()
                logger.info(
                    "%s %s answered %d; retrying in %.1f s",
                    request.method,
                    scrub(str(request.url)),
                    response.status_code,
                    delay,
                )
            what = request.url.path.rsplit("/", 1)[-1] or "API"
            deadline = current_deadline()
            if deadline is not None and delay >= deadline.remaining():
                raise deadline.error(what)
            if delay >= NOTICE_AFTER:
                left = f"; the sync gives up {deadline.remaining():.0f} s from now" if deadline is not None else ""
                policy.notify(
                    f"waiting {delay:.0f} s before asking {request.url.host} again for {what} "
                    f"(attempt {attempt + 2} of {policy.retries + 1}){left}"
                )
            policy.sleep(delay)
            attempt += 1

    def close(self) -> None:
        """Close the wrapped transport."""
        self._inner.close()


class HostMapTransport(httpx.BaseTransport):
    """Sends requests for the mapped hosts to other base URLs (e.g. ``graph.facebook.com`` → a test server)."""

    def __init__(self, inner: httpx.BaseTransport, hosts: Mapping[str, str]) -> None:
        self._inner = inner
        self._hosts = {host: httpx.URL(base) for host, base in hosts.items()}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Rewrite the URL's scheme, host and port when its host is mapped, then send."""
        target = self._hosts.get(request.url.host)
        if target is not None:
            request.url = request.url.copy_with(scheme=target.scheme, host=target.host, port=target.port)
            request.headers["Host"] = target.netloc.decode("ascii")
        return self._inner.handle_request(request)

    def close(self) -> None:
        """Close the wrapped transport."""
        self._inner.close()


def _log_response(response: httpx.Response) -> None:
    request = response.request
    logger.debug("%s %s -> %d", request.method, scrub(str(request.url)), response.status_code)


def hosts_from_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The host map in ``$MIXPLAN_API_BASE_URLS`` (empty when unset); a malformed entry is an InputError."""
    raw = (os.environ if environ is None else environ).get(API_BASE_URLS_ENV, "").strip()
    hosts: dict[str, str] = {}
    for entry in filter(None, (part.strip() for part in raw.split(","))):
        host, _, base = entry.partition("=")
        url = httpx.URL(base.strip()) if base.strip() else None
        if not host.strip() or url is None or url.scheme not in ("http", "https") or not url.host:
            raise InputError(
                API_BASE_URLS_ENV,
                f"entry {entry[:80]!r} is not host=base-url; write e.g. graph.facebook.com=http://127.0.0.1:8080",
            )
        hosts[host.strip().lower()] = base.strip()
    return hosts


def make_client(
    *,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    policy: RetryPolicy | None = None,
    transport: httpx.BaseTransport | None = None,
    hosts: Mapping[str, str] | None = None,
) -> httpx.Client:
    """An httpx client for platform APIs: timeouts, retries with backoff, host map, token-free logging.

    `transport` replaces the network (e.g. :class:`httpx.MockTransport` in tests). `hosts` maps a
    platform host to another base URL; None reads ``$MIXPLAN_API_BASE_URLS``. Credentials are
    checked against the request's original https URL before the map applies. Close the client
    when done (use it as a context manager).
    """
    install_log_scrubbing()
    inner: httpx.BaseTransport = transport if transport is not None else httpx.HTTPTransport()
    if hosts is None:
        hosts = hosts_from_environment()
    if hosts:
        inner = HostMapTransport(inner, hosts)
    return httpx.Client(
        transport=RetryTransport(inner, policy or RetryPolicy()),
        timeout=timeout,
        follow_redirects=False,
        headers={"User-Agent": "mixplan"},
        event_hooks={"response": [_log_response]},
    )
