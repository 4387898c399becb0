"""YouTube (Data API v3): videos and Shorts; video ads bought through Google Ads.

A built-in plugin that uses only the public hooks and mixplan.plugin_kit, as a third-party plugin would.
"""

from __future__ import annotations

from mixplan.plugin_kit import platform_hooks
from mixplan.plugins.youtube.checks import content_problems
from mixplan.plugins.youtube.spec import platform_spec

mixplan_register_platforms, mixplan_validate_content = platform_hooks(
    platform_spec, lambda item, format: content_problems(item)
)
