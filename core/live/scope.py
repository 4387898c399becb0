"""Where a sync may send its credentials, and how long it may take.

While a plugin fetches live data, :func:`credential_scope` watches every request the client sends
(the first one, a ``paging.next`` link, a redirect hop): a request that carries one of the
channel's credentials must go over https to a host the plugin declares in
``PlatformSpec.api_hosts``, or it is refused before it leaves. The same scope holds the sync's
overall :class:`Deadline`, which the retrying transport and the body reader check too.
"""

from __future__ import annotations

import contextvars
import math
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx
from mixplan.credentials import Secret
from mixplan.errors import InputError, RemoteError
from mixplan.live.scrub import secret_forms

SYNC_DEADLINE_SECONDS = 90.0
"""The longest one live sync (audience and limits of one channel) may take, waits for retries included."""
SYNC_DEADLINE_ENV = "MIXPLAN_SYNC_DEADLINE"
"""Seconds: a sync deadline other than :data:`SYNC_DEADLINE_SECONDS` (e.g. ``5`` against a local test server)."""
MAX_SYNC_DEADLINE_SECONDS = 3600.0


def sync_deadline_seconds(environ: Mapping[str, str] | None = None) -> float:
    """The sync deadline: ``$MIXPLAN_SYNC_DEADLINE`` when set, else :data:`SYNC_DEADLINE_SECONDS`.

    A value that is not a number of seconds above 0 and at most an hour is an InputError naming the variable.
    """
    raw = (os.environ if environ is None else environ).get(SYNC_DEADLINE_ENV, "").strip()
    if not raw:
        return SYNC_DEADLINE_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds <= MAX_SYNC_DEADLINE_SECONDS:  # also false for NaN
        raise InputError(
            SYNC_DEADLINE_ENV,
            f"{raw[:40]!r} is not a deadline; give seconds above 0 and at most {MAX_SYNC_DEADLINE_SECONDS:g}, e.g. 90",
        )
    return seconds


@dataclass
class Deadline:
    """The moment a sync must be over; `clock` is injectable so tests never wait."""

    platform: str
    seconds: float = SYNC_DEADLINE_SECONDS
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    started: float = field(init=False)

    def __post_init__(self) -> None:
        self.started = self.clock()

    def remaining(self) -> float:
        """Seconds left (negative once passed)."""
        return self.started + self.seconds - self.clock()

    def error(self, what: str) -> RemoteError:
        """The error that ends a sync whose deadline has passed (or would pass while waiting)."""
        return RemoteError(
            f"{self.platform} did not finish the {what} request within the sync's {self.seconds:g} s deadline; "
            "try again later"
        )

    def check(self, what: str) -> None:
        """Raise :meth:`error` when no time is left."""
        if self.remaining() <= 0:
            raise self.error(what)


_DEADLINE: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("mixplan_sync_deadline", default=None)


def current_deadline() -> Deadline | None:
    """The deadline of the sync running in this context, if any."""
    return _DEADLINE.get()


@contextmanager
def sync_deadline(deadline: Deadline) -> Iterator[Deadline]:
    """Run a sync under `deadline`; an outer sync's deadline, if one is running, stays in force."""
    outer = _DEADLINE.get()
    if outer is not None:
        yield outer
        return
    token = _DEADLINE.set(deadline)
    try:
        yield deadline
    finally:
        _DEADLINE.reset(token)


def carries_secret(request: httpx.Request, secrets: Iterable[Secret]) -> bool:
    """Whether any header value or the URL of `request` holds one of `secrets` (in any spelling)."""
    texts = [value for _, value in request.headers.items()] + [str(request.url)]
    for secret in secrets:
        value = secret.reveal()
        if value and any(form in text for form in secret_forms(value) for text in texts):
            return True
    return False


def refuse_out_of_scope(request: httpx.Request, platform: str, hosts: Iterable[str], secrets: Iterable[Secret]) -> None:
    """Raise RemoteError when `request` carries a credential anywhere but https to one of `hosts`."""
    allowed = {host.lower() for host in hosts}
    url = request.url
    if url.scheme == "https" and url.host.lower() in allowed:
        return
    if not carries_secret(request, secrets):
        return
    target = f"{url.scheme}://{url.host}" + (f":{url.port}" if url.port else "")
    declared = ", ".join(sorted(allowed)) or "no host (the plugin declares no api_hosts)"
    raise RemoteError(
        f"refused to send the {platform} credential to {target}: credentials go only over https to "
        f"{declared}; the platform's answer (a paging link or a redirect) pointed elsewhere"
    )


@contextmanager
def credential_scope(
    client: httpx.Client, platform: str, hosts: Iterable[str], secrets: Iterable[Secret]
) -> Iterator[None]:
    """While inside, every request `client` sends with one of `secrets` must go over https to `hosts`.

    The check also shrinks each request's timeouts to the time left before the sync's deadline.
    """
    allowed = tuple(hosts)
    secret_list = list(secrets)

    def guard(request: httpx.Request) -> None:
        refuse_out_of_scope(request, platform, allowed, secret_list)
        deadline = current_deadline()
        if deadline is not None:
            deadline.check(request.url.path.rsplit("/", 1)[-1] or "API")
            left = max(deadline.remaining(), 0.001)
            timeouts = request.extensions.get("timeout") or {}
            request.extensions["timeout"] = {
                key: left if value is None else min(value, left)
                for key, value in {**dict.fromkeys(("connect", "read", "write", "pool")), **timeouts}.items()
            }

    hooks = client.event_hooks
    hooks["request"] = [*hooks.get("request", []), guard]
    client.event_hooks = hooks
    try:
        yield
    finally:
        hooks = client.event_hooks
        hooks["request"] = [hook for hook in hooks.get("request", []) if hook is not guard]
        client.event_hooks = hooks
