"""`mixplan report ID`: one self-contained HTML file with charts for a stored run."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from mixplan.actuals.tracking import track_document, track_figures
from mixplan.cli.app import current_app
from mixplan.cli.output import json_option, print_json
from mixplan.cli.run_ref import RUN_ID
from mixplan.errors import InputError
from mixplan.report import render_report, scenario_curves
from mixplan.report.tracking import tracking_section


@click.command("report")
@click.argument("run_id", type=RUN_ID)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="HTML file to write. Default: mixplan-run-ID.html.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Plan against actual counts the days before this date [default: today in the plan's time zone].",
)
@json_option("Print what was written as JSON, with the plan-against-actual figures.")
def report_command(run_id: int, output: Path | None, as_of: datetime | None, as_json: bool) -> None:
    """Write an HTML report of a stored run: calendar, this week's to-do, spend, allocation, curves, KPIs,
    plan against actual.

    The file has no scripts and loads nothing from the network: open it anywhere, mail it, print it.
    """
    app = current_app()
    store = app.store()
    stored = store.get_run(run_id)
    platforms = app.engine().platforms
    try:
        curves = scenario_curves(stored.scenario, platforms, store)
    except InputError as exc:  # e.g. the plugin of a stored channel's platform is no longer installed
        click.echo(f"warning: response curves left out: {exc}", err=True)
        curves = {}
    names = app.platform_names()
    history = store.history()
    day = as_of.date() if as_of is not None else datetime.now(UTC).astimezone(ZoneInfo(stored.plan.timezone)).date()
    figures = track_figures(stored.plan, stored.scenario.budget.total, day, store.post_actuals(), history)
    document = render_report(
        stored.plan,
        stored.scenario,
        curves,
        run_id=stored.id,
        history=history,
        platform_names=names,
        extra_sections=[tracking_section(figures)],
    )
    target = output or Path(f"mixplan-run-{run_id}.html")
    try:
        target.write_text(document, encoding="utf-8")
    except OSError as exc:
        raise InputError(str(target), f"cannot be written: {exc.strerror}") from None
    if as_json or app.json:
        print_json(
            {
                "run_id": run_id,
                "file": str(target),
                "bytes": len(document.encode("utf-8")),
                "track": track_document(figures),
            }
        )
        return
    click.echo(f"wrote {target}")
