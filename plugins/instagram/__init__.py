"""Instagram (Graph API): feed images, carousels and reels; ads through Meta.

A built-in plugin that uses only the public hooks, exactly as a third-party plugin would.
"""

from __future__ import annotations

from collections.abc import Callable

from mixplan import hookimpl
from mixplan.model import Channel, ContentItem, FormatSpec, PlatformSpec
from mixplan.plugins.instagram.checks import caption_problems
from mixplan.plugins.instagram.spec import PLATFORM_ID, platform_spec


@hookimpl
def mixplan_register_platforms(register: Callable[[PlatformSpec], None]) -> None:
    """Register Instagram with its formats, rules and default audience."""
    register(platform_spec())


@hookimpl
def mixplan_validate_content(
    item: ContentItem, channel: Channel, platform: PlatformSpec, format: FormatSpec
) -> list[str] | None:
    """Count hashtags and @mentions in the caption text (Instagram allows 30 and 20)."""
    if platform.id != PLATFORM_ID:
        return None
    return caption_problems(item)


# live data: see live.py
from mixplan.plugins.instagram.live import mixplan_fetch_audience, mixplan_fetch_limits  # noqa: E402, F401
