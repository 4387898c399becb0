"""`mixplan validate FILE`: check a scenario without solving it."""

from __future__ import annotations

from pathlib import Path

import click
from mixplan.cli.app import about_file, current_app
from mixplan.cli.output import json_option, print_json
from mixplan.loading import load_scenario


@click.command("validate")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@json_option("Print the summary as JSON.")
@click.option(
    "--no-store", is_flag=True, help="Do not read stored fitted curves and audience snapshots from the database."
)
def validate_command(file: Path, as_json: bool, no_store: bool) -> None:
    """Validate a scenario file (YAML, JSON or TOML) against the model and the loaded platforms.

    Exit 0 with a short summary, or exit 2 with one message naming the field and the fix.
    """
    app = current_app()
    scenario = load_scenario(file)
    with about_file(file):
        summary = app.engine().validate(scenario, None if no_store else app.store())
    from datetime import date

    from mixplan.surprises import scenario_warnings

    warnings = [*summary.warnings, *scenario_warnings(scenario, date.today())]
    if as_json or app.json:
        print_json({"valid": True, "file": str(file), "summary": summary.lines(), "warnings": warnings})
        return
    for line in summary.lines():
        click.echo(line)
    for warning in warnings[len(summary.warnings) :]:
        click.echo(f"warning: {warning}")
