"""Hook specifications: the contract between mixplan and platform plugins.

Every hook a plugin may implement is declared here, typed and documented; ``docs/hooks.md`` is
checked against this module by the test suite. Implement a hook with ``@mixplan.hookimpl`` on a
function of the same name; pluggy lets an implementation accept any subset of the arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from datetime import date

    import click
    import httpx
    from mixplan.actuals.importing import Actuals
    from mixplan.credentials import Secret
    from mixplan.exporters import Exporter
    from mixplan.model import Channel, ContentItem, FormatSpec, PlatformSpec, Scenario
    from mixplan.model.constraints import ExtraConstraint
    from mixplan.model.live import AudienceSnapshot, LiveLimits

hookspec = pluggy.HookspecMarker("mixplan")

hookimpl = pluggy.HookimplMarker("mixplan")
"""Marker for hook implementations, re-exported as ``mixplan.hookimpl``: ``@hookimpl`` on hook-named functions."""


@hookspec
def mixplan_register_platforms(register: Callable[[PlatformSpec], None]) -> None:
    """Declare the platforms this plugin provides.

    Call ``register(spec)`` once per platform with a :class:`~mixplan.model.PlatformSpec`:
    formats with their hard limits, posting rules, ad rules, the default audience and the
    default response curve. A platform id registered by two plugins is an error naming both.
    """


@hookspec(firstresult=True)
def mixplan_fetch_audience(
    channel: Channel,
    platform: PlatformSpec,
    timezone: str,
    client: httpx.Client,
    credentials: Mapping[str, Secret],
) -> AudienceSnapshot | None:
    """Fetch the channel's live audience activity (7×24 in ``timezone``) from the platform's API.

    Return a :class:`mixplan.model.live.AudienceSnapshot` (``channel_id``, ``platform``,
    time-zone aware ``fetched_at``, ``source`` such as ``"instagram:online_followers"``,
    ``activity``: 7 rows Monday..Sunday × 24 local hours, optional ``size``), or ``None`` when
    ``channel.platform`` is not yours, so the next plugin is asked. ``credentials`` maps the
    channel's credential keys to :class:`mixplan.credentials.Secret` objects; call
    ``.reveal()`` only where the value goes into a request header. Use ``client`` for every
    request (it has timeouts, retries, a 20 MB body cap and the sync's 90 s deadline) and declare
    the hosts you call in ``PlatformSpec.api_hosts``: a credential sent anywhere else, or over
    plain http, is refused. The hook itself runs under the same deadline. Never put a credential
    into the result, a log line or an exception message (exception text is masked as well).
    Raise :class:`mixplan.errors.RemoteError` with one clear sentence when the platform answers
    with an error or an unusable body.
    """


@hookspec(firstresult=True)
def mixplan_fetch_limits(
    channel: Channel,
    platform: PlatformSpec,
    client: httpx.Client,
    credentials: Mapping[str, Secret],
) -> LiveLimits | None:
    """Fetch the channel's live limits (publishing quota, minimum daily ad budget) from the platform.

    Return a :class:`mixplan.model.live.LiveLimits` (``channel_id``, ``platform``,
    ``fetched_at``, ``source`` and the optional ``publish_quota``,
    ``publish_quota_window_hours``, ``quota_used``, ``min_daily_budget`` in ``currency``), or
    ``None`` when ``channel.platform`` is not yours. Same rules as ``mixplan_fetch_audience``.
    """


@hookspec(firstresult=True)
def mixplan_fetch_actuals(
    channel: Channel,
    platform: PlatformSpec,
    client: httpx.Client,
    credentials: Mapping[str, Secret],
    since: date,
    until: date,
) -> Actuals | None:
    """Fetch what the channel actually published and spent from ``since`` to ``until`` (both included, UTC days).

    Return a :class:`mixplan.actuals.importing.Actuals` with ``posts`` (one
    :class:`~mixplan.model.actuals.PostActual` per published post: impressions, engagements,
    clicks where the platform reports them) and ``days`` (one
    :class:`~mixplan.model.history.HistoryRow` per channel-day: delivered spend and attributed
    revenue), every row carrying ``channel.id``; or ``None`` when ``channel.platform`` is not
    yours. mixplan validates the rows and stores them like ``mixplan actuals import`` (upserts,
    one transaction, scoped to the brand). Same token, deadline and error rules as
    ``mixplan_fetch_audience``.
    """


@hookspec
def mixplan_validate_content(
    item: ContentItem, channel: Channel, platform: PlatformSpec, format: FormatSpec
) -> list[str] | None:
    """Check one content item in one format against a platform's limits.

    Return a list of problems (one short sentence each, e.g. "caption has 2,412 characters,
    Instagram allows 2,200"), an empty list or ``None`` when the item is fine. mixplan calls this
    hook only on the plugin that registers ``platform``, so there is no need to check
    ``platform.id``; it already checks the generic limits of :class:`FormatSpec`.
    A format with problems is not used for that channel.
    """


@hookspec
def mixplan_extra_constraints(scenario: Scenario) -> list[ExtraConstraint] | None:
    """Contribute extra planning rules, as data the solver understands (not solver objects).

    Return :class:`~mixplan.model.constraints.PostCountRule` and
    :class:`~mixplan.model.constraints.SpendRule` objects; they are compiled into the problem
    and checked again by the plan verifier.
    """


@hookspec
def mixplan_register_exporters(register: Callable[[Exporter], None]) -> None:
    """Declare export formats: call ``register(Exporter(...))`` for each.

    The built-in JSON, CSV and iCalendar exporters use this hook too. A name registered twice
    is an error naming both plugins.
    """


@hookspec
def mixplan_register_commands(cli: click.Group) -> None:
    """Add commands to the ``mixplan`` command line.

    ``cli`` is the top-level click group; decorate your functions with ``@cli.command()`` (or add a
    ``click.Group`` of your own with ``cli.add_command``). Keep commands thin: call your library code
    and let :class:`mixplan.errors.MixplanError` subclasses carry the exit code. A command name that
    already exists is an error naming your plugin.
    """
