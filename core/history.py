"""History import: a CSV of spend and revenue per channel and day, strictly validated, into the store.

The file has a header row. Required columns: ``date`` (YYYY-MM-DD), ``channel`` (the channel id
used in scenarios), ``spend`` and ``revenue`` (amounts with at most two decimals, no currency
sign). Optional columns: ``impressions``, ``clicks``, ``conversions`` (whole numbers, may be
empty). Every error names the line of the file (the header is line 1) and the column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from mixplan.errors import InputError
from mixplan.model.base import split_field_mark
from mixplan.model.history import HistoryRow
from pydantic import ValidationError

REQUIRED_COLUMNS = ("date", "channel", "spend", "revenue")
OPTIONAL_COLUMNS = ("impressions", "clicks", "conversions")
MAX_REPORTED_PROBLEMS = 10


class UpsertCounts(Protocol):
    """How many stored channel-days an upsert created and overwrote."""

    @property
    def inserted(self) -> int:
        """Channel-days that were not stored before."""
        ...

    @property
    def updated(self) -> int:
        """Channel-days whose stored row was replaced."""
        ...


class HistoryStore(Protocol):
    """The part of :class:`mixplan.storage.Store` that history import needs."""

    def upsert_history(self, rows: Sequence[HistoryRow]) -> UpsertCounts:
        """Insert rows, replacing the stored row of the same (day, channel), in one transaction."""
        ...


@dataclass(frozen=True)
class HistoryImportResult:
    """What an import did: rows read, new and replaced (day, channel) pairs, channels and date range."""

    rows: int
    inserted: int
    updated: int
    channels: tuple[str, ...]
    first_day: date | None
    last_day: date | None


def _field_problem(error: ValidationError) -> tuple[str, str]:
    """The first problem of a pydantic error as (field, message) without echoing the input value."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "row"
    name, message = split_field_mark(str(first["msg"]).removeprefix("Value error, "))
    return name or field, message


_COLUMN_OF_FIELD = {"day": "date", "channel_id": "channel"}


def _parse_row(line: int, record: dict[str, str]) -> HistoryRow | str:
    """One data row as a HistoryRow, or a problem sentence naming the line and column."""
    values: dict[str, object] = {
        "day": record["date"].strip(),
        "channel_id": record["channel"].strip(),
        "spend": record["spend"].strip(),
        "revenue": record["revenue"].strip(),
    }
    for column in OPTIONAL_COLUMNS:
        raw = (record.get(column) or "").strip()
        if raw:
            values[column] = raw
    for column in REQUIRED_COLUMNS:
        if not record[column].strip():
            return f"line {line}, column {column}: is empty"
    try:
        return HistoryRow.model_validate(values)
    except ValidationError as error:
        field, message = _field_problem(error)
        column = _COLUMN_OF_FIELD.get(field, field)
        raw = record.get(column, "")
        shown = "" if raw in message else f" (got {raw!r:.40})"
        return f"line {line}, column {column}: {message}{shown}"


def _check_header(source: str, header: Sequence[str] | None) -> list[str]:
    if not header:
        raise InputError(source, "is empty; expected a header row: date,channel,spend,revenue")
    columns = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    unknown = [name for name in columns if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    duplicated = sorted({name for name in columns if columns.count(name) > 1})
    if missing or unknown or duplicated:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(unknown)}")
        if duplicated:
            parts.append(f"repeated column(s) {', '.join(duplicated)}")
        allowed = ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
        raise InputError(f"{source} line 1", f"{'; '.join(parts)}; the columns are {allowed}")
    return columns


