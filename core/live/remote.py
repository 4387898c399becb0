"""One GET to a platform API with every failure turned into one clear, token-free RemoteError."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import httpx
from mixplan.credentials import Secret
from mixplan.errors import RemoteError
from mixplan.live.scrub import scrub
from pydantic import BaseModel, ValidationError

MAX_BODY_CHARS = 200
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
) -> tuple[int, Any]:
    """GET `url` and decode its JSON body; returns (HTTP status, body).

    `what` names the request in messages ("online_followers"). Timeouts, connection failures and
    non-JSON bodies raise :class:`RemoteError`; an error status with a JSON body is returned for
    the caller to read the platform's own error.
    """
    secret_list = list(secrets)
    try:
        response = client.get(url, params=params, headers=headers)
    except httpx.TimeoutException:
        raise RemoteError(f"{platform} did not answer the {what} request in time; try again later") from None
    except httpx.HTTPError as error:
        reason = scrub(str(error) or type(error).__name__, secret_list)
        raise RemoteError(f"could not reach {platform} for {what}: {reason}") from None
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        status = response.status_code
        if status == 429:
            raise RemoteError(
                f"{platform} is rate-limiting requests (HTTP 429 on {what}) and still was after retrying; "
                "try again later"
            ) from None
        snippet = scrub(response.text[:MAX_BODY_CHARS].strip().replace("\n", " "), secret_list)
        raise RemoteError(
            f"{platform} answered the {what} request with HTTP {status} and a body that is not JSON"
            + (f" ({snippet!r})" if snippet else "")
        ) from None
    return response.status_code, body


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
