"""X (Twitter, API v2): text posts, posts with images or a video; X ads.

A built-in plugin that uses only the public hooks, exactly as a third-party plugin would.
"""

from __future__ import annotations

from collections.abc import Callable

from mixplan import hookimpl
from mixplan.model import Channel, ContentItem, FormatSpec, PlatformSpec
from mixplan.plugins.x.checks import content_problems
from mixplan.plugins.x.spec import PLATFORM_ID, platform_spec


@hookimpl
def mixplan_register_platforms(register: Callable[[PlatformSpec], None]) -> None:
    """Register X with its formats, rules and default audience."""
    register(platform_spec())


@hookimpl
def mixplan_validate_content(
    item: ContentItem, channel: Channel, platform: PlatformSpec, format: FormatSpec
) -> list[str] | None:
    """Check the post's weighted length: URLs count 23, wide characters and emoji count 2."""
    if platform.id != PLATFORM_ID:
        return None
    return content_problems(item)
