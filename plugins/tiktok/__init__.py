"""TikTok (Content Posting API, API for Business): videos and photo carousels; TikTok ads.

A built-in plugin that uses only the public hooks and mixplan.plugin_kit, as a third-party plugin would.
"""

from __future__ import annotations

from mixplan.plugin_kit import platform_hooks
from mixplan.plugins.tiktok.checks import content_problems
from mixplan.plugins.tiktok.live import mixplan_fetch_actuals, mixplan_fetch_audience
from mixplan.plugins.tiktok.spec import platform_spec

mixplan_register_platforms, mixplan_validate_content = platform_hooks(platform_spec, content_problems)

__all__ = [
    "mixplan_fetch_actuals",
    "mixplan_fetch_audience",
    "mixplan_register_platforms",
    "mixplan_validate_content",
]
