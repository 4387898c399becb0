"""LinkedIn company pages: text, image, video and document posts; LinkedIn ads.

LinkedIn needs no content check beyond the generic format limits: every rule in the sources
(text length, file sizes, video length and shape, document pages) is one of them.
"""

from __future__ import annotations

from mixplan.plugin_kit import platform_hooks
from mixplan.plugins.linkedin.spec import platform_spec

mixplan_register_platforms, mixplan_validate_content = platform_hooks(platform_spec)
