"""Excel workbook export (openpyxl): sheets posts, spend, boosts and summary.

Dates and times are real spreadsheet dates in the plan's time zone (Excel has no time zones; the
zone is named in the summary sheet and in the header), amounts are numbers with a currency number
format, and text a spreadsheet would run as a formula is escaped (see :mod:`mixplan.export.cells`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from mixplan.export.cells import escape_formula
from mixplan.export.facts import ExportFacts
from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
COUNT_FORMAT = "#,##0"
RATIO_FORMAT = "0.00"


def currency_format(currency: str) -> str:
    """The number format of money cells: thousands separators, two places and the ISO code."""
    return f'#,##0.00 "{currency}"'


def _naive(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return escape_formula(value)
    if isinstance(value, Decimal):
        return float(
            value.quantize(Decimal("0.01"))
        )  # a cell holds a binary double anyway; cents are exact to 2 places
    return value


def render_xlsx(plan: Plan, scenario: Scenario | None = None) -> bytes:
    """The plan as an .xlsx workbook with the sheets posts, spend, boosts and summary."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    facts = ExportFacts.of(plan, scenario)
    zone = ZoneInfo(plan.timezone)
    cash = currency_format(plan.currency)
    book = Workbook()
    bold = Font(bold=True)

    def sheet(title: str, header: Sequence[str], rows: list[list[Any]], formats: dict[int, str]) -> None:
        ws = book.create_sheet(title)
        ws.append(list(header))
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append([_cell(value) for value in row])
        for column, number_format in formats.items():
            for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.number_format = number_format
        for index, name in enumerate(header, start=1):
            ws.column_dimensions[ws.cell(1, index).column_letter].width = max(12, len(name) + 2)
        ws.freeze_panes = "A2"

    posts = sorted(plan.posts, key=lambda p: (p.start, p.channel_id, p.content_id))
    sheet(
        "posts",
        ("start", "channel", "platform", "content_id", "title", "category", "format", "impressions", "clicks",
         "expected_revenue"),
        [
            [_naive(p.start, zone), p.channel_id, facts.platform(p.channel_id), p.content_id, facts.title(p.content_id),
             facts.category(p.content_id), p.format, round(p.expected_impressions), round(p.expected_clicks, 2),
             p.expected_revenue]
            for p in posts
        ],
        {1: DATETIME_FORMAT, 8: COUNT_FORMAT, 9: RATIO_FORMAT, 10: cash},
    )  # fmt: skip
    spend = sorted(plan.spend, key=lambda a: (a.day, a.channel_id))
    sheet(
        "spend",
        ("date", "channel", "platform", "amount", "expected_revenue", "marginal_roas"),
        [
            [a.day, a.channel_id, facts.platform(a.channel_id), a.amount, a.expected_revenue, a.marginal_roas]
            for a in spend
        ],
        {1: DATE_FORMAT, 4: cash, 5: cash, 6: RATIO_FORMAT},
    )
    boosts = sorted(plan.boosts, key=lambda b: (b.start, b.channel_id, b.content_id))
    sheet(
        "boosts",
        ("start", "channel", "content_id", "title", "amount", "expected_revenue"),
        [
            [_naive(b.start, zone), b.channel_id, b.content_id, facts.title(b.content_id), b.amount, b.expected_revenue]
            for b in boosts
        ],
        {1: DATETIME_FORMAT, 5: cash, 6: cash},
    )
    totals = plan.totals
    summary_rows: list[tuple[str, Any, str | None]] = [
        ("scenario", plan.scenario_name, None),
        ("start", plan.start, DATE_FORMAT),
        ("days", plan.days, COUNT_FORMAT),
        ("time zone", plan.timezone, None),
        ("currency", plan.currency, None),
        ("spend", totals.spend, cash),
        ("ad spend", totals.ad_spend, cash),
        ("boost spend", totals.boost_spend, cash),
        ("expected revenue (blended)", totals.revenue, cash),
        ("paid revenue", totals.paid_revenue + totals.boost_revenue, cash),
        ("organic revenue", totals.organic_revenue, cash),
        ("paid ROAS", totals.roas, RATIO_FORMAT),
        ("posts", totals.posts, COUNT_FORMAT),
        ("status", plan.report.status, None),
    ]
    ws = book.active
    assert ws is not None
    ws.title = "summary"
    ws.append(["figure", "value"])
    for cell in ws[1]:
        cell.font = bold
    for label, value, number_format in summary_rows:
        ws.append([label, _cell(value)])
        if number_format is not None:
            ws.cell(ws.max_row, 2).number_format = number_format
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 40
    book.move_sheet("summary", offset=3)  # posts, spend, boosts, summary
    book.properties.created = plan.created_at.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    book.properties.modified = book.properties.created
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
