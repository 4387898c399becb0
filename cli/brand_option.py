"""`--brand` on the data commands: whose history, curves, audience and actuals a command reads or writes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click
from mixplan.storage.brands import DEFAULT_BRAND

if TYPE_CHECKING:
    from mixplan.cli.app import App
    from mixplan.storage import Store

F = TypeVar("F", bound=Callable[..., Any])


def brand_option(function: F) -> F:
    """Add ``--brand BRAND`` (default: the single default brand) to a data command."""
    return click.option(
        "--brand",
        default=DEFAULT_BRAND,
        show_default=True,
        metavar="BRAND",
        help="The brand whose data this reads or writes; each brand's data is kept apart (docs/data.md).",
    )(function)


def brand_store(app: App, brand: str) -> Store:
    """The database of `app` scoped to `brand` (a bad brand name is an InputError, exit 2)."""
    return app.store().for_brand(brand)


def brand_note(brand: str) -> str:
    """`` (brand X)`` for a brand other than the default, to follow a database URL in messages; else empty."""
    return "" if brand == DEFAULT_BRAND else f" (brand {brand})"
