"""Bluesky measures post text in graphemes (user-perceived characters) and in UTF-8 bytes."""

from __future__ import annotations

import unicodedata

ZERO_WIDTH_JOINER = "\u200d"
REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)
MODIFIERS = (*range(0xFE00, 0xFE10), *range(0x1F3FB, 0x1F400))


def graphemes(text: str) -> int:
    """Approximate grapheme count without a Unicode library.

    Combining marks, variation selectors and skin-tone modifiers belong to the character before
    them, a zero-width joiner glues two emoji into one, and a pair of regional indicators is one
    flag. Rare scripts may be counted a little high, which errs on the safe side.
    """
    count = 0
    glue = False
    half_flag = False
    for char in unicodedata.normalize("NFC", text):
        if char == ZERO_WIDTH_JOINER:
            glue = True
            continue
        if unicodedata.combining(char) or ord(char) in MODIFIERS:
            continue
        if glue:
            glue = False
            continue
        if ord(char) in REGIONAL_INDICATORS:
            half_flag = not half_flag
            if not half_flag:
                continue
        else:
            half_flag = False
        count += 1
    return count


def utf8_bytes(text: str) -> int:
    """Length in UTF-8 bytes."""
    return len(text.encode("utf-8"))
