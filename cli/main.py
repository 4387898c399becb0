"""The `mixplan` command group: global options, built-in commands and commands added by plugins."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import click
import mixplan
from mixplan.cli.app import App
from mixplan.cli.failures import MixplanGroup
from mixplan.cli.plugin_commands import plugin_commands
from mixplan.errors import MixplanError

BUILT_IN_COMMANDS: dict[str, tuple[str, str]] = {
    "platforms": ("mixplan.cli.cmd_platforms:platforms_command", "List the platforms: id, name, plugin, version."),
    "validate": ("mixplan.cli.cmd_validate:validate_command", "Validate a scenario file (YAML, JSON or TOML)."),
    "schema": ("mixplan.cli.cmd_schema:schema_command", "Print the JSON Schema of a scenario."),
    "init": ("mixplan.cli.cmd_init:init_command", "Write DIRECTORY/scenario.yaml: a commented example scenario."),
    "plan": ("mixplan.cli.cmd_plan:plan_command", "Plan FILE: the posting calendar and the ad spend."),
    "runs": ("mixplan.cli.cmd_runs:runs_group", "Stored plan runs: list them, show one, compare two."),
    "export": ("mixplan.cli.cmd_export:export_command", "Export a stored run: JSON, CSV, xlsx, Hootsuite, iCalendar."),
    "report": ("mixplan.cli.cmd_report:report_command", "Write an HTML report of a stored run."),
    "history": ("mixplan.cli.data_commands:history_group", "Spend and revenue history per channel and day."),
    "fit": ("mixplan.cli.data_commands:fit_command", "Fit each channel's response curve from the history."),
    "curves": ("mixplan.cli.data_commands:curves_group", "Response curves from elsewhere (a marketing-mix model)."),
    "audience": ("mixplan.cli.data_commands:audience_group", "Live audience activity and limits from the platforms."),
    "actuals": ("mixplan.cli.cmd_actuals:actuals_group", "Actual results: published posts and delivered spend."),
    "replan": ("mixplan.cli.cmd_replan:replan_command", "Re-plan a stored run from a date, the past locked."),
    "track": ("mixplan.cli.cmd_track:track_command", "A stored run's plan against the actuals to date."),
    "batch": ("mixplan.cli.cmd_batch:batch_group", "Plan many brands: a queue of scenario files, on Dask or a pool."),
}
"""Built-in commands: name -> ("module:attribute", one-line help). Imported only when run or asked
for help, so that `mixplan --help` loads none of them. Add a command with one line here."""


def solve_abandoned() -> bool:
    """Whether a solve was aborted in this process (only possible once the solving module was loaded)."""
    solving = sys.modules.get("mixplan.cli.solving")
    return bool(solving is not None and solving.solve_abandoned())


def _load(name: str) -> click.Command:
    module_name, _, attribute = BUILT_IN_COMMANDS[name][0].partition(":")
    command: click.Command = getattr(importlib.import_module(module_name), attribute)
    return command


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
        names = sorted({*super().list_commands(ctx), *BUILT_IN_COMMANDS})
        try:
            extra = plugin_commands(ctx)
        except MixplanError as exc:  # help must still work when a plugin is broken
            click.echo(f"warning: plugin commands not listed: {exc}", err=True)
            return names
        return names + sorted(name for name in extra if name not in names)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of `--help`: built-in ones from their one-line help, without importing them."""
        rows = [(name, BUILT_IN_COMMANDS[name][1]) for name in sorted(BUILT_IN_COMMANDS)]
        try:
            extra = plugin_commands(ctx)
        except MixplanError as exc:
            click.echo(f"warning: plugin commands not listed: {exc}", err=True)
            extra = {}
        rows += [
            (name, command.get_short_help_str(limit=formatter.width - 6 - len(name)))
            for name, command in sorted(extra.items())
            if name not in BUILT_IN_COMMANDS and not command.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """A built-in command, or else a plugin's command of that name."""
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in BUILT_IN_COMMANDS:
            command = _load(cmd_name)
            self.add_command(command, cmd_name)
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
