"""X (Twitter, API v2): text posts, posts with images or a video; X ads.

A built-in plugin that uses only the public hooks and mixplan.plugin_kit, as a third-party plugin would.
"""

from __future__ import annotations

from mixplan.plugin_kit import platform_hooks
from mixplan.plugins.x.checks import content_problems
from mixplan.plugins.x.spec import platform_spec

mixplan_register_platforms, mixplan_validate_content = platform_hooks(
    platform_spec, lambda item, format: content_problems(item)
)
