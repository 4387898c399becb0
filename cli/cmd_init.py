"""`mixplan init [DIR]`: write a commented example scenario to start from."""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from string import Template

import click
from mixplan.errors import InputError

SCENARIO_FILE = "scenario.yaml"


def example_scenario(today: date) -> str:
    """The example scenario text, planning the two weeks from the Monday after `today`."""
    start = today + timedelta(days=7 - today.weekday())
    template = Template(resources.files("mixplan").joinpath("templates", SCENARIO_FILE).read_text(encoding="utf-8"))
    return template.substitute(
        start=start.isoformat(),
        sale_start=(start + timedelta(days=11)).isoformat(),  # Friday of the second week
        sale_end=(start + timedelta(days=13)).isoformat(),  # through Sunday
    )


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False), default=".")
@click.option("--force", is_flag=True, help="Overwrite an existing scenario.yaml.")
def init_command(directory: Path, force: bool) -> None:
    """Write DIRECTORY/scenario.yaml: a commented example scenario for a small online shop."""
    target = directory / SCENARIO_FILE
    if target.exists() and not force:
        raise InputError(str(target), "already exists; use --force to overwrite it")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        target.write_text(example_scenario(date.today()), encoding="utf-8")
    except OSError as exc:
        raise InputError(str(target), f"cannot be written: {exc.strerror}") from None
    click.echo(f"wrote {target}")
    click.echo(f"next: mixplan validate {target} && mixplan plan {target}")
