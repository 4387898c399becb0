"""Facebook Pages (Graph API): text, image, reel and story posts; ads through Meta.

Facebook needs no content check beyond the generic format limits: every rule in the sources
(text length, reel length and 9:16 shape) is one of them.
"""

from __future__ import annotations

from mixplan.plugin_kit import platform_hooks
from mixplan.plugins.facebook.live import mixplan_fetch_actuals, mixplan_fetch_limits
from mixplan.plugins.facebook.spec import platform_spec

mixplan_register_platforms, mixplan_validate_content = platform_hooks(platform_spec)

__all__ = ["mixplan_fetch_actuals", "mixplan_fetch_limits", "mixplan_register_platforms", "mixplan_validate_content"]
