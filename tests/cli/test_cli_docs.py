"""docs/cli.md keeps up with the command line: every command, every option of mine, every exit code."""

from __future__ import annotations

import re

import click
from mixplan.cli import failures
from mixplan.cli.main import cli
from support.cli_invoke import REPO

DOC = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


def test_every_command_is_documented() -> None:
    for name, _ in _commands(cli):
        assert f"`{name}" in DOC or f"mixplan {name}" in DOC, f"docs/cli.md does not mention `mixplan {name}`"


def test_every_option_of_the_core_commands_is_documented() -> None:
    data_commands = {"history", "fit", "curves", "audience"}  # documented in docs/data.md
    for name, command in _commands(cli):
        if name.split()[0] in data_commands:
            continue
        for parameter in command.params:
            if isinstance(parameter, click.Option) and parameter.name != "help":
                assert any(opt in DOC for opt in parameter.opts), (
                    f"`mixplan {name}` option {parameter.opts} undocumented"
                )
    for parameter in cli.params:
        if isinstance(parameter, click.Option) and parameter.name not in ("help", "version"):
            assert parameter.opts[0] in DOC


def test_the_exit_code_table_matches_the_code() -> None:
    rows = dict(re.findall(r"^\| (\d) \| ([^|]+) \|", DOC, flags=re.MULTILINE))
    codes = {
        failures.EXIT_OK,
        failures.EXIT_OTHER,
        failures.EXIT_INPUT,
        failures.EXIT_INFEASIBLE,
        failures.EXIT_NO_SOLUTION,
        failures.EXIT_REMOTE,
        failures.EXIT_SOME_FAILED,
    }
    assert {int(code) for code in rows} == codes
    assert "infeasible" in rows[str(failures.EXIT_INFEASIBLE)]
    assert "bad input" in rows[str(failures.EXIT_INPUT)]


def test_environment_variables_are_documented() -> None:
    for variable in ("MIXPLAN_DB", "MIXPLAN_LOAD_PLUGINS", "MIXPLAN_TRACE_PLUGINS"):
        assert f"`{variable}`" in DOC
