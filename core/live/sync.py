"""Fetch a channel's live audience or limits through the plugins' hooks, and store what was fetched."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import httpx
from mixplan.credentials import Secret, resolve_credentials
from mixplan.errors import InputError, PluginError
from mixplan.live.client import make_client
from mixplan.live.scope import Deadline, credential_scope, sync_deadline, sync_deadline_seconds
from mixplan.model.channel import Channel
from mixplan.model.live import AudienceSnapshot, LiveLimits
from mixplan.model.scenario import Scenario
from mixplan.plugin_host import PluginHost, RegisteredPlatform


class SnapshotStore(Protocol):
    """The part of :class:`mixplan.storage.Store` that audience sync needs."""

    def save_audience_snapshot(self, snapshot: AudienceSnapshot) -> object:
        """Store one snapshot (the newest one per channel is what plans use)."""
        ...


class LiveDataStore(SnapshotStore, Protocol):
    """The part of :class:`mixplan.storage.Store` that :func:`sync_live` needs."""

    def save_live_data(self, snapshot: AudienceSnapshot | None, limits: LiveLimits | None) -> object:
        """Store a snapshot and live limits (either may be None) in one transaction: both or neither."""
        ...


def plugin_host(engine_or_host: Any) -> PluginHost:
    """The PluginHost of an Engine (its ``host``) or the host itself."""
    if isinstance(engine_or_host, PluginHost):
        return engine_or_host
    host = getattr(engine_or_host, "host", None)
    if isinstance(host, PluginHost):
        return host
    raise TypeError(f"expected an Engine or a PluginHost, got {type(engine_or_host).__name__}")


def _channel_and_platform(
    host: PluginHost, scenario: Scenario, channel_id: str
) -> tuple[int, Channel, RegisteredPlatform]:
    found = next(((i, c) for i, c in enumerate(scenario.channels) if c.id == channel_id), None)
    if found is None:
        known = ", ".join(channel.id for channel in scenario.channels)
        raise InputError("channel", f"no channel {channel_id!r} in scenario {scenario.name!r}; channels are {known}")
    index, channel = found
    try:
        registered = host.platform(channel.platform)
    except KeyError:
        raise InputError(
            f"channels[{index}].platform", f"no loaded plugin provides platform {channel.platform!r}"
        ) from None
    return index, channel, registered


def _credentials(index: int, channel: Channel, scenario: Scenario) -> dict[str, Secret]:
    if not channel.credentials:
        raise InputError(
            f"channels[{index}].credentials",
            "is empty; add e.g. access_token: $env:TOKEN_VARIABLE so mixplan can read the platform's API",
        )
    return resolve_credentials(
        f"channels[{index}].credentials", channel.credentials, scenario_folder=scenario.source_folder
    )


def scenario_channel_platform(engine_or_host: Any, scenario: Scenario, channel_id: str) -> str:
    """The platform id of the scenario's channel `channel_id` (raises InputError when it is unknown)."""
    _, _, registered = _channel_and_platform(plugin_host(engine_or_host), scenario, channel_id)
    return registered.spec.id


class NoLiveDataError(InputError):
    """No loaded plugin can fetch this kind of live data for the channel's platform."""


def call_live_hook(
    engine_or_host: Any,
    scenario: Scenario,
    channel_id: str,
    hook: str,
    client: httpx.Client | None,
    **arguments: Any,
) -> tuple[Channel, RegisteredPlatform, list[tuple[str, Any]]]:
    """Call a live hook for one channel under the sync's deadline and token rules.

    The hook gets ``channel``, ``platform``, ``client`` and ``credentials`` plus ``arguments``; the
    credentials go only to the platform's API hosts over https. Returns the channel, its platform
    and the plugins' ``(name, result)`` answers.
    """
    host = plugin_host(engine_or_host)
    index, channel, registered = _channel_and_platform(host, scenario, channel_id)
    credentials = _credentials(index, channel, scenario)
    with (
        sync_deadline(Deadline(registered.spec.id, sync_deadline_seconds())) as deadline,
        _client(client) as http,
        credential_scope(http, registered.spec.id, registered.spec.api_hosts, credentials.values()),
    ):
        results = host.call(
            hook,
            time_limit=deadline.remaining(),
            channel=channel,
            platform=registered.spec,
            client=http,
            credentials=credentials,
            **arguments,
        )
    return channel, registered, results


