"""Keep credentials out of text: URLs, exception messages and log lines pass through here first."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from mixplan.credentials import Secret

MASK = "***"
SENSITIVE_PARAMETERS = ("access_token", "input_token", "client_secret", "appsecret_proof", "fb_exchange_token")
_QUERY_SECRET = re.compile(r"(?i)\b(" + "|".join(SENSITIVE_PARAMETERS) + r")=[^&#\s\"']*")
_HEADER_SECRET = re.compile(r"(?i)\b(authorization|access-token)(\"?\s*[:=]\s*\"?)(bearer\s+|oauth\s+)?[^\s,\"'}]+")


def scrub(text: str, secrets: Iterable[Secret | str] = ()) -> str:
    """`text` with every token-like query parameter, auth header value and known secret masked."""
    cleaned = _QUERY_SECRET.sub(lambda m: f"{m.group(1)}={MASK}", text)
    cleaned = _HEADER_SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3) or ''}{MASK}", cleaned)
    for secret in secrets:
        value = secret.reveal() if isinstance(secret, Secret) else secret
        if value:
            cleaned = cleaned.replace(value, MASK)
    return cleaned


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
