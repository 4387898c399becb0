"""Live hooks made from a platform's fetch functions: the platform test and the token read, written once.

A platform plugin's live module writes only what it asks its API and how it reads the answer::

    def fetch_limits(call: LiveCall) -> LiveLimits:
        body = graph_get(call.client, f"{GRAPH_URL}/{call.channel.account}/quota", call.token, ...)
        ...

    mixplan_fetch_limits = live_hook("mixplan_fetch_limits", PLATFORM, fetch_limits)

The hook made here carries the specification's own signature (pluggy reads the argument names
from it and passes them as to a hand-written implementation). It answers None for a channel of
another platform, so that the next plugin is asked, reads the channel's token (a missing one is
an InputError naming the channel) and calls the fetch function with a :class:`LiveCall` and the
hook's remaining arguments by keyword: ``timezone`` for ``mixplan_fetch_audience``, ``since``
and ``until`` for ``mixplan_fetch_actuals``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from mixplan import hookspecs
from mixplan.credentials import Secret
from mixplan.errors import InputError
from mixplan.hookspecs import hookimpl
from mixplan.model import Channel, PlatformSpec

T = TypeVar("T")

LIVE_HOOKS = ("mixplan_fetch_audience", "mixplan_fetch_limits", "mixplan_fetch_actuals")
"""The hooks :func:`live_hook` can make."""
_CALL_ARGUMENTS = ("channel", "platform", "client", "credentials")


@dataclass(frozen=True)
class LiveCall:
    """What a platform's fetch function works with: the channel, its platform spec, the sync's client, the token."""

    channel: Channel
    platform: PlatformSpec
    client: httpx.Client
    token: Secret


def channel_token(channel: Channel, credentials: Mapping[str, Secret], key: str = "access_token") -> Secret:
    """The channel's credential `key`; an InputError naming the channel and the fix when it is missing."""
    token = credentials.get(key)
    if token is None:
        raise InputError(f"channel {channel.id} credentials", f"needs {key}: $env:NAME (or $file:PATH)")
    return token


def live_hook(
    name: str, platform_id: str, fetch: Callable[..., T], *, token_key: str = "access_token"
) -> Callable[..., T | None]:
    """The ``@hookimpl`` `name` (one of :data:`LIVE_HOOKS`) that runs `fetch` for channels of `platform_id`.

    `fetch` gets a :class:`LiveCall` and the hook's other arguments by keyword; its docstring
    becomes the hook's. Assign the result to a module attribute named `name`: pluggy finds it
    there, as if it were written out with ``@hookimpl``.
    """
    if name not in LIVE_HOOKS:
        raise ValueError(f"{name!r} is not a live hook; expected one of {', '.join(LIVE_HOOKS)}")
    spec = getattr(hookspecs, name)
    signature = inspect.signature(spec)

    def hook(*args: Any, **kwargs: Any) -> T | None:
        arguments = signature.bind(*args, **kwargs).arguments
        channel, platform, client, credentials = (arguments.pop(key) for key in _CALL_ARGUMENTS)
        if platform.id != platform_id:
            return None
        call = LiveCall(channel, platform, client, channel_token(channel, credentials, token_key))
        return fetch(call, **arguments)

    # pluggy reads an implementation's argument names through inspect.unwrap, so `__wrapped__`
    # gives the hook exactly the specification's arguments (inspect.signature agrees).
    hook.__wrapped__ = spec  # type: ignore[attr-defined]
    hook.__name__ = hook.__qualname__ = name
    hook.__module__ = fetch.__module__
    hook.__doc__ = fetch.__doc__
    return hookimpl(hook)
