"""`mixplan platforms`: the platforms the loaded plugins provide."""

from __future__ import annotations

import click
from mixplan.cli.app import current_app
from mixplan.cli.output import console, json_option, print_json, table


@click.command("platforms")
@json_option("Print JSON instead of a table.")
def platforms_command(as_json: bool) -> None:
    """List the platforms: id, name, plugin, version and whether the plugin ships with mixplan."""
    app = current_app()
    rows = [
        {
            "id": platform_id,
            "name": registered.spec.name,
            "plugin": registered.plugin.name,
            "version": registered.plugin.version,
            "builtin": registered.plugin.builtin,
            "source": registered.plugin.source,
        }
        for platform_id, registered in app.engine().platforms.items()
    ]
    if as_json or app.json:
        print_json(rows)
        return
    rows_table = table("id", "name", "plugin", "version", "built-in")
    for row in rows:
        rows_table.add_row(
            str(row["id"]), str(row["name"]), str(row["plugin"]), str(row["version"]), "yes" if row["builtin"] else "no"
        )
    console().print(rows_table)
