"""Facebook Pages (Graph API): text, image, reel and story posts; ads through Meta.

Facebook needs no content check beyond the generic format limits: every rule in the sources
(text length, reel length and 9:16 shape) is one of them.
"""

from __future__ import annotations

from collections.abc import Callable

from mixplan import hookimpl
from mixplan.model import PlatformSpec
from mixplan.plugins.facebook.spec import platform_spec


@hookimpl
def mixplan_register_platforms(register: Callable[[PlatformSpec], None]) -> None:
    """Register Facebook with its formats, rules and default audience."""
    register(platform_spec())


# live data: see live.py
from mixplan.plugins.facebook.live import mixplan_fetch_limits  # noqa: E402, F401
