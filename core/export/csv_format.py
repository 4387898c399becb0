"""CSV exports for spreadsheets: posts, spend and boosts, one table each, or all three in a zip.

Every file is UTF-8 with a byte-order mark (so spreadsheet programs detect the encoding), has a
header row, uses ISO 8601 dates and times, and writes money as plain decimals with two places.
The delimiter and the decimal mark follow :class:`~mixplan.exporters.ExportOptions` (a German or
French Excel wants ``;`` and ``,``); text cells a spreadsheet would run as a formula are escaped
(see :mod:`mixplan.export.cells`).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from mixplan.export.cells import escape_formula, is_plain_number
from mixplan.export.facts import ExportFacts, money, number
from mixplan.exporters import ExportOptions
from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario

ENCODING = "utf-8-sig"

POST_COLUMNS = (
    "start",
    "date",
    "time",
    "weekday",
    "channel",
    "platform",
    "content_id",
    "title",
    "category",
    "format",
    "expected_impressions",
    "expected_engagements",
    "expected_clicks",
    "expected_revenue",
    "currency",
)
SPEND_COLUMNS = (
    "date",
    "weekday",
    "channel",
    "platform",
    "amount",
    "expected_revenue",
    "marginal_roas",
    "currency",
)
BOOST_COLUMNS = (
    "start",
    "date",
    "channel",
    "platform",
    "content_id",
    "title",
    "amount",
    "expected_revenue",
    "currency",
)


DEFAULT_OPTIONS = ExportOptions()


def _cell(text: str, options: ExportOptions) -> str:
    if is_plain_number(text):
        return text.replace(".", options.decimal)
    return escape_formula(text)


def _table(columns: Sequence[str], rows: Iterable[Sequence[str]], options: ExportOptions) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=options.delimiter)
    writer.writerow(columns)
    writer.writerows([_cell(text, options) for text in row] for row in rows)
    return buffer.getvalue().encode(ENCODING)


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone)


def posts_csv(plan: Plan, scenario: Scenario | None = None, options: ExportOptions = DEFAULT_OPTIONS) -> bytes:
    """One row per scheduled post, in time order, with local date and time in the plan's zone."""
    facts = ExportFacts.of(plan, scenario)
    zone = ZoneInfo(plan.timezone)
    rows = []
    for post in sorted(plan.posts, key=lambda p: (p.start, p.channel_id, p.content_id)):
        local = _local(post.start, zone)
        rows.append(
            (
                local.isoformat(),
                local.date().isoformat(),
                local.strftime("%H:%M"),
                local.strftime("%A"),
                post.channel_id,
                facts.platform(post.channel_id),
                post.content_id,
                facts.title(post.content_id),
                facts.category(post.content_id),
                post.format,
                number(post.expected_impressions),
                number(post.expected_engagements),
                number(post.expected_clicks),
                money(post.expected_revenue),
                plan.currency,
            )
        )
    return _table(POST_COLUMNS, rows, options)


def spend_csv(plan: Plan, scenario: Scenario | None = None, options: ExportOptions = DEFAULT_OPTIONS) -> bytes:
    """One row per channel and day with paid spend, in date order."""
    facts = ExportFacts.of(plan, scenario)
    rows = []
    for allocation in sorted(plan.spend, key=lambda a: (a.day, a.channel_id)):
        rows.append(
            (
                allocation.day.isoformat(),
                allocation.day.strftime("%A"),
                allocation.channel_id,
                facts.platform(allocation.channel_id),
                money(allocation.amount),
                money(allocation.expected_revenue),
                "" if allocation.marginal_roas is None else number(allocation.marginal_roas, 4),
                plan.currency,
            )
        )
    return _table(SPEND_COLUMNS, rows, options)


def boosts_csv(plan: Plan, scenario: Scenario | None = None, options: ExportOptions = DEFAULT_OPTIONS) -> bytes:
    """One row per boosted post, in time order."""
    facts = ExportFacts.of(plan, scenario)
    zone = ZoneInfo(plan.timezone)
    rows = []
    for boost in sorted(plan.boosts, key=lambda b: (b.start, b.channel_id, b.content_id)):
        local = _local(boost.start, zone)
        rows.append(
            (
                local.isoformat(),
                local.date().isoformat(),
                boost.channel_id,
                facts.platform(boost.channel_id),
                boost.content_id,
                facts.title(boost.content_id),
                money(boost.amount),
                money(boost.expected_revenue),
                plan.currency,
            )
        )
    return _table(BOOST_COLUMNS, rows, options)


def csv_zip(plan: Plan, scenario: Scenario | None = None, options: ExportOptions = DEFAULT_OPTIONS) -> bytes:
    """A zip holding posts.csv, spend.csv and boosts.csv (fixed timestamps, so the bytes are stable)."""
    buffer = io.BytesIO()
    stamp = (plan.created_at.year, plan.created_at.month, plan.created_at.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in (
            ("posts.csv", posts_csv(plan, scenario, options)),
            ("spend.csv", spend_csv(plan, scenario, options)),
            ("boosts.csv", boosts_csv(plan, scenario, options)),
        ):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()
