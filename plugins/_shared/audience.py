"""Small builders for the default audience of a built-in platform."""

from __future__ import annotations

from collections.abc import Iterable

from mixplan.model import FormatRates
from mixplan.plugins._shared.sources import ECOMMERCE_CONVERSION_RATE


def uniform_rates(
    format_ids: Iterable[str],
    *,
    engagement_rate: float,
    click_rate: float,
    conversion_rate: float = ECOMMERCE_CONVERSION_RATE,
) -> dict[str, FormatRates]:
    """The same response rates for every format (the sources give no per-format split)."""
    return {
        format_id: FormatRates(engagement_rate=engagement_rate, click_rate=click_rate, conversion_rate=conversion_rate)
        for format_id in format_ids
    }
