"""Instagram rules the generic format limits cannot express: hashtags and @mentions counted in the caption."""

from __future__ import annotations

from mixplan.model import ContentItem
from mixplan.plugins._shared.text import count_hashtags, count_mentions
from mixplan.plugins.instagram.spec import HASHTAGS_MAX, MENTIONS_MAX


def caption_problems(item: ContentItem) -> list[str]:
    """Problems with the caption text: more than 30 hashtags or more than 20 @mentions in it."""
    if not item.caption:
        return []
    problems = []
    hashtags = count_hashtags(item.caption)
    if hashtags > HASHTAGS_MAX:
        problems.append(f"caption contains {hashtags} hashtags; Instagram allows {HASHTAGS_MAX}")
    mentions = count_mentions(item.caption)
    if mentions > MENTIONS_MAX:
        problems.append(f"caption contains {mentions} @mentions; Instagram allows {MENTIONS_MAX}")
    return problems
