"""YouTube rules the generic format limits cannot express: no '<' or '>', descriptions limited in bytes."""

from __future__ import annotations

from mixplan.model import ContentItem
from mixplan.plugins._shared.text import too_long, utf8_bytes
from mixplan.plugins.youtube.spec import DESCRIPTION_MAX_BYTES

FORBIDDEN = ("<", ">")


def content_problems(item: ContentItem) -> list[str]:
    """Angle brackets in the title or description; a description over 5,000 UTF-8 bytes."""
    problems = []
    if any(char in item.title for char in FORBIDDEN):
        problems.append("title contains '<' or '>'; YouTube does not allow them")
    if item.caption:
        if any(char in item.caption for char in FORBIDDEN):
            problems.append("description contains '<' or '>'; YouTube does not allow them")
        size = utf8_bytes(item.caption)
        if size > DESCRIPTION_MAX_BYTES:
            problems.append(too_long("description", size, "bytes", "YouTube", DESCRIPTION_MAX_BYTES))
    return problems