def parse_history_csv(text: str, source: str = "history") -> list[HistoryRow]:
    """Parse and validate the CSV text; raises one :class:`InputError` listing the problems by line."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader, None)
        columns = _check_header(source, header)
        rows: list[HistoryRow] = []
        problems: list[str] = []
        seen: dict[tuple[date, str], int] = {}
        for record_values in reader:
            line = reader.line_num
            if not any(value.strip() for value in record_values):
                continue
            if len(record_values) != len(columns):
                problems.append(f"line {line}: has {len(record_values)} fields, the header has {len(columns)}")
                continue
            parsed = _parse_row(line, dict(zip(columns, record_values, strict=True)))
            if isinstance(parsed, str):
                problems.append(parsed)
                continue
            key = (parsed.day, parsed.channel_id)
            if key in seen:
                problems.append(f"line {line}: {parsed.channel_id} on {parsed.day} already appears on line {seen[key]}")
                continue
            seen[key] = line
            rows.append(parsed)
    except csv.Error as error:
        raise InputError(f"{source} line {reader.line_num}", f"is not valid CSV: {error}") from None
    if problems:
        shown = "; ".join(problems[:MAX_REPORTED_PROBLEMS])
        more = len(problems) - MAX_REPORTED_PROBLEMS
        suffix = f"; and {more} more problem(s)" if more > 0 else ""
        raise InputError(source, f"{len(problems)} bad row(s), nothing imported: {shown}{suffix}")
    if not rows:
        raise InputError(source, "has a header but no data rows")
    return rows


def read_history_csv(path: Path) -> list[HistoryRow]:
    """Read and validate a history CSV file (see the module docstring for the columns)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "file not found") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "is not UTF-8 text; save the CSV as UTF-8") from None
    except OSError as error:
        raise InputError(str(path), f"cannot be read: {error.strerror}") from None
    return parse_history_csv(text, source=str(path))


def import_history(path: Path, store: HistoryStore) -> HistoryImportResult:
    """Validate the CSV at `path` and store its rows; rows of an already stored (day, channel) are updated.

    Nothing is stored when any row is bad.
    """
    rows = read_history_csv(Path(path))
    counts = store.upsert_history(rows)
    return HistoryImportResult(
        rows=len(rows),
        inserted=counts.inserted,
        updated=counts.updated,
        channels=tuple(sorted({row.channel_id for row in rows})),
        first_day=min(row.day for row in rows),
        last_day=max(row.day for row in rows),
    )


def history_csv_text(rows: Iterable[HistoryRow]) -> str:
    """Rows as CSV text in the import format (optional columns only when some row has them)."""
    materialized = list(rows)
    optional = [name for name in OPTIONAL_COLUMNS if any(getattr(row, name) is not None for row in materialized)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*REQUIRED_COLUMNS, *optional])
    for row in sorted(materialized, key=lambda r: (r.day, r.channel_id)):
        extra = ["" if getattr(row, name) is None else getattr(row, name) for name in optional]
        writer.writerow([row.day.isoformat(), row.channel_id, row.spend, row.revenue, *extra])
    return buffer.getvalue()


@dataclass(frozen=True)
class ChannelHistorySummary:
    """One channel's stored history in numbers, for ``mixplan history show``."""

    channel_id: str
    days: int
    first_day: date
    last_day: date
    total_spend: str
    total_revenue: str
    roas: float | None


def summarize_history(rows: Iterable[HistoryRow]) -> list[ChannelHistorySummary]:
    """Per-channel days, date range, total spend and revenue and ROAS, sorted by channel id."""
    by_channel: dict[str, list[HistoryRow]] = {}
    for row in rows:
        by_channel.setdefault(row.channel_id, []).append(row)
    summaries = []
    for channel_id, mine in sorted(by_channel.items()):
        spend = sum((row.spend for row in mine), start=type(mine[0].spend)(0))
        revenue = sum((row.revenue for row in mine), start=type(mine[0].revenue)(0))
        summaries.append(
            ChannelHistorySummary(
                channel_id=channel_id,
                days=len(mine),
                first_day=min(row.day for row in mine),
                last_day=max(row.day for row in mine),
                total_spend=f"{spend:.2f}",
                total_revenue=f"{revenue:.2f}",
                roas=float(revenue / spend) if spend > 0 else None,
            )
        )
    return summaries
