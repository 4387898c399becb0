"""Ways platforms measure text that a plain character count gets wrong, and the wording of problems.

Platforms count text differently: X weighs URLs as 23 and wide characters as 2, TikTok counts
UTF-16 code units, YouTube limits descriptions in UTF-8 bytes, Google Ads counts double-width
characters twice. Each function here implements one of those rules.
"""

from __future__ import annotations

import re
import unicodedata

HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_.]+)")
URL = re.compile(r"https?://\S+|\bwww\.\S+", re.IGNORECASE)

X_URL_WEIGHT = 23
"""Every URL counts as 23 characters on X (t.co wrapping), whatever its length."""

X_LIGHT_RANGES: tuple[tuple[int, int], ...] = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
"""Code points that weigh 1 in X's count (twitter-text v3 config); every other code point weighs 2."""


def count_hashtags(text: str) -> int:
    """Number of ``#tags`` in a caption."""
    return len(HASHTAG.findall(text))


def count_mentions(text: str) -> int:
    """Number of ``@handles`` in a caption (e-mail addresses are not mentions)."""
    return len(MENTION.findall(text))


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units: characters outside the Basic Multilingual Plane (most emoji) count 2."""
    return len(text.encode("utf-16-le")) // 2


def utf8_bytes(text: str) -> int:
    """Length in UTF-8 bytes."""
    return len(text.encode("utf-8"))


def x_weighted_length(text: str) -> int:
    """X's weighted length (twitter-text v3): URLs count 23, wide characters and emoji count 2."""
    normalised = unicodedata.normalize("NFC", text)
    length = 0
    position = 0
    for match in URL.finditer(normalised):
        length += _x_weight(normalised[position : match.start()]) + X_URL_WEIGHT
        position = match.end()
    return length + _x_weight(normalised[position:])


def _x_weight(text: str) -> int:
    return sum(1 if any(low <= ord(char) <= high for low, high in X_LIGHT_RANGES) else 2 for char in text)


def double_width_length(text: str) -> int:
    """Length where East Asian wide and full-width characters count 2 (as in Google Ads limits)."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def too_long(what: str, measured: int, unit: str, platform: str, limit: int) -> str:
    """The problem sentence for a text over a limit, e.g. "caption has 2,412 characters; Instagram allows 2,200"."""
    return f"{what} has {measured:,} {unit}; {platform} allows {limit:,}"
