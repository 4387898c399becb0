"""`mixplan schema`: the JSON Schema of scenario files."""

from __future__ import annotations

import json

import click
from mixplan.model.scenario import Scenario


@click.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of a scenario (for editors and validators)."""
    click.echo(json.dumps(Scenario.model_json_schema(), indent=2, ensure_ascii=False))
