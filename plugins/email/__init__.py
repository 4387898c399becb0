"""E-mail newsletters: organic sends to the shop's list; no paid spend.

A built-in plugin that uses only the public hooks, exactly as a third-party plugin would.
"""

from __future__ import annotations

from collections.abc import Callable

from mixplan import hookimpl
from mixplan.model import Channel, ContentItem, FormatSpec, PlatformSpec
from mixplan.plugins.email.checks import content_problems
from mixplan.plugins.email.spec import PLATFORM_ID, platform_spec


@hookimpl
def mixplan_register_platforms(register: Callable[[PlatformSpec], None]) -> None:
    """Register e-mail newsletters with their sending rules and default list."""
    register(platform_spec())


@hookimpl
def mixplan_validate_content(
    item: ContentItem, channel: Channel, platform: PlatformSpec, format: FormatSpec
) -> list[str] | None:
    """Refuse bodies above Gmail's clipping size (~102 KB)."""
    if platform.id != PLATFORM_ID:
        return None
    return content_problems(item)
