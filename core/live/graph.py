"""Meta Graph API (Facebook, Instagram, Marketing API): requests, error bodies and pagination.

The token goes in the ``Authorization`` header, never in the URL. ``paging.next`` links that the
Graph API returns carry the token as a query parameter; it is stripped before they are followed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import httpx
from mixplan.credentials import Secret
from mixplan.errors import RemoteError
from mixplan.live.remote import get_json, parse_body
from mixplan.live.scrub import SENSITIVE_PARAMETERS, scrub
from pydantic import BaseModel, ConfigDict

GRAPH_URL = "https://graph.facebook.com/v25.0"
MAX_PAGES = 20

TOKEN_CODES = frozenset({190, 102, 463, 467})
RATE_LIMIT_CODES = frozenset({4, 17, 32, 341, 613, 80000, 80001, 80002, 80003, 80004, 80005, 80006, 80008, 80014})
PERMISSION_CODES = frozenset({3, 10, *range(200, 300)})


class GraphErrorIn(BaseModel):
    """The ``error`` object of a Graph API error body."""

    model_config = ConfigDict(extra="ignore")

    message: str = ""
    type: str = ""
    code: int | None = None
    error_subcode: int | None = None


def graph_error_message(platform: str, what: str, error: GraphErrorIn, status: int) -> str:
    """One sentence for a Graph API error: expired token, rate limit, permission, or the platform's words."""
    code = error.code
    said = error.message.strip().rstrip(".")
    detail = f" (Graph API error {code}" + (f"/{error.error_subcode}" if error.error_subcode else "") + ")"
    if code in TOKEN_CODES:
        return (
            f"{platform} rejected the access token for {what}: it has expired or was revoked{detail}; "
            "create a new token and update the environment variable or file the channel's credentials name"
        )
    if code in RATE_LIMIT_CODES:
        return f"{platform} rate limit reached for {what}{detail}: {said}; wait and try again later"
    if code in PERMISSION_CODES:
        return (
            f"{platform} refused {what} for lack of permission{detail}: {said}; "
            "grant the token the permissions listed in docs/data.md"
        )
    return f"{platform} refused the {what} request with HTTP {status}{detail}: {said or 'no message'}"


def check_graph_body(platform: str, what: str, status: int, body: Any, secrets: list[Secret]) -> dict[str, Any]:
    """Return a successful Graph body; raise RemoteError for an ``error`` body, an error status or a non-object."""
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        error = parse_body(GraphErrorIn, body["error"], platform=platform, what=f"{what} error")
        raise RemoteError(scrub(graph_error_message(platform, what, error, status), secrets))
    if status >= 400:
        raise RemoteError(f"{platform} refused the {what} request with HTTP {status} and no error details")
    if not isinstance(body, dict):
        raise RemoteError(f"{platform} sent an unexpected {what} response: the body is not a JSON object")
    return body


def graph_get(
    client: httpx.Client,
    url: str,
    token: Secret,
    *,
    platform: str,
    what: str,
    params: Mapping[str, str | int] | None = None,
) -> dict[str, Any]:
    """GET one Graph API object; the body on success, RemoteError otherwise."""
    status, body = get_json(
        client,
        url,
        platform=platform,
        what=what,
        params=params,
        headers={"Authorization": f"Bearer {token.reveal()}"},
        secrets=[token],
    )
    return check_graph_body(platform, what, status, body, [token])


def strip_credentials(url: str) -> str:
    """`url` without token-like query parameters (a paging link carries the token the request used)."""
    parsed = httpx.URL(url)
    kept = [(key, value) for key, value in parsed.params.multi_items() if key not in SENSITIVE_PARAMETERS]
    return str(parsed.copy_with(params=kept))


class PagingIn(BaseModel):
    """The ``paging`` object of a Graph API list."""

    model_config = ConfigDict(extra="ignore")

    next: str | None = None


def graph_pages(
    client: httpx.Client,
    url: str,
    token: Secret,
    *,
    platform: str,
    what: str,
    params: Mapping[str, str | int] | None = None,
    max_pages: int = MAX_PAGES,
) -> Iterator[dict[str, Any]]:
    """Yield each page of a Graph API list, following ``paging.next`` until it ends or a page is empty."""
    next_url: str | None = url
    next_params = params
    seen: set[str] = set()
    for _ in range(max_pages):
        if next_url is None:
            return
        page = graph_get(client, next_url, token, platform=platform, what=what, params=next_params)
        yield page
        paging = parse_body(PagingIn, page.get("paging") or {}, platform=platform, what=f"{what} paging")
        if not page.get("data") or paging.next is None:
            return
        next_url = strip_credentials(paging.next)
        next_params = None
        if next_url in seen:
            return
        seen.add(next_url)


def lifetime_values(body: dict[str, Any]) -> dict[str, int]:
    """``{metric: value}`` of a Graph insights answer ``{"data":[{"name":…,"values":[{"value":N}]}]}``.

    The shape of ``GET /{ig-media-id}/insights`` (lifetime metrics, one ``values`` entry each).
    Non-numeric or negative values are left out, so a missing metric reads as absent, not zero.
    """
    found: dict[str, int] = {}
    for metric in body.get("data") or []:
        if not isinstance(metric, dict) or not isinstance(metric.get("name"), str):
            continue
        values = metric.get("values") or []
        value = values[0].get("value") if values and isinstance(values[0], dict) else metric.get("total_value")
        if isinstance(value, dict):
            value = value.get("value")
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            found[metric["name"]] = value
    return found
