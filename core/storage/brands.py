"""Brand namespaces: every stored row of history, snapshots, limits, curves and runs belongs to one brand."""

from __future__ import annotations

import re

from mixplan.errors import InputError

DEFAULT_BRAND = "default"
"""The brand of a scenario that names none: single-brand users never see brands."""

BRAND_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def checked_brand(brand: object) -> str:
    """`brand` if it is a valid brand name (letters, digits, ``_ . -``, at most 64), else an InputError."""
    if not isinstance(brand, str) or not BRAND_PATTERN.match(brand):
        raise InputError(
            "brand", f"{brand!r} is not a brand name; use 1-64 letters, digits, '_', '.' or '-' (e.g. acme-shoes)"
        )
    return brand
