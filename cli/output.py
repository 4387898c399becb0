"""Printing: rich consoles for people, plain JSON for machines."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
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


def table(*columns: str, right: tuple[str, ...] = ()) -> Table:
    """A plain table with a header rule; the named columns are right-aligned (numbers)."""
    result = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for title in columns:
        numeric = title in right
        result.add_column(title, justify="right" if numeric else "left", no_wrap=numeric)
    return result
