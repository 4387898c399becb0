"""Money and text formatting for messages: minor units shown as ``1,234.56`` (no currency symbol)."""

from __future__ import annotations


def money(minor: float) -> str:
    """Format an amount in minor units as ``1,234.56``."""
    return f"{minor / 100.0:,.2f}"


def percent(fraction: float) -> str:
    """Format a fraction as a percentage, e.g. ``50 %``."""
    return f"{fraction * 100:.4g} %"
