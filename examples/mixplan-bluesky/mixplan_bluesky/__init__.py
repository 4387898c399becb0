"""mixplan-bluesky: an example third-party plugin adding Bluesky as a planning platform.

mixplan loads this module through the entry point ``bluesky`` in the group ``mixplan`` and calls
the two hooks below: one declares the platform, the other checks a content item's text in
graphemes and bytes, the units Bluesky counts in.
"""

from __future__ import annotations

from collections.abc import Callable

from mixplan import hookimpl
from mixplan.model import Channel, ContentItem, FormatSpec, PlatformSpec

from mixplan_bluesky.spec import PLATFORM_ID, TEXT_MAX_BYTES, TEXT_MAX_GRAPHEMES, platform_spec
from mixplan_bluesky.text import graphemes, utf8_bytes

__version__ = "0.1.0"


@hookimpl
def mixplan_register_platforms(register: Callable[[PlatformSpec], None]) -> None:
    """Declare Bluesky: formats, posting rules, no ads, a default audience."""
    register(platform_spec())


@hookimpl
def mixplan_validate_content(
    item: ContentItem, channel: Channel, platform: PlatformSpec, format: FormatSpec
) -> list[str] | None:
    """Check the post text in graphemes (at most 300) and UTF-8 bytes (at most 3,000)."""
    if platform.id != PLATFORM_ID:
        return None  # not ours: another plugin answers for its own platform
    if not item.caption:
        return []
    problems = []
    count = graphemes(item.caption)
    if count > TEXT_MAX_GRAPHEMES:
        problems.append(f"post has {count:,} graphemes; Bluesky allows {TEXT_MAX_GRAPHEMES:,}")
    size = utf8_bytes(item.caption)
    if size > TEXT_MAX_BYTES:
        problems.append(f"post has {size:,} bytes; Bluesky allows {TEXT_MAX_BYTES:,}")
    return problems
