"""`mixplan actuals import FILE` and `mixplan actuals fetch CHANNEL`: store what was published and spent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from mixplan.actuals.importing import DEFAULT_MAX_ROWS, ActualsImportResult, import_actuals
from mixplan.cli.app import about_file, current_app
from mixplan.cli.brand_option import brand_note, brand_option, brand_store
from mixplan.cli.import_progress import import_progress
from mixplan.cli.output import json_option, print_json
from mixplan.live.actuals_fetch import sync_actuals
from mixplan.loading import load_scenario


@click.group("actuals")
def actuals_group() -> None:
    """Actual results of a running plan: published posts and delivered spend."""


@actuals_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_ROWS,
    show_default=True,
    help="Refuse (and import nothing from) a file with more data rows than this.",
)
@brand_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def actuals_import(file: Path, max_rows: int, brand: str, as_json: bool) -> None:
    """Import a CSV or JSON file of post results and channel-day spend; bad rows store nothing (exit 2).

    A CSV is streamed: checked while read and written in batches in one transaction, so memory
    stays flat for any file size. Progress goes to stderr on a terminal.
    """
    app = current_app()
    store = brand_store(app, brand)
    with import_progress(file.name) as progress:
        result = import_actuals(file, store, max_rows=max_rows, progress=progress)
    _report(result, as_json or app.json, f"{store.url}{brand_note(brand)}")


def _report(result: ActualsImportResult, as_json: bool, where: str) -> None:
    if as_json:
        print_json(vars(result))
        return
    span = f" from {result.first_day} to {result.last_day}" if result.first_day else ""
    click.echo(
        f"imported {result.posts} post row(s) ({result.posts_inserted} new, {result.posts_updated} updated) and "
        f"{result.days} channel-day row(s) ({result.days_inserted} new, {result.days_updated} updated){span} "
        f"into {where}"
    )


@actuals_group.command("fetch")
@click.argument("channel_id", metavar="CHANNEL")
@click.option(
    "--scenario",
    "scenario_file",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Scenario file that defines the channel, its account and its credential references.",
)
@click.option(
    "--since", type=click.DateTime(["%Y-%m-%d"]), help="First UTC day to fetch (default: 6 days before --until)."
)
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last UTC day to fetch (default: today).")
@json_option("Print the counts as JSON.")
def actuals_fetch(
    channel_id: str, scenario_file: Path, since: dt.datetime | None, until: dt.datetime | None, as_json: bool
) -> None:
    """Fetch CHANNEL's published posts and delivered spend from the platform's API and store them.

    Stored like `actuals import` (upserts, one transaction, nothing on failure). Tokens follow the
    `audience sync` rules; exit 5 when the platform answers with an error.
    """
    app = current_app()
    scenario = load_scenario(scenario_file)
    engine = app.engine()
    with about_file(scenario_file):
        result = sync_actuals(
            engine,
            scenario,
            channel_id,
            brand_store(app, scenario.brand),
            since=since.date() if since else None,
            until=until.date() if until else None,
        )
    _report(result, as_json or app.json, f"{app.store().url}{brand_note(scenario.brand)}")
