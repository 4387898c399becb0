"""`mixplan export ID --format F`: write a stored run in an export format (built-in or from a plugin)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from mixplan.cli.app import current_app
from mixplan.cli.output import json_option, print_json
from mixplan.cli.run_ref import RUN_ID
from mixplan.errors import InputError
from mixplan.export.ics_format import render_ics_lineage


@click.command("export")
@click.argument("run_id", type=RUN_ID)
@click.option(
    "--format",
    "format_name",
    required=True,
    help="json, csv (zip of posts/spend/boosts), csv-posts, csv-spend, csv-boosts, ics, or a plugin's format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="File to write; '-' for stdout (text formats). Default: mixplan-run-ID.<suffix>.",
)
@json_option("Print what was written as JSON.")
def export_command(run_id: int, format_name: str, output: Path | None, as_json: bool) -> None:
    """Export a stored run: the plan as JSON, CSV for spreadsheets or iCalendar for calendar apps."""
    app = current_app()
    exporters = app.engine().exporters
    if format_name not in exporters:
        raise InputError("--format", f"unknown format {format_name!r}; available: {', '.join(sorted(exporters))}")
    exporter, _plugin = exporters[format_name]
    if (as_json or app.json) and output is not None and str(output) == "-":
        raise InputError("--json", "cannot be combined with --output -; write the export to a file")
    if output is not None and str(output) == "-" and not exporter.is_text:
        raise InputError("--output", f"format {format_name!r} is binary ({exporter.media_type}); write it to a file")
    stored = app.store().get_run(run_id)
    if format_name == "ics" and stored.parent_id is not None:  # a re-plan updates its parent's events
        data = render_ics_lineage([run.plan for run in app.store().lineage(run_id)], stored.scenario)
    else:
        data = exporter.export(stored.plan, stored.scenario)
    if output is not None and str(output) == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = output or Path(f"mixplan-run-{run_id}.{exporter.suffix}")
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise InputError(str(target), f"cannot be written: {exc.strerror}") from None
    if as_json or app.json:
        print_json({"run_id": run_id, "format": format_name, "file": str(target), "bytes": len(data)})
        return
    click.echo(f"wrote {target} ({format_name}, {len(data):,} bytes)")
