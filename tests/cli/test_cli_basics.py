"""`mixplan --version`, `platforms`, `schema`, `validate`, `init`, and how errors are reported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from mixplan import __version__ as MIXPLAN_VERSION
from mixplan.model import Scenario
from support.cli_invoke import EXAMPLE, Invoke
from support.platforms import BUILTIN_IDS

LOCAL_PLUGIN = '''
import click
from mixplan import hookimpl
from mixplan.errors import RemoteError
from mixplan.model import PlatformSpec

@hookimpl
def mixplan_register_platforms(register):
    register(PlatformSpec.model_validate({
        "id": "mastodon", "name": "Mastodon", "formats": [{"id": "toot", "name": "Toot"}],
        "audience": {"size": 100, "activity": [[1.0] * 24] * 7, "organic_reach_rate": 0.2,
                     "rates": {"toot": {"engagement_rate": 0.02, "click_rate": 0.01, "conversion_rate": 0.02}},
                     "average_order_value": "20.00"},
    }))

@hookimpl
def mixplan_register_commands(cli):
    @cli.command("hello")
    @click.argument("name")
    def hello(name):
        """Say hello."""
        click.echo(f"hello {name}")

    @cli.command("explode")
    def explode():
        """Fail like a bug would."""
        raise RuntimeError("kaboom")

    @cli.command("remote-fail")
    def remote_fail():
        """Fail like a platform API would."""
        raise RemoteError("instagram answered 190: the access token has expired")
'''


def _plugins_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "plugins"
    directory.mkdir()
    (directory / "mastodon.py").write_text(LOCAL_PLUGIN)
    return directory


def test_version(mixplan: Invoke) -> None:
    result = mixplan("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"mixplan {MIXPLAN_VERSION}"


def test_platforms_table_and_json(mixplan: Invoke) -> None:
    table = mixplan("platforms")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    for platform_id in BUILTIN_IDS:
        row = next(line for line in lines if line.split() and line.split()[0] == platform_id)
        assert row.rstrip().endswith("yes")
    rows = json.loads(mixplan("platforms", "--json").stdout)
    assert {row["id"] for row in rows} == set(BUILTIN_IDS)
    assert all(row["builtin"] and row["version"] == MIXPLAN_VERSION for row in rows)
    assert next(row for row in rows if row["id"] == "x")["name"] == "X (Twitter)"
    assert json.loads(mixplan("--json", "platforms").stdout) == rows


def test_platforms_from_a_plugins_dir_are_not_builtin(mixplan: Invoke, tmp_path: Path) -> None:
    result = mixplan("--plugins-dir", str(_plugins_dir(tmp_path)), "platforms", "--json")
    assert result.exit_code == 0
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows["mastodon"]["builtin"] is False
    assert rows["mastodon"]["plugin"] == "mastodon"
    assert rows["mastodon"]["source"] == "plugins dir"


def test_schema_is_the_scenario_json_schema(mixplan: Invoke) -> None:
    result = mixplan("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == Scenario.model_json_schema()


def test_validate_the_bundled_example(mixplan: Invoke) -> None:
    result = mixplan("validate", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert "is valid" in result.stdout.splitlines()[0]
    document = json.loads(mixplan("validate", str(EXAMPLE), "--json").stdout)
    assert document["valid"] is True and document["summary"][0].endswith("is valid")


def test_unknown_platform_is_one_line_naming_file_and_field(mixplan: Invoke, tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text())
    data["channels"][2]["platform"] = "myspace"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = mixplan("validate", str(bad))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {bad}: channels[2].platform: unknown platform 'myspace'")
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(mixplan: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("name: [unclosed\n")
    quiet = mixplan("validate", str(bad))
    assert quiet.exit_code == 2 and "Traceback" not in quiet.output
    assert quiet.stderr.startswith(f"error: {bad}: is not valid YAML")
    loud = mixplan("--debug", "validate", str(bad))
    assert loud.exit_code == 2
    assert "Traceback (most recent call last)" in loud.stderr
    assert loud.stderr.rstrip().splitlines()[-1].startswith(f"error: {bad}: is not valid YAML")


def test_missing_file_and_unknown_suffix_are_bad_input(mixplan: Invoke, tmp_path: Path) -> None:
    missing = mixplan("validate", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2 and "file not found" in missing.stderr
    odd = tmp_path / "scenario.txt"
    odd.write_text("name: x")
    assert mixplan("validate", str(odd)).exit_code == 2


def test_plugin_commands_run_and_failures_map_to_exit_codes(mixplan: Invoke, tmp_path: Path) -> None:
    plugins = str(_plugins_dir(tmp_path))
    hello = mixplan("--plugins-dir", plugins, "hello", "world")
    assert hello.exit_code == 0 and hello.stdout == "hello world\n"
    assert "hello" in mixplan("--plugins-dir", plugins, "--help").stdout
    bug = mixplan("--plugins-dir", plugins, "explode")
    assert bug.exit_code == 1
    assert bug.stderr.splitlines() == ["error: internal error: RuntimeError: kaboom (run with --debug for details)"]
    remote = mixplan("--plugins-dir", plugins, "remote-fail")
    assert remote.exit_code == 5
    assert remote.stderr == "error: instagram answered 190: the access token has expired\n"
    assert "Traceback" in mixplan("--debug", "--plugins-dir", plugins, "explode").stderr
    assert mixplan("hello", "world").exit_code == 2, "without the plugins dir the command does not exist"


def test_a_broken_plugin_is_named_and_exits_1(mixplan: Invoke, tmp_path: Path) -> None:
    directory = tmp_path / "broken-plugins"
    directory.mkdir()
    (directory / "oops.py").write_text("import not_a_module_anywhere\n")
    result = mixplan("--plugins-dir", str(directory), "platforms")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: plugin 'oops': failed to import")
    assert "Traceback" not in result.output


def test_init_writes_a_scenario_that_validates(mixplan: Invoke, tmp_path: Path) -> None:
    result = mixplan("init", "shop")
    assert result.exit_code == 0, result.output
    written = tmp_path / "shop" / "scenario.yaml"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# mixplan scenario")
    assert sum(1 for line in text.splitlines() if "#" in line) >= 25, "commented"
    assert "$" not in text.replace("$env:", ""), "every template placeholder is filled in"
    validated = mixplan("validate", str(written))
    assert validated.exit_code == 0, validated.output
    scenario = Scenario.model_validate(yaml.safe_load(text))
    assert scenario.horizon.start.weekday() == 0
    assert len(scenario.channels) >= 4 and len({item.category for item in scenario.content}) >= 4


def test_init_refuses_to_overwrite_without_force(mixplan: Invoke, tmp_path: Path) -> None:
    assert mixplan("init").exit_code == 0
    target = tmp_path / "scenario.yaml"
    target.write_text("# my edits\n")
    refused = mixplan("init")
    assert refused.exit_code == 2
    assert refused.stderr == "error: scenario.yaml: already exists; use --force to overwrite it\n"
    assert target.read_text() == "# my edits\n"
    assert mixplan("init", "--force").exit_code == 0
    assert target.read_text().startswith("# mixplan scenario")


def test_usage_errors_exit_2(mixplan: Invoke) -> None:
    assert mixplan("plan").exit_code == 2
    assert mixplan("no-such-command").exit_code == 2


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path) -> None:
    """`mixplan schema | head -1`: the closed pipe is the reader's choice, not an internal error."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mixplan.cli", "schema"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env={**os.environ, "MIXPLAN_DB": f"sqlite:///{tmp_path / 'm.db'}"},
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before the command writes anything: every write meets a broken pipe
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, stderr
    assert stderr == ""


def test_validate_exits_3_when_the_checks_already_prove_the_rules_conflict(mixplan: Invoke, tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text())
    data["content"][0].update(required=True, available_from="2027-03-01", available_until="2027-03-07")
    scenario = tmp_path / "required_out_of_range.yaml"
    scenario.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = mixplan("validate", str(scenario))
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines[0] == "error: no plan satisfies every rule:"
    assert f"'{data['content'][0]['id']}' is required" in lines[1] and "outside the plan" in lines[1]
