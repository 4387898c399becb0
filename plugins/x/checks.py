"""X rules the generic format limits cannot express: the weighted length of a post."""

from __future__ import annotations

from mixplan.model import ContentItem, FormatSpec
from mixplan.plugins._shared.text import too_long, x_weighted_length


def content_problems(item: ContentItem, format: FormatSpec) -> list[str]:
    """A post whose weighted length (URLs 23, wide characters and emoji 2) exceeds the format's limit."""
    if not item.caption or format.caption_max_chars is None:
        return []
    length = x_weighted_length(item.caption)
    if length > format.caption_max_chars:
        return [too_long("post", length, "weighted characters", "X", format.caption_max_chars)]
    return []
