"""`mixplan export RUN --format F`: write a stored run in an export format (built-in or from a plugin)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from mixplan.cli.app import current_app
from mixplan.cli.format_choice import ExporterChoice
from mixplan.cli.output import json_option, print_json
from mixplan.cli.run_ref import RUN_ID
from mixplan.errors import InputError
from mixplan.export.ics_format import render_ics_lineage

DELIMITERS = {",": ",", ";": ";", "tab": "\t", "|": "|"}
"""`--delimiter` values and the character each one writes."""


class _ResettingCommand(click.Command):
    """Re-reads the exporter names on each invocation (tests run several in one process, with other plugins)."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        """Forget the exporter names of a previous invocation, then parse as usual."""
        for param in self.params:
            if isinstance(param.type, ExporterChoice):
                param.type.reset()
        return super().make_context(*args, **kwargs)


def csv_options(delimiter: str | None, decimal: str | None, locale: str | None) -> Any:
    """The ExportOptions `--delimiter`, `--decimal` and `--locale` ask for, or None when none is given."""
    if delimiter is None and decimal is None and locale is None:
        return None
    from mixplan.exporters import ExportOptions

    if locale is not None:
        from babel import Locale, UnknownLocaleError
        from babel.numbers import get_decimal_symbol

        try:
            mark = get_decimal_symbol(Locale.parse(locale.replace("-", "_")))
        except (ValueError, UnknownLocaleError):
            raise InputError("--locale", f"unknown locale {locale[:40]!r}; give e.g. de_DE, fr_FR or en_US") from None
        decimal = decimal or (mark if mark in (".", ",") else ".")
    decimal = decimal or "."
    chosen = DELIMITERS[delimiter] if delimiter is not None else (";" if decimal == "," else ",")
    try:
        return ExportOptions(delimiter=chosen, decimal=decimal)
    except ValueError as exc:
        raise InputError("--delimiter", str(exc)) from None


@click.command("export", cls=_ResettingCommand)
@click.argument("run_id", type=RUN_ID)
@click.option(
    "--format",
    "format_name",
    required=True,
    type=ExporterChoice(),
    help="Export format: a built-in one (see docs/cli.md) or a plugin's.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="File to write; '-' for stdout (text formats). Default: mixplan-run-ID.<suffix>.",
)
@click.option("--delimiter", type=click.Choice(tuple(DELIMITERS)), help="CSV field delimiter [default: ',' or ';'].")
@click.option("--decimal", type=click.Choice((".", ",")), help="CSV decimal mark [default: '.'].")
@click.option("--locale", help="CSV for this locale's spreadsheets, e.g. de_DE (';' and ',') or en_US.")
@json_option("Print what was written as JSON.")
def export_command(
    run_id: int,
    format_name: str,
    output: Path | None,
    delimiter: str | None,
    decimal: str | None,
    locale: str | None,
    as_json: bool,
) -> None:
    """Export a stored run (RUN: an id, `latest` or `latest~N`): JSON, CSV, Excel, a scheduler's CSV, iCalendar."""
    app = current_app()
    exporter, _plugin = app.engine().exporters[format_name]
    options = csv_options(delimiter, decimal, locale)
    if options is not None and not exporter.takes_options:
        raise InputError("--delimiter", f"format {format_name!r} has no delimiter or decimal mark; use a csv format")
    if (as_json or app.json) and output is not None and str(output) == "-":
        raise InputError("--json", "cannot be combined with --output -; write the export to a file")
    if output is not None and str(output) == "-" and not exporter.is_text:
        raise InputError("--output", f"format {format_name!r} is binary ({exporter.media_type}); write it to a file")
    stored = app.store().get_run(run_id)
    if format_name == "ics" and stored.parent_id is not None:  # a re-plan updates its parent's events
        data = render_ics_lineage([run.plan for run in app.store().lineage(run_id)], stored.scenario)
    else:
        data = exporter.export(stored.plan, stored.scenario, options)
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
