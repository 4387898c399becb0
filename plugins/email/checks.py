"""E-mail rules the generic format limits cannot express: Gmail clips a message body above ~102 KB."""

from __future__ import annotations

from mixplan.model import ContentItem
from mixplan.plugins._shared.text import utf8_bytes
from mixplan.plugins.email.spec import GMAIL_CLIP_BYTES


def content_problems(item: ContentItem) -> list[str]:
    """A body (the item's caption, ideally its HTML) larger than Gmail shows unclipped."""
    if not item.caption:
        return []
    size = utf8_bytes(item.caption)
    if size > GMAIL_CLIP_BYTES:
        return [f"body has {size:,} bytes; Gmail clips messages above {GMAIL_CLIP_BYTES:,} bytes"]
    return []
