"""One GET to a platform API with every failure turned into one clear, token-free RemoteError."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx
from mixplan.credentials import Secret
from mixplan.errors import RemoteError
from mixplan.live.client import MAX_RETRY_AFTER, RETRY_AFTER_EXTENSION
from mixplan.live.scope import current_deadline
from mixplan.live.scrub import scrub
from pydantic import BaseModel, ValidationError

MAX_BODY_CHARS = 200
MAX_BODY_BYTES = 20_000_000
"""The largest response body mixplan reads from a platform API (20 MB); a larger one ends the sync."""
ModelT = TypeVar("ModelT", bound=BaseModel)


def get_json(
    client: httpx.Client,
    url: str,
    *,
    platform: str,
    what: str,
    params: Mapping[str, str | int] | None = None,
    headers: Mapping[str, str] | None = None,
    secrets: Iterable[Secret] = (),
    max_body_bytes: int = MAX_BODY_BYTES,
) -> tuple[int, Any]:
    """GET `url` and decode its JSON body; returns (HTTP status, body).

    `what` names the request in messages ("online_followers"). The body is streamed and refused
    beyond `max_body_bytes` (20 MB); reading stops at the sync's deadline. Timeouts, connection
    failures, redirects, a ``Retry-After`` too long to wait for and non-JSON bodies raise
    :class:`RemoteError`; an error status with a JSON body is returned for the caller to read the
    platform's own error.
    """
    secret_list = list(secrets)
    try:
        with client.stream("GET", url, params=params, headers=headers) as response:
            raw = _read_capped(response, platform, what, max_body_bytes)
    except httpx.TimeoutException:
        deadline = current_deadline()
        if deadline is not None and deadline.remaining() <= 0:
            raise deadline.error(what) from None
        raise RemoteError(f"{platform} did not answer the {what} request in time; try again later") from None
    except httpx.HTTPError as error:
        reason = scrub(str(error) or type(error).__name__, secret_list)
        raise RemoteError(f"could not reach {platform} for {what}: {reason}") from None
    status = response.status_code
    _refuse_redirect(response, platform, what)
    _refuse_long_retry_after(response, platform, what)
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):  # JSONDecodeError, bad UTF-8, a 5000-digit integer, deep nesting
        if status == 429:
            raise RemoteError(
                f"{platform} is rate-limiting requests (HTTP 429 on {what}) and still was after retrying; "
                "try again later"
            ) from None
        text = raw[: MAX_BODY_CHARS * 4].decode("utf-8", "replace")
        snippet = scrub(text[:MAX_BODY_CHARS].strip().replace("\n", " "), secret_list)
        raise RemoteError(
            f"{platform} answered the {what} request with HTTP {status} and a body that is not JSON"
            + (f" ({snippet!r})" if snippet else "")
        ) from None
    return status, body


def _read_capped(response: httpx.Response, platform: str, what: str, max_body_bytes: int) -> bytes:
    too_big = RemoteError(
        f"{platform} sent more than {max_body_bytes // 1_000_000} MB for the {what} request; "
        "mixplan stopped reading (the limit guards memory); try again later or report it to the platform"
    )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_body_bytes:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    deadline = current_deadline()
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_body_bytes:
            raise too_big
        chunks.append(chunk)
        if deadline is not None:
            deadline.check(what)
    return b"".join(chunks)


def _refuse_redirect(response: httpx.Response, platform: str, what: str) -> None:
    if not response.is_redirect:
        return
    target = httpx.URL(response.headers.get("Location", ""))
    where = f" to {target.scheme}://{target.host}" if target.host else ""
    raise RemoteError(
        f"{platform} answered the {what} request with a redirect (HTTP {response.status_code}){where}; "
        "mixplan does not follow redirects, so the credential stays with the platform's declared hosts"
    )


def _refuse_long_retry_after(response: httpx.Response, platform: str, what: str) -> None:
    asked = response.extensions.get(RETRY_AFTER_EXTENSION)
    if asked is None:
        return
    when = datetime.now(UTC) + timedelta(seconds=float(asked))
    raise RemoteError(
        f"{platform} asks to wait {float(asked):.0f} s before the next {what} request (Retry-After), longer than "
        f"mixplan waits ({MAX_RETRY_AFTER:.0f} s); try again after {when:%Y-%m-%d %H:%M:%S} UTC"
    )


def parse_body(model: type[ModelT], body: Any, *, platform: str, what: str) -> ModelT:
    """Validate a response body against its pydantic model; a mismatch names the field that was wrong."""
    try:
        return model.model_validate(body)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(the whole body)"
        more = error.error_count() - 1
        extra = f" (and {more} more problem(s))" if more > 0 else ""
        raise RemoteError(
            f"{platform} sent an unexpected {what} response: field {field}: {first['msg']}{extra}"
        ) from None
