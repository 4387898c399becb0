"""Live data from the platforms' APIs: an httpx client with timeouts, retries and token-free logging,
Graph API helpers, 7×24 activity conversion and the audience sync.

Platform specifics live in the plugins (``mixplan.plugins.<platform>.live``); they receive the
client made here through the ``mixplan_fetch_audience`` / ``mixplan_fetch_limits`` /
``mixplan_fetch_actuals`` hooks, which :func:`mixplan.live.hooks.live_hook` makes from their
fetch functions.
"""

from mixplan.live.activity import weekly_activity
from mixplan.live.client import RetryPolicy, make_client, retry_after_seconds
from mixplan.live.remote import get_json, parse_body
from mixplan.live.scrub import scrub
from mixplan.live.sync import LiveSync, NoLiveDataError, fetch_audience, fetch_limits, sync_audience, sync_live

__all__ = [
    "LiveSync",
    "NoLiveDataError",
    "RetryPolicy",
    "fetch_audience",
    "fetch_limits",
    "get_json",
    "make_client",
    "parse_body",
    "retry_after_seconds",
    "scrub",
    "sync_audience",
    "sync_live",
    "weekly_activity",
]
