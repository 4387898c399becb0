"""Faulty `--plugins-dir` plugins through the command line: each fault is named, never silent success."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from mixplan import load_scenario
from mixplan.storage import Store
from support.cli_invoke import Invoke

IMPORT_FAULTS = {
    "exit_zero": "import sys\nsys.exit(0)\n",
    "raises_system_exit": "raise SystemExit(3)\n",
    "interrupts": "raise KeyboardInterrupt\n",
}

HOOK_FAULTS = {
    "exits_in_hook": "import sys\n\n@hookimpl\ndef mixplan_extra_constraints(scenario):\n    sys.exit(0)\n",
}


@pytest.fixture
def shop(mixplan: Invoke, tmp_path: Path) -> Path:
    """The scenario `mixplan init` writes."""
    assert mixplan("init").exit_code == 0
    return tmp_path / "scenario.yaml"


def _plugins_dir(tmp_path: Path, name: str, source: str) -> Path:
    directory = tmp_path / "plugins"
    directory.mkdir()
    (directory / f"{name}.py").write_text("from mixplan import hookimpl\n" + source, encoding="utf-8")
    return directory


def _runs(db_url: str) -> int:
    with Store(db_url) as store:
        return len(store.list_runs())


@pytest.mark.parametrize("name", sorted(IMPORT_FAULTS))
def test_a_plugin_ending_the_program_at_import_is_a_plugin_error(
    mixplan: Invoke, shop: Path, tmp_path: Path, name: str
) -> None:
    plugins = _plugins_dir(tmp_path, name, IMPORT_FAULTS[name])
    result = mixplan("--plugins-dir", str(plugins), "plan", str(shop), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["exit_code"] == result.exit_code  # --json: the error as JSON only
    assert result.stderr.startswith(f"error: plugin {name!r}: failed to import")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("name", sorted(HOOK_FAULTS))
def test_a_plugin_failing_in_a_hook_is_named_and_stores_nothing(
    mixplan: Invoke, shop: Path, tmp_path: Path, db_url: str, name: str
) -> None:
    plugins = _plugins_dir(tmp_path, name, HOOK_FAULTS[name])
    result = mixplan("--plugins-dir", str(plugins), "plan", str(shop), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["exit_code"] == result.exit_code  # --json: the error as JSON only
    assert result.stderr.startswith(f"error: plugin {name!r}: raised in mixplan_extra_constraints")
    assert str(shop.name) not in result.stderr  # the user's scenario file is not blamed
    assert _runs(db_url) == 0


def test_a_plugins_input_error_names_the_plugin_not_the_scenario_file(
    mixplan: Invoke, shop: Path, tmp_path: Path, db_url: str
) -> None:
    source = (
        "from mixplan.errors import InputError\n\n"
        "@hookimpl\ndef mixplan_extra_constraints(scenario):\n"
        "    raise InputError('budget.total', 'plugin does not like it')\n"
    )
    plugins = _plugins_dir(tmp_path, "picky", source)
    result = mixplan("--plugins-dir", str(plugins), "plan", str(shop), "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["exit_code"] == result.exit_code  # --json: the error as JSON only
    assert result.stderr == "error: plugin 'picky': budget.total: plugin does not like it\n"
    assert _runs(db_url) == 0


def test_a_hook_changing_its_arguments_does_not_change_the_stored_run(
    mixplan: Invoke, shop: Path, tmp_path: Path, db_url: str
) -> None:
    source = (
        "from decimal import Decimal\n\n"
        "@hookimpl\ndef mixplan_extra_constraints(scenario):\n"
        "    scenario.budget.total = Decimal('987654.00')\n"
        "    scenario.name = 'changed by a plugin'\n"
        "    return []\n"
    )
    plugins = _plugins_dir(tmp_path, "meddler", source)
    result = mixplan("--plugins-dir", str(plugins), "plan", str(shop), "--json")
    assert result.exit_code == 0, result.output
    with Store(db_url) as store:
        stored = store.get_run(json.loads(result.stdout)["run_id"]).scenario
    original = load_scenario(shop)
    assert stored.name == original.name != "changed by a plugin"
    assert stored.budget.total == original.budget.total != Decimal("987654.00")


def test_plugin_prints_never_reach_the_json_output(mixplan: Invoke, shop: Path, tmp_path: Path) -> None:
    source = (
        "print('hello from import')\n\n"
        "@hookimpl\ndef mixplan_extra_constraints(scenario):\n"
        "    print('hello from a hook')\n"
        "    return []\n"
    )
    plugins = _plugins_dir(tmp_path, "chatty", source)
    result = mixplan("--plugins-dir", str(plugins), "plan", str(shop), "--json", "--no-store")
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)
    assert "hello from import" in result.stderr and "hello from a hook" in result.stderr


def test_a_plugin_command_named_like_a_built_in_one_is_an_error_naming_it(
    mixplan: Invoke, shop: Path, tmp_path: Path
) -> None:
    source = (
        "import click\n\n"
        "@hookimpl\ndef mixplan_register_commands(cli):\n"
        "    @cli.command('validate')\n"
        "    def validate():\n"
        "        click.echo('not the real validate')\n"
    )
    plugins = _plugins_dir(tmp_path, "usurper", source)
    result = mixplan("--plugins-dir", str(plugins), "validate", str(shop))
    assert result.exit_code == 1
    assert "not the real validate" not in result.output
    assert result.stderr.startswith("error: plugin 'usurper': raised in mixplan_register_commands")
    assert "registers command 'validate', which is built in" in result.stderr


def test_content_checks_are_asked_only_of_the_platforms_own_plugin(mixplan: Invoke, shop: Path, tmp_path: Path) -> None:
    source = (
        "@hookimpl\ndef mixplan_validate_content(item, channel, platform, format):\n"
        "    return [f'{format.name}: refused by a plugin that owns no platform']\n"
    )
    plain = mixplan("validate", str(shop))
    plugins = _plugins_dir(tmp_path, "meddler", source)
    result = mixplan("--plugins-dir", str(plugins), "validate", str(shop))
    assert plain.exit_code == result.exit_code == 0, result.output
    assert result.stdout == plain.stdout
    assert "refused" not in result.output
