"""`mixplan actuals import FILE`: store what was published and spent (see :mod:`mixplan.actuals.importing`)."""

from __future__ import annotations

from pathlib import Path

import click
from mixplan.actuals.importing import import_actuals
from mixplan.cli.app import current_app
from mixplan.cli.brand_option import brand_note, brand_option, brand_store
from mixplan.cli.output import print_json


@click.group("actuals")
def actuals_group() -> None:
    """Actual results of a running plan: published posts and delivered spend."""


@actuals_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@brand_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def actuals_import(file: Path, brand: str, as_json: bool) -> None:
    """Import a CSV or JSON file of post results and channel-day spend; bad rows store nothing (exit 2)."""
    app = current_app()
    store = brand_store(app, brand)
    result = import_actuals(file, store)
    if as_json or app.json:
        print_json(vars(result))
        return
    span = f" from {result.first_day} to {result.last_day}" if result.first_day else ""
    click.echo(
        f"imported {result.posts} post row(s) ({result.posts_inserted} new, {result.posts_updated} updated) and "
        f"{result.days} channel-day row(s) ({result.days_inserted} new, {result.days_updated} updated){span} "
        f"into {store.url}{brand_note(brand)}"
    )
