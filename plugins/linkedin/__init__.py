"""LinkedIn company pages: text, image, video and document posts; LinkedIn ads.

LinkedIn needs no content check beyond the generic format limits: every rule in the sources
(text length, file sizes, video length and shape, document pages) is one of them.
"""

from __future__ import annotations

from collections.abc import Callable

from mixplan import hookimpl
from mixplan.model import PlatformSpec
from mixplan.plugins.linkedin.spec import platform_spec


@hookimpl
def mixplan_register_platforms(register: Callable[[PlatformSpec], None]) -> None:
    """Register LinkedIn with its formats, rules and default audience."""
    register(platform_spec())
