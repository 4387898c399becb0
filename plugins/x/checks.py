"""X rules the generic format limits cannot express: the weighted length of a post."""

from __future__ import annotations

from mixplan.model import ContentItem
from mixplan.plugins._shared.text import too_long, x_weighted_length
from mixplan.plugins.x.spec import POST_MAX_WEIGHTED


def content_problems(item: ContentItem) -> list[str]:
    """A post whose weighted length (URLs 23, wide characters and emoji 2) exceeds 280."""
    if not item.caption:
        return []
    length = x_weighted_length(item.caption)
    if length > POST_MAX_WEIGHTED:
        return [too_long("post", length, "weighted characters", "X", POST_MAX_WEIGHTED)]
    return []
