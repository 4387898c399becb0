"""Constructors for the post formats the built-in platforms have in common: text posts, media posts, videos.

Each takes only what differs from one platform to the next. The text limits a platform applies to
several of its formats are declared once per platform as a :class:`TextLimits`, so a caption limit is
not written again for every format. Ranges are ``(least, most)`` pairs; None leaves that end unlimited.
"""

from __future__ import annotations

from dataclasses import dataclass

from mixplan.model import FormatSpec

Range = tuple[float | None, float | None]
"""A ``(least, most)`` pair of limits; None on either side leaves that side unlimited."""

UNLIMITED: Range = (None, None)


@dataclass(frozen=True)
class TextLimits:
    """The text limits of a format: longest caption (body, description), longest title, most hashtags."""

    caption_max_chars: int | None = None
    title_max_chars: int | None = None
    hashtags_max: int | None = None


NO_TEXT_LIMITS = TextLimits()
"""No generic text limit (the platform's content check measures the text itself)."""


def text_post(id: str, name: str, text: TextLimits = NO_TEXT_LIMITS) -> FormatSpec:
    """A post of text (and links) only: no media allowed."""
    return _format(id, name, text, media=(None, 0))


def media_post(
    id: str,
    name: str,
    text: TextLimits = NO_TEXT_LIMITS,
    *,
    media: tuple[int | None, int | None] = (1, None),
    max_file_mb: float | None = None,
    aspect: Range = UNLIMITED,
) -> FormatSpec:
    """A post of ``media`` items (images or document pages; at least one by default), each <= ``max_file_mb``."""
    return _format(id, name, text, media=media, max_file_mb=max_file_mb, aspect=aspect)


def video_post(
    id: str,
    name: str,
    text: TextLimits = NO_TEXT_LIMITS,
    *,
    seconds: Range = UNLIMITED,
    max_file_mb: float | None = None,
    aspect: Range = UNLIMITED,
) -> FormatSpec:
    """A post of exactly one video, ``seconds`` long, of at most ``max_file_mb``, with width/height in ``aspect``."""
    return _format(id, name, text, media=(1, 1), seconds=seconds, max_file_mb=max_file_mb, aspect=aspect)


def _format(
    id: str,
    name: str,
    text: TextLimits,
    *,
    media: tuple[int | None, int | None],
    seconds: Range = UNLIMITED,
    max_file_mb: float | None = None,
    aspect: Range = UNLIMITED,
) -> FormatSpec:
    return FormatSpec(
        id=id,
        name=name,
        caption_max_chars=text.caption_max_chars,
        title_max_chars=text.title_max_chars,
        hashtags_max=text.hashtags_max,
        media_min=media[0],
        media_max=media[1],
        video_min_seconds=seconds[0],
        video_max_seconds=seconds[1],
        max_file_mb=max_file_mb,
        aspect_ratio_min=aspect[0],
        aspect_ratio_max=aspect[1],
    )
