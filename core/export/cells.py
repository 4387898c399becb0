"""Cell values safe for spreadsheets: text that a spreadsheet would run as a formula is neutralised.

OWASP "CSV Injection": a cell beginning with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which some programs skip before reading such a character) is a formula to Excel, LibreOffice
and Google Sheets. Prefixing a single quote makes it plain text; the quote shows in the cell.
Numbers written by mixplan itself (``-3.50``) are left alone, so they stay numbers.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula."""

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def escape_formula(text: str) -> str:
    """`text` with a leading single quote when a spreadsheet would read it as a formula."""
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def is_plain_number(text: str) -> bool:
    """Whether `text` is a decimal number as mixplan writes them (digits, optional sign and point)."""
    return _NUMBER.fullmatch(text) is not None
