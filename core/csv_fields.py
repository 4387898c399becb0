"""Cheap exact reads of the plain spellings of CSV fields, so a million-row import needs no model per row.

Each function reads one spelling the domain models accept (``12.50``, ``2026-11-02``, ``ch_01``,
``2026-11-02T18:00:00+01:00``, ``1200``) straight into the stored value, and returns None for
anything else. None is not an error: the caller then validates the row with the model
(mixplan.model), which accepts the other spellings and words every error. So a value read here
is exactly what the model gives, and a row the model refuses is never read here
(tests/core/test_csv_fields.py checks both against the models).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from mixplan.model.base import MINOR_UNITS_PER_MAJOR

_MONEY = re.compile(r"([0-9]{1,12})(?:\.([0-9]{1,2}))?")  # below MAX_AMOUNT, at most two decimals
_COUNT = re.compile(r"[0-9]{1,18}")  # below MAX_COUNT (2**63 - 1)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,79}")  # mixplan.model.base.Identifier
_AWARE_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:Z|[+-][0-9]{2}:[0-9]{2})")


def money_minor(text: str) -> int | None:
    """``12.5`` → 1250 cents; None unless `text` is digits with at most two decimals below one trillion."""
    match = _MONEY.fullmatch(text)
    if match is None:
        return None
    whole, cents = match.groups()
    return int(whole) * MINOR_UNITS_PER_MAJOR + (int(cents.ljust(2, "0")) if cents else 0)


def count(text: str) -> int | None:
    """``1200`` → 1200; None unless `text` is at most 18 ASCII digits."""
    return int(text) if _COUNT.fullmatch(text) else None


def day(text: str) -> date | None:
    """``2026-11-02`` → that date; None unless `text` is a real date written YYYY-MM-DD."""
    if _DAY.fullmatch(text) is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def identifier(text: str) -> str | None:
    """`text` if it is an id (letters, digits, ``_ . -``, at most 80 characters); None otherwise."""
    return text if _IDENTIFIER.fullmatch(text) else None


def aware_time(text: str) -> tuple[datetime, date] | None:
    """``2026-11-02T18:00:00+01:00`` → (the instant in UTC, the day where it was written); None for other spellings."""
    if _AWARE_TIME.fullmatch(text) is None:
        return None
    try:
        written = datetime.fromisoformat(text)
        return written.astimezone(UTC), written.date()
    except (ValueError, OverflowError):  # not a real time, or its UTC instant is outside year 1 to 9999
        return None