def fetch_audience(
    engine_or_host: Any, scenario: Scenario, channel_id: str, client: httpx.Client | None = None
) -> AudienceSnapshot:
    """Ask the plugins for the channel's live 7×24 audience in the scenario's time zone.

    Raises :class:`NoLiveDataError` when the platform offers no hour-of-day data (its default
    activity stays in use), RemoteError when the platform answers with an error.
    """
    _channel, registered, results = call_live_hook(
        engine_or_host, scenario, channel_id, "mixplan_fetch_audience", client, timezone=scenario.horizon.timezone
    )
    if not results:
        raise NoLiveDataError(
            channel_id,
            f"{registered.spec.id} offers no hour-of-day audience data; the platform default is used",
        )
    plugin, snapshot = results[0]
    if not isinstance(snapshot, AudienceSnapshot):
        raise PluginError(plugin, f"mixplan_fetch_audience returned {type(snapshot).__name__}, not AudienceSnapshot")
    return snapshot


def fetch_limits(
    engine_or_host: Any, scenario: Scenario, channel_id: str, client: httpx.Client | None = None
) -> LiveLimits | None:
    """Ask the plugins for the channel's live limits; None when no plugin offers them for its platform."""
    results = call_live_hook(engine_or_host, scenario, channel_id, "mixplan_fetch_limits", client)[2]
    if not results:
        return None
    plugin, limits = results[0]
    if not isinstance(limits, LiveLimits):
        raise PluginError(plugin, f"mixplan_fetch_limits returned {type(limits).__name__}, not LiveLimits")
    return limits


def sync_audience(
    engine_or_host: Any,
    scenario: Scenario,
    channel_id: str,
    store: SnapshotStore,
    client: httpx.Client | None = None,
) -> AudienceSnapshot:
    """Fetch the channel's live audience and store it as the channel's newest snapshot.

    Plans use the newest snapshot of a channel unless told otherwise. Nothing is stored when the
    fetch fails.
    """
    snapshot = fetch_audience(engine_or_host, scenario, channel_id, client)
    store.save_audience_snapshot(snapshot)
    return snapshot


@dataclass(frozen=True)
class LiveSync:
    """What :func:`sync_live` fetched and stored for one channel."""

    channel_id: str
    snapshot: AudienceSnapshot | None
    """The stored audience snapshot; None when the platform has no hour-of-day data (see `audience_note`)."""
    audience_note: str | None
    """Why there is no snapshot, e.g. 'facebook offers no hour-of-day audience data; …'."""
    limits: LiveLimits | None
    """The stored live limits; None when not asked for or when no plugin offers them (see `limits_note`)."""
    limits_note: str | None


def sync_live(
    engine_or_host: Any,
    scenario: Scenario,
    channel_id: str,
    store: LiveDataStore,
    client: httpx.Client | None = None,
    *,
    limits: bool = True,
) -> LiveSync:
    """Fetch the channel's live audience and (if `limits`) its live limits, then store both in one transaction.

    A platform without hour-of-day audience data (:class:`NoLiveDataError`) or without live limits is
    a note, not an error. The whole sync runs under one deadline (``mixplan.live.scope.SYNC_DEADLINE_SECONDS``,
    or ``$MIXPLAN_SYNC_DEADLINE``).
    Every fetch happens before anything is written: when one fails (RemoteError,
    InputError, PluginError) nothing is stored, not even what an earlier fetch returned.
    """
    snapshot: AudienceSnapshot | None = None
    audience_note = limits_note = None
    live_limits: LiveLimits | None = None
    with (
        sync_deadline(
            Deadline(scenario_channel_platform(engine_or_host, scenario, channel_id), sync_deadline_seconds())
        ),
        _client(client) as http,
    ):
        try:
            snapshot = fetch_audience(engine_or_host, scenario, channel_id, http)
        except NoLiveDataError as exc:
            audience_note = exc.problem
        if limits:
            live_limits = fetch_limits(engine_or_host, scenario, channel_id, http)
            if live_limits is None:
                _, _, registered = _channel_and_platform(plugin_host(engine_or_host), scenario, channel_id)
                limits_note = f"{registered.spec.id} offers no live limits; the platform defaults apply"
    if snapshot is not None or live_limits is not None:
        store.save_live_data(snapshot, live_limits)
    return LiveSync(channel_id, snapshot, audience_note, live_limits, limits_note)


class _client:
    """Use the caller's client as is, or make (and close) one for the call."""

    def __init__(self, given: httpx.Client | None) -> None:
        self._given = given
        self._made: httpx.Client | None = None

    def __enter__(self) -> httpx.Client:
        if self._given is not None:
            return self._given
        self._made = make_client()
        return self._made

    def __exit__(self, *exc: object) -> None:
        if self._made is not None:
            self._made.close()
