"""Google Ads (Search and Shopping): paid spend only, no organic posting.

A built-in plugin that uses only the public hooks, exactly as a third-party plugin would.
"""

from __future__ import annotations

from collections.abc import Callable

from mixplan import hookimpl
from mixplan.model import Channel, ContentItem, FormatSpec, PlatformSpec
from mixplan.plugins.google_ads.checks import content_problems
from mixplan.plugins.google_ads.spec import PLATFORM_ID, platform_spec


@hookimpl
def mixplan_register_platforms(register: Callable[[PlatformSpec], None]) -> None:
    """Register Google Ads with its ad formats and budget rules."""
    register(platform_spec())


@hookimpl
def mixplan_validate_content(
    item: ContentItem, channel: Channel, platform: PlatformSpec, format: FormatSpec
) -> list[str] | None:
    """Count double-width characters twice against search-ad headline and description limits."""
    if platform.id != PLATFORM_ID:
        return None
    return content_problems(item, format)
