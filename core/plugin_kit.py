"""A short way to declare a platform plugin: the two hooks every platform plugin writes the same way.

In a plugin module::

    from mixplan.plugin_kit import platform_hooks

    mixplan_register_platforms, mixplan_validate_content = platform_hooks(
        platform_spec, content_check=lambda item, format: content_problems(item)
    )

pluggy finds the hooks by their names in the module, as if they were written out with
``@hookimpl``. mixplan asks ``mixplan_validate_content`` only of the plugin that registers the
platform, so the check needs no platform-id test (the helper still answers None for another
platform's spec, for direct calls).
"""

from __future__ import annotations

from collections.abc import Callable

from mixplan.hookspecs import hookimpl
from mixplan.model import Channel, ContentItem, FormatSpec, PlatformSpec
from mixplan.sourced_defaults import Sourced, declare_platform

__all__ = ["ContentCheck", "Sourced", "declare_platform", "platform_hooks"]

ContentCheck = Callable[[ContentItem, FormatSpec], list[str]]
"""Problems of one content item in one of the platform's formats (short sentences; empty when fine)."""


def platform_hooks(
    spec: Callable[[], PlatformSpec], content_check: ContentCheck | None = None
) -> tuple[Callable[..., None], Callable[..., list[str] | None]]:
    """``mixplan_register_platforms`` registering a fresh ``spec()``, and ``mixplan_validate_content`` running
    `content_check` (no problems when there is none). Assign both to those names in the plugin module."""

    platform_id = spec().id  # for calls made directly (tests): answer only for this platform

    @hookimpl
    def mixplan_register_platforms(register: Callable[[PlatformSpec], None]) -> None:
        """Register the platform (a new spec on every call: engines never share one)."""
        register(spec())

    @hookimpl
    def mixplan_validate_content(
        item: ContentItem, channel: Channel, platform: PlatformSpec, format: FormatSpec
    ) -> list[str] | None:
        """The platform's own content checks, beyond the generic FormatSpec limits."""
        if platform.id != platform_id:
            return None
        return [] if content_check is None else content_check(item, format)

    return mixplan_register_platforms, mixplan_validate_content
