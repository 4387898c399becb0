"""Pinterest (API v5): image, video and carousel pins; Pinterest ads.

A built-in plugin that uses only the public hooks, exactly as a third-party plugin would.
"""

from __future__ import annotations

from collections.abc import Callable

from mixplan import hookimpl
from mixplan.model import Channel, ContentItem, FormatSpec, PlatformSpec
from mixplan.plugins.pinterest.checks import content_problems
from mixplan.plugins.pinterest.spec import PLATFORM_ID, platform_spec


@hookimpl
def mixplan_register_platforms(register: Callable[[PlatformSpec], None]) -> None:
    """Register Pinterest with its formats, rules and default audience."""
    register(platform_spec())


@hookimpl
def mixplan_validate_content(
    item: ContentItem, channel: Channel, platform: PlatformSpec, format: FormatSpec
) -> list[str] | None:
    """Keep carousel pins to images with a 1:1 or 2:3 aspect ratio."""
    if platform.id != PLATFORM_ID:
        return None
    return content_problems(item, format)
