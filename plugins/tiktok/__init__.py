"""TikTok (Content Posting API, API for Business): videos and photo carousels; TikTok ads.

A built-in plugin that uses only the public hooks, exactly as a third-party plugin would.
"""

from __future__ import annotations

from collections.abc import Callable

from mixplan import hookimpl
from mixplan.model import Channel, ContentItem, FormatSpec, PlatformSpec
from mixplan.plugins.tiktok.checks import content_problems
from mixplan.plugins.tiktok.spec import PLATFORM_ID, platform_spec


@hookimpl
def mixplan_register_platforms(register: Callable[[PlatformSpec], None]) -> None:
    """Register TikTok with its formats, rules and default audience."""
    register(platform_spec())


@hookimpl
def mixplan_validate_content(
    item: ContentItem, channel: Channel, platform: PlatformSpec, format: FormatSpec
) -> list[str] | None:
    """Measure captions and photo titles in UTF-16 units and keep videos out of photo posts."""
    if platform.id != PLATFORM_ID:
        return None
    return content_problems(item, format)


# live data: see live.py
from mixplan.plugins.tiktok.live import mixplan_fetch_audience  # noqa: E402, F401
