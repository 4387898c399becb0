"""The `mixplan` command group: global options, built-in commands and commands added by plugins."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click
import mixplan
from mixplan.cli import data_commands
from mixplan.cli.app import App
from mixplan.cli.cmd_batch import batch_group
from mixplan.cli.cmd_export import export_command
from mixplan.cli.cmd_init import init_command
from mixplan.cli.cmd_plan import plan_command
from mixplan.cli.cmd_platforms import platforms_command
from mixplan.cli.cmd_report import report_command
from mixplan.cli.cmd_runs import runs_group
from mixplan.cli.cmd_schema import schema_command
from mixplan.cli.cmd_validate import validate_command
from mixplan.cli.failures import MixplanGroup
from mixplan.cli.plugin_commands import plugin_commands
from mixplan.cli.solving import solve_abandoned
from mixplan.errors import MixplanError


class MainGroup(MixplanGroup):
    """The top-level group: built-in commands first, then those plugins add through `mixplan_register_commands`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run as the `mixplan` program.

        After a solve was aborted (second Ctrl-C), OR-Tools' native threads may still be winding
        down; letting the interpreter tear down under them aborts the process ("terminate called
        without an active exception"). So the program then ends with ``os._exit`` once the error
        line is out. Nothing of the aborted solve was stored.
        """
        try:
            return self.main(*args, **kwargs)
        except SystemExit as exc:
            if solve_abandoned():
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(exc.code if isinstance(exc.code, int) else 1)
            raise

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Built-in command names, then plugin command names."""
        names = super().list_commands(ctx)
        try:
            extra = plugin_commands(ctx)
        except MixplanError as exc:  # help must still work when a plugin is broken
            click.echo(f"warning: plugin commands not listed: {exc}", err=True)
            return names
        return names + sorted(name for name in extra if name not in names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """A built-in command, or else a plugin's command of that name."""
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            if ctx.find_root().params.get("plugins_dir"):
                plugin_commands(ctx)  # a plugin command named like a built-in one is an error naming it
            return command
        return plugin_commands(ctx).get(cmd_name)


@click.group(cls=MainGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(mixplan.__version__, "--version", prog_name="mixplan", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show a traceback when a command fails.")
@click.option("--db", metavar="URL", help="Database URL or SQLite file (default: $MIXPLAN_DB, else the user data dir).")
@click.option(
    "--plugins-dir",
    type=click.Path(path_type=Path, file_okay=False),
    is_eager=True,  # known before --help lists the commands plugins add
    help="Also load plugins from the *.py files in this directory.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output for commands that support it.")
@click.pass_context
def cli(ctx: click.Context, debug: bool, db: str | None, plugins_dir: Path | None, as_json: bool) -> None:
    """mixplan plans an e-commerce brand's posting calendar and day-by-day ad spend.

    Exit codes: 0 success, 1 other error, 2 bad input, 3 infeasible scenario, 4 no plan within the
    time limit, 5 platform API error (see docs/cli.md).
    """
    ctx.obj = App(debug=debug, db=db, plugins_dir=plugins_dir, json=as_json)


for _command in (
    platforms_command,
    validate_command,
    schema_command,
    init_command,
    plan_command,
    runs_group,
    export_command,
    report_command,
    batch_group,
):
    cli.add_command(_command)
data_commands.register(cli)
