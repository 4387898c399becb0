"""`mixplan export`: --format lists every exporter (plugins' too), CSV for a locale, xlsx, --json."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from mixplan.model import Plan
from mixplan.storage import Store
from openpyxl import load_workbook
from support.cli_invoke import Invoke
from support.plans import make_plan, make_scenario

PLUGIN = """
from mixplan import hookimpl
from mixplan.exporters import Exporter


@hookimpl
def mixplan_register_exporters(register):
    register(Exporter(name="lines", description="one line per post", suffix="txt", media_type="text/plain",
                      render=lambda plan: "".join(f"{p.channel_id}\\n" for p in plan.posts).encode()))
"""


@pytest.fixture
def run(db_url: str) -> tuple[int, Plan]:
    """A stored run and its plan."""
    scenario = make_scenario()
    plan = make_plan(scenario)
    with Store(db_url) as store:
        return store.save_run(scenario, plan), plan


def test_format_is_a_choice_that_lists_plugin_exporters(mixplan: Invoke, run: tuple[int, Plan], tmp_path: Path) -> None:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "lines.py").write_text(PLUGIN, encoding="utf-8")
    helped = mixplan("--plugins-dir", str(plugins), "export", "--help")
    assert helped.exit_code == 0
    for name in ("csv", "csv-posts", "ics", "json", "xlsx", "lines"):
        assert name in helped.stdout
    out = mixplan("--plugins-dir", str(plugins), "export", "latest", "--format", "lines", "-o", "-")
    assert out.exit_code == 0 and out.stdout.splitlines() == [p.channel_id for p in run[1].posts]
    without = mixplan("export", "latest", "--format", "lines")
    assert without.exit_code == 2 and "'lines' is not one of" in without.stderr


def test_locale_de_de_gives_semicolons_and_decimal_commas(mixplan: Invoke, run: tuple[int, Plan]) -> None:
    result = mixplan("export", "latest", "--format", "csv-spend", "--locale", "de_DE", "-o", "-")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    plan = run[1]
    assert len(rows) == len(plan.spend)
    total = sum(Decimal(row["amount"].replace(",", ".")) for row in rows)
    assert total == sum((a.amount for a in plan.spend), Decimal(0))
    french = mixplan("export", "latest", "--format", "csv-spend", "--delimiter", "tab", "--decimal", ",", "-o", "-")
    assert "\t" in french.stdout.splitlines()[0]
    assert mixplan("export", "latest", "--format", "csv-spend", "--locale", "xx_QQ").exit_code == 2
    clash = mixplan("export", "latest", "--format", "csv-spend", "--delimiter", ",", "--decimal", ",")
    assert clash.exit_code == 2 and "both" in clash.stderr
    assert mixplan("export", "latest", "--format", "json", "--locale", "de_DE").exit_code == 2


def test_xlsx_and_json_summary(mixplan: Invoke, run: tuple[int, Plan], tmp_path: Path) -> None:
    result = mixplan("export", "latest", "--format", "xlsx", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["run_id"] == run[0] and document["format"] == "xlsx"
    book = load_workbook(tmp_path / document["file"])
    assert book.sheetnames == ["posts", "spend", "boosts", "summary"]
    assert book["posts"].max_row == len(run[1].posts) + 1
