"""Google Ads rules the generic format limits cannot express: double-width characters count twice."""

from __future__ import annotations

from mixplan.model import ContentItem, FormatSpec
from mixplan.plugins._shared.text import double_width_length, too_long

UNIT = "characters counting double-width ones twice"


def content_problems(item: ContentItem, format: FormatSpec) -> list[str]:
    """A search ad headline or description over its limit when wide characters count 2."""
    if format.id != "search_ad":
        return []
    problems = []
    if format.title_max_chars is not None:
        length = double_width_length(item.title)
        if length > format.title_max_chars:
            problems.append(too_long("headline", length, UNIT, "Google Ads", format.title_max_chars))
    if item.caption and format.caption_max_chars is not None:
        length = double_width_length(item.caption)
        if length > format.caption_max_chars:
            problems.append(too_long("description", length, UNIT, "Google Ads", format.caption_max_chars))
    return problems
