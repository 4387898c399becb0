"""YouTube (Data API v3): videos and Shorts; video ads bought through Google Ads.

A built-in plugin that uses only the public hooks, exactly as a third-party plugin would.
"""

from __future__ import annotations

from collections.abc import Callable

from mixplan import hookimpl
from mixplan.model import Channel, ContentItem, FormatSpec, PlatformSpec
from mixplan.plugins.youtube.checks import content_problems
from mixplan.plugins.youtube.spec import PLATFORM_ID, platform_spec


@hookimpl
def mixplan_register_platforms(register: Callable[[PlatformSpec], None]) -> None:
    """Register YouTube with its formats, rules and default audience."""
    register(platform_spec())


@hookimpl
def mixplan_validate_content(
    item: ContentItem, channel: Channel, platform: PlatformSpec, format: FormatSpec
) -> list[str] | None:
    """Refuse '<' and '>' in titles and descriptions, and descriptions over 5,000 UTF-8 bytes."""
    if platform.id != PLATFORM_ID:
        return None
    return content_problems(item)
