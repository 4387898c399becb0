"""mixplan-bluesky: an example third-party plugin adding Bluesky as a planning platform.

mixplan loads this module through the entry point ``bluesky`` in the group ``mixplan``. The two
hooks, written by ``mixplan.plugin_kit.platform_hooks``, declare the platform and check a content
item's text in graphemes and bytes, the units Bluesky counts in.
"""

from __future__ import annotations

from mixplan.model import ContentItem, FormatSpec
from mixplan.plugin_kit import platform_hooks

from mixplan_bluesky.spec import TEXT_MAX_BYTES, TEXT_MAX_GRAPHEMES, platform_spec
from mixplan_bluesky.text import graphemes, utf8_bytes

__version__ = "0.1.0"


def text_problems(item: ContentItem, format: FormatSpec) -> list[str]:
    """The post text in graphemes (at most 300) and UTF-8 bytes (at most 3,000)."""
    if not item.caption:
        return []
    problems = []
    if (count := graphemes(item.caption)) > TEXT_MAX_GRAPHEMES:
        problems.append(f"post has {count:,} graphemes; Bluesky allows {TEXT_MAX_GRAPHEMES:,}")
    if (size := utf8_bytes(item.caption)) > TEXT_MAX_BYTES:
        problems.append(f"post has {size:,} bytes; Bluesky allows {TEXT_MAX_BYTES:,}")
    return problems


mixplan_register_platforms, mixplan_validate_content = platform_hooks(platform_spec, text_problems)
