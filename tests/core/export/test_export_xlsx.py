"""The Excel export read back by openpyxl: four sheets, real dates, numbers with a currency format, escaped text."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from mixplan.export.xlsx_format import currency_format, render_xlsx
from mixplan.model import Plan, Scenario
from openpyxl import load_workbook


def _book(plan: Plan, scenario: Scenario):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(render_xlsx(plan, scenario)))


def test_sheets_hold_posts_spend_boosts_and_a_summary(plan: Plan, scenario: Scenario) -> None:
    book = _book(plan, scenario)
    assert book.sheetnames == ["posts", "spend", "boosts", "summary"]
    posts = list(book["posts"].iter_rows(min_row=2, values_only=True))
    assert len(posts) == len(plan.posts)
    zone = ZoneInfo(plan.timezone)
    wanted = sorted(plan.posts, key=lambda p: (p.start, p.channel_id, p.content_id))
    for row, post in zip(posts, wanted, strict=True):
        assert isinstance(row[0], datetime)
        assert row[0] == post.start.astimezone(zone).replace(tzinfo=None)  # local wall time, as a date cell
        assert row[1] == post.channel_id
        assert Decimal(str(row[9])) == post.expected_revenue
    assert book["posts"]["A2"].is_date
    assert book["posts"]["J2"].number_format == currency_format("EUR")


def test_spend_amounts_are_numbers_in_the_currency_format(plan: Plan, scenario: Scenario) -> None:
    ws = _book(plan, scenario)["spend"]
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == len(plan.spend)
    total = sum(Decimal(str(row[3].value)) for row in rows)
    assert total == sum((a.amount for a in plan.spend), Decimal(0))
    assert all(isinstance(row[3].value, int | float) and row[3].number_format == '#,##0.00 "EUR"' for row in rows)
    assert all(row[0].is_date for row in rows)


def test_boosts_and_summary(plan: Plan, scenario: Scenario) -> None:
    book = _book(plan, scenario)
    assert len(list(book["boosts"].iter_rows(min_row=2))) == len(plan.boosts)
    summary = {row[0]: row[1] for row in book["summary"].iter_rows(min_row=2, values_only=True)}
    assert Decimal(str(summary["spend"])) == plan.totals.spend
    assert summary["posts"] == plan.totals.posts and summary["time zone"] == "Europe/Berlin"


def test_a_formula_title_stays_text(plan: Plan, scenario: Scenario) -> None:
    items = [item.model_copy(update={"title": "=1+1"}) if item.id == "mug" else item for item in scenario.content]
    ws = _book(plan, scenario.model_copy(update={"content": items}))["posts"]
    cells = [row[4] for row in ws.iter_rows(min_row=2) if row[3].value == "mug"]
    assert cells and all(cell.value == "'=1+1" and cell.data_type == "s" for cell in cells)
