"""Instagram (Graph API): feed images, carousels and reels; ads through Meta.

A built-in plugin that uses only the public hooks and mixplan.plugin_kit, as a third-party plugin would.
"""

from __future__ import annotations

from mixplan.plugin_kit import platform_hooks
from mixplan.plugins.instagram.checks import caption_problems
from mixplan.plugins.instagram.live import mixplan_fetch_actuals, mixplan_fetch_audience, mixplan_fetch_limits
from mixplan.plugins.instagram.spec import platform_spec

mixplan_register_platforms, mixplan_validate_content = platform_hooks(
    platform_spec, lambda item, format: caption_problems(item)
)

__all__ = [
    "mixplan_fetch_actuals",
    "mixplan_fetch_audience",
    "mixplan_fetch_limits",
    "mixplan_register_platforms",
    "mixplan_validate_content",
]
