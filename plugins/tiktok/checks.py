"""TikTok rules the generic format limits cannot express: text measured in UTF-16 units, photo posts without video."""

from __future__ import annotations

from mixplan.model import ContentItem, FormatSpec
from mixplan.plugins._shared.text import too_long, utf16_length

UNIT = "UTF-16 units"


def content_problems(item: ContentItem, format: FormatSpec) -> list[str]:
    """Caption (and photo title) over the limit in UTF-16 units; a video in a photo post."""
    problems = []
    if item.caption and format.caption_max_chars is not None:
        length = utf16_length(item.caption)
        if length > format.caption_max_chars:
            what = "description" if format.id == "carousel" else "caption"
            problems.append(too_long(what, length, UNIT, "TikTok", format.caption_max_chars))
    if format.id == "carousel":
        if format.title_max_chars is not None:
            length = utf16_length(item.title)
            if length > format.title_max_chars:
                problems.append(too_long("photo title", length, UNIT, "TikTok", format.title_max_chars))
        if item.media.video_seconds is not None:
            problems.append("a TikTok photo post takes images only; this item has a video")
    return problems
