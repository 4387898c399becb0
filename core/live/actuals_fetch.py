"""Fetch a channel's actual results (posts and channel-days) through ``mixplan_fetch_actuals`` and store them.

The plugin's rows are checked (they must be the right types and name the asked channel, no key
twice) and then stored exactly like ``mixplan actuals import``: upserts in one transaction,
scoped to the store's brand, nothing written when the fetch or a check fails.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from mixplan.actuals.importing import Actuals, ActualsImportResult, ActualsStore, store_actuals
from mixplan.errors import InputError, PluginError
from mixplan.live.sync import NoLiveDataError, call_live_hook
from mixplan.model.actuals import PostActual
from mixplan.model.history import HistoryRow
from mixplan.model.scenario import Scenario

DEFAULT_FETCH_DAYS = 7
"""Without ``since``, the fetch covers this many days up to ``until`` (default: today, UTC)."""
MAX_FETCH_DAYS = 92
"""The longest window one fetch asks for (Meta's insights allow ~90 days per call at day level)."""


def fetch_window(since: date | None, until: date | None, today: date | None = None) -> tuple[date, date]:
    """The (since, until) days a fetch covers: defaults, order and the maximum length checked."""
    last = until or today or datetime.now(UTC).date()
    first = since or last - timedelta(days=DEFAULT_FETCH_DAYS - 1)
    if first > last:
        raise InputError("--since", f"{first} is after --until {last}; give a start on or before the end")
    if (last - first).days + 1 > MAX_FETCH_DAYS:
        raise InputError(
            "--since", f"the window {first}..{last} is longer than {MAX_FETCH_DAYS} days; fetch it in parts"
        )
    return first, last


def _checked(plugin: str, channel_id: str, result: object) -> Actuals:
    if not isinstance(result, Actuals):
        raise PluginError(plugin, f"mixplan_fetch_actuals returned {type(result).__name__}, not Actuals")
    posts: dict[tuple[object, ...], PostActual] = {}
    days: dict[date, HistoryRow] = {}
    for row in [*result.posts, *result.days]:
        if not isinstance(row, PostActual | HistoryRow):
            raise PluginError(plugin, f"mixplan_fetch_actuals returned a {type(row).__name__} row")
        if row.channel_id != channel_id:
            raise PluginError(plugin, f"mixplan_fetch_actuals returned a row for channel {row.channel_id!r}")
        if isinstance(row, PostActual):
            key: tuple[object, ...] = (row.content_id, row.published_at.astimezone(UTC))
            if key in posts:
                raise PluginError(plugin, f"mixplan_fetch_actuals returned post {row.content_id} twice")
            posts[key] = row
        else:
            if row.day in days:
                raise PluginError(plugin, f"mixplan_fetch_actuals returned day {row.day} twice")
            days[row.day] = row
    return Actuals(posts=list(posts.values()), days=list(days.values()))


def fetch_actuals(
    engine_or_host: Any,
    scenario: Scenario,
    channel_id: str,
    since: date | None = None,
    until: date | None = None,
    client: httpx.Client | None = None,
) -> Actuals:
    """Ask the plugins for the channel's actual posts and channel-days from `since` to `until` (UTC days).

    Raises :class:`NoLiveDataError` when no plugin fetches actuals for the platform, RemoteError
    when the platform answers with an error. Runs under the live sync's deadline and token rules.
    """
    first, last = fetch_window(since, until)
    channel, registered, results = call_live_hook(
        engine_or_host, scenario, channel_id, "mixplan_fetch_actuals", client, since=first, until=last
    )
    if not results:
        raise NoLiveDataError(
            channel_id, f"{registered.spec.id} offers no actuals through its API; use mixplan actuals import FILE"
        )
    plugin, fetched = results[0]
    return _checked(plugin, channel.id, fetched)


def sync_actuals(
    engine_or_host: Any,
    scenario: Scenario,
    channel_id: str,
    store: ActualsStore,
    since: date | None = None,
    until: date | None = None,
    client: httpx.Client | None = None,
) -> ActualsImportResult:
    """Fetch the channel's actuals and upsert them like ``mixplan actuals import``; nothing is stored on failure."""
    return store_actuals(fetch_actuals(engine_or_host, scenario, channel_id, since, until, client), store)
