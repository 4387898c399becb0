"""Checks of a content item against a format's generic hard limits (plugins add platform-specific ones)."""

from __future__ import annotations

from mixplan.model.content import ContentItem
from mixplan.model.platform import FormatSpec, PlatformSpec


def generic_format_problems(item: ContentItem, platform: PlatformSpec, fmt: FormatSpec) -> list[str]:
    """Problems of `item` in format `fmt` against the limits every FormatSpec can declare."""
    problems: list[str] = []
    name = platform.name
    if item.caption is not None and fmt.caption_max_chars is not None and len(item.caption) > fmt.caption_max_chars:
        problems.append(
            f"caption has {len(item.caption):,} characters; {name} {fmt.name} allows {fmt.caption_max_chars:,}"
        )
    if fmt.title_max_chars is not None and len(item.title) > fmt.title_max_chars:
        problems.append(f"title has {len(item.title):,} characters; {name} {fmt.name} allows {fmt.title_max_chars:,}")
    if item.hashtags is not None and fmt.hashtags_max is not None and item.hashtags > fmt.hashtags_max:
        problems.append(f"{item.hashtags} hashtags; {name} allows {fmt.hashtags_max}")
    media = item.media
    if media.count is not None:
        if fmt.media_min is not None and media.count < fmt.media_min:
            problems.append(f"{media.count} media items; {name} {fmt.name} needs at least {fmt.media_min}")
        if fmt.media_max is not None and media.count > fmt.media_max:
            problems.append(f"{media.count} media items; {name} {fmt.name} allows at most {fmt.media_max}")
    if media.video_seconds is not None:
        if fmt.video_min_seconds is not None and media.video_seconds < fmt.video_min_seconds:
            problems.append(
                f"video is {media.video_seconds:g} s; {name} {fmt.name} needs at least {fmt.video_min_seconds:g} s"
            )
        if fmt.video_max_seconds is not None and media.video_seconds > fmt.video_max_seconds:
            problems.append(
                f"video is {media.video_seconds:g} s; {name} {fmt.name} allows at most {fmt.video_max_seconds:g} s"
            )
    if media.file_mb is not None and fmt.max_file_mb is not None and media.file_mb > fmt.max_file_mb:
        problems.append(f"file is {media.file_mb:g} MB; {name} {fmt.name} allows {fmt.max_file_mb:g} MB")
    if media.aspect_ratio is not None:
        if fmt.aspect_ratio_min is not None and media.aspect_ratio < fmt.aspect_ratio_min - 1e-9:
            problems.append(
                f"aspect ratio {media.aspect_ratio:.3g} is narrower than {name}'s {fmt.aspect_ratio_min:.3g}"
            )
        if fmt.aspect_ratio_max is not None and media.aspect_ratio > fmt.aspect_ratio_max + 1e-9:
            problems.append(f"aspect ratio {media.aspect_ratio:.3g} is wider than {name}'s {fmt.aspect_ratio_max:.3g}")
    return problems
