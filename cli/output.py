"""Printing: rich consoles for people, plain JSON for machines."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.table import Table

PIPE_WIDTH = 200
"""Line width when stdout is not a terminal: wide enough that tables are never cut for files and pipes."""


def console() -> Console:
    """A console on stdout; plain text (no colors, no live display) when stdout is not a terminal.

    Off a terminal, lines are PIPE_WIDTH wide unless $COLUMNS sets the width.
    """
    out = Console(file=sys.stdout, highlight=False, soft_wrap=False)
    if not out.is_terminal:
        columns = os.environ.get("COLUMNS", "")
        width = int(columns) if columns.isascii() and columns.isdigit() and int(columns) > 0 else PIPE_WIDTH
        out = Console(file=sys.stdout, highlight=False, soft_wrap=False, width=width)
    return out


def error_console() -> Console:
    """A console on stderr, for progress and notes that must not mix with the command's output."""
    return Console(file=sys.stderr, highlight=False)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialize {type(value).__name__}")


def print_json(document: Any) -> None:
    """Print a JSON document (Decimals as strings, dates in ISO 8601) on stdout."""
    click.echo(json.dumps(document, indent=2, default=_default, ensure_ascii=False))


def json_option(help_text: str = "Print JSON.") -> Callable[[Any], Any]:
    """The `--json` flag of a command: also makes errors of that command print as JSON (see docs/cli.md)."""

    def remember(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
        if value:
            from mixplan.cli.app import App

            app = ctx.find_object(App)
            if app is not None:
                app.json = True
        return value

    return click.option("--json", "as_json", is_flag=True, is_eager=True, callback=remember, help=help_text)


def money(amount: Decimal | None, currency: str = "") -> str:
    """A money amount with thousands separators and two decimals."""
    if amount is None:
        return "–"
    text = f"{Decimal(amount).quantize(Decimal('0.01')):,}"
    return f"{text} {currency}" if currency else text


def ratio(value: float | None) -> str:
    """A ratio such as ROAS with two decimals, or a dash."""
    return "–" if value is None else f"{value:.2f}"


def percent(value: float | None, places: int = 2) -> str:
    """A share as a percentage, or a dash."""
    return "–" if value is None else f"{value:.{places}%}"


COLUMN_GAP = 2
"""Characters between two columns of a fitted table (its cells pad on the right only, then the rule)."""
MIN_NAME_WIDTH = 12
"""Names in a fitted table are never cut shorter than this (the table then runs wider than the console)."""


def ellipsize(text: str, width: int) -> str:
    """`text` on one line, cut to `width` characters with a trailing ellipsis when longer."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: max(width - 1, 0)].rstrip() + "…"


def joined_lines(parts: Sequence[str], width: int, separator: str = " · ") -> list[str]:
    """``parts`` joined by ``separator`` into lines of at most ``width`` characters, broken only
    between parts (a part longer than ``width`` stands alone), so no figure is split over two lines."""
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + len(separator) + len(part) <= width:
            lines[-1] += separator + part
        else:
            lines.append(part)
    return lines


def note_lines(label: str, text: str, width: int) -> list[str]:
    """``label: text`` wrapped at word boundaries to ``width``, continuation lines indented under the text."""
    indent = " " * (len(label) + 2)
    return textwrap.wrap(
        text, width, initial_indent=f"{label}: ", subsequent_indent=indent, break_on_hyphens=False
    ) or [f"{label}:"]


def natural_width(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> int:
    """Characters a table of `rows` under `columns` takes when no cell is cut."""
    widths = [max(len(title), *(len(row[index]) for row in rows)) for index, title in enumerate(columns)]
    return sum(widths) + COLUMN_GAP * (len(columns) - 1)


def fitted_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    name_column: int = 0,
    right: Collection[str] = (),
    total: Sequence[str] | None = None,
) -> Table:
    """A table no wider than `width` whose cells never wrap: the name column takes the room the others leave.

    Names longer than that room are cut with an ellipsis (never below MIN_NAME_WIDTH); `total`, if
    given, is a last row under a rule.
    """
    every = [*rows, *([total] if total is not None else [])]
    others = natural_width(
        [title for index, title in enumerate(columns) if index != name_column],
        [[cell for index, cell in enumerate(row) if index != name_column] for row in every],
    )
    name_width = max(MIN_NAME_WIDTH, width - others - COLUMN_GAP)
    result = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold", padding=(0, 1, 0, 0))
    for index, title in enumerate(columns):
        limit = name_width if index == name_column else None
        result.add_column(title, justify="right" if title in right else "left", no_wrap=True, max_width=limit)
    for row in rows:
        result.add_row(*_named(row, name_column, name_width))
    if total is not None:
        result.add_section()
        result.add_row(*_named(total, name_column, name_width))
    return result


def _named(row: Sequence[str], name_column: int, name_width: int) -> list[str]:
    return [ellipsize(cell, name_width) if index == name_column else cell for index, cell in enumerate(row)]


def table(*columns: str, right: tuple[str, ...] = ()) -> Table:
    """A plain table with a header rule; the named columns are right-aligned (numbers)."""
    result = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for title in columns:
        numeric = title in right
        result.add_column(title, justify="right" if numeric else "left", no_wrap=numeric)
    return result
