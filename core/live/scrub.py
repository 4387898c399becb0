"""Keep credentials out of text: URLs, exception messages and log lines pass through here first."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

from mixplan.credentials import Secret, live_secret_values

MASK = "***"
SENSITIVE_PARAMETERS = ("access_token", "input_token", "client_secret", "appsecret_proof", "fb_exchange_token")
_QUERY_SECRET = re.compile(r"(?i)\b(" + "|".join(SENSITIVE_PARAMETERS) + r")=[^&#\s\"']*")
_HEADER_SECRET = re.compile(r"(?i)\b(authorization|access-token)(\"?\s*[:=]\s*\"?)(bearer\s+|oauth\s+)?[^\s,\"'}]+")


def secret_forms(value: str) -> set[str]:
    """Every spelling of `value` a message can carry.

    Raw, repr-escaped (str and bytes), URL-encoded and JSON-escaped.
    """
    encoded = value.encode("utf-8", "backslashreplace")
    forms = {
        value,
        repr(value)[1:-1],
        repr(encoded)[2:-1],
        value.encode("unicode_escape").decode("ascii"),
        quote(value, safe=""),
        quote(value),
        quote_plus(value),
        json.dumps(value)[1:-1],
        json.dumps(value, ensure_ascii=False)[1:-1],
    }
    return {form for form in forms if form}


def scrub(text: str, secrets: Iterable[Secret | str] = ()) -> str:
    """`text` with token-like query parameters, auth header values and secrets masked.

    The secrets masked are the ones given and every :class:`Secret` alive in the process, each in
    all the forms of :func:`secret_forms`.
    """
    cleaned = _QUERY_SECRET.sub(lambda m: f"{m.group(1)}={MASK}", text)
    cleaned = _HEADER_SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3) or ''}{MASK}", cleaned)
    values = {secret.reveal() if isinstance(secret, Secret) else secret for secret in secrets}
    values.update(live_secret_values())
    forms = {form for value in values if value for form in secret_forms(value)}
    for form in sorted(forms, key=len, reverse=True):
        cleaned = cleaned.replace(form, MASK)
    return cleaned


def mask_secrets(text: str, secrets: Iterable[Secret | str] = ()) -> str:
    """Mask credentials in text that came from elsewhere, e.g. the message of a plugin's exception.

    Call it on any text that is about to be shown or logged and may hold a token: it masks every
    credential resolved in this process (and `secrets`) in raw, repr-escaped, URL-encoded and
    JSON-escaped form, plus token-like query parameters and ``Authorization`` header values.
    """
    return scrub(text, secrets)


class ScrubFilter(logging.Filter):
    """A logging filter that masks tokens in a record's rendered message (installed on httpx's loggers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Render the message, scrub it and keep the record."""
        try:
            message = record.getMessage()
        except Exception:  # a broken record is not ours to fix; let logging report it
            return True
        cleaned = scrub(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


_FILTER = ScrubFilter()
LIBRARY_LOGGERS = ("httpx", "httpcore", "httpcore.connection", "httpcore.http11", "httpcore.http2", "httpcore.proxy")
"""A logger's filters only see records created by that logger, so httpcore's children are listed too."""


def install_log_scrubbing() -> None:
    """Mask tokens in what httpx and httpcore log (they log request URLs at INFO/DEBUG). Idempotent."""
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
