"""History import: a CSV of spend and revenue per channel and day, strictly validated, into the store.

The file has a header row. Required columns: ``date`` (YYYY-MM-DD), ``channel`` (the channel id
used in scenarios), ``spend`` and ``revenue`` (amounts with at most two decimals, no currency
sign). Optional columns: ``impressions``, ``clicks``, ``conversions`` (whole numbers, may be
empty). Every error names the line of the file (the header is line 1) and the column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from mixplan import csv_fields
from mixplan.csv_stream import (
    BATCH_ROWS,
    DEFAULT_MAX_ROWS,
    MAX_REPORTED_PROBLEMS,
    BadRow,
    OpenLines,
    batched,
    lines_of_file,
    lines_of_text,
    readable,
    stream_csv,
)
from mixplan.errors import InputError
from mixplan.model.base import split_field_mark
from mixplan.model.history import HistoryRow, HistoryValues
from pydantic import ValidationError

REQUIRED_COLUMNS = ("date", "channel", "spend", "revenue")
OPTIONAL_COLUMNS = ("impressions", "clicks", "conversions")
__all__ = [
    "BATCH_ROWS",
    "DEFAULT_MAX_ROWS",
    "MAX_REPORTED_PROBLEMS",
    "HistoryImportResult",
    "import_history",
    "parse_history_csv",
    "read_history_csv",
    "stream_history_rows",
    "summarize_history",
]

_DAY_BITS = 22  # date.max.toordinal() is 3,652,059 < 2**22: (channel index, day) packs into one int


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

    def upsert_history_batches(self, make_batches: Callable[[], Iterable[Sequence[HistoryValues]]]) -> UpsertCounts:
        """Write every batch `make_batches()` yields in one transaction (replacing stored channel-days).

        An exception from the batches rolls the whole transaction back; `make_batches` may be called
        again when the transaction is retried after a lock conflict.
        """
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


class HistoryReader:
    """The history CSV's rows for :func:`mixplan.csv_stream.stream_csv`: checked into stored values.

    The plain spellings are read by mixplan.csv_fields; any other row is validated by the
    :class:`HistoryRow` model, which words the errors. Also keeps the channels and days seen.
    """

    not_utf8 = "is not UTF-8 text; save the CSV as UTF-8"
    no_rows = "has a header but no data rows"

    def __init__(self) -> None:
        """Nothing seen yet."""
        self._names: list[str] = []
        self._required: tuple[int, int, int, int] = (0, 0, 0, 0)
        self._optional: tuple[int | None, ...] = ()
        self._channel_index: dict[str, int] = {}
        self.first_day: date | None = None
        self.last_day: date | None = None

    @property
    def channels(self) -> tuple[str, ...]:
        """The channels of the good rows, sorted."""
        return tuple(sorted(self._channel_index))

    def columns(self, source: str, header: list[str] | None) -> list[str]:
        """The header's columns; InputError when one is missing, unknown or repeated."""
        self._names = _check_header(source, header)
        position = {name: index for index, name in enumerate(self._names)}
        date_at, channel_at, spend_at, revenue_at = (position[name] for name in REQUIRED_COLUMNS)
        self._required = (date_at, channel_at, spend_at, revenue_at)
        self._optional = tuple(position.get(name) for name in OPTIONAL_COLUMNS)
        return self._names

    def parse(self, line: int, values: list[str]) -> HistoryValues:
        """One row as stored values; BadRow naming the line and column."""
        date_at, channel_at, spend_at, revenue_at = self._required
        channel = values[channel_at].strip()
        day = csv_fields.day(values[date_at].strip())
        spend = csv_fields.money_minor(values[spend_at].strip())
        revenue = csv_fields.money_minor(values[revenue_at].strip())
        counts: list[int | None] = []
        plain = (
            day is not None
            and spend is not None
            and revenue is not None
            and (channel in self._channel_index or csv_fields.identifier(channel) is not None)
        )
        for index in self._optional:
            raw = values[index].strip() if index is not None else ""
            number = csv_fields.count(raw) if raw else None
            plain = plain and (number is not None or not raw)
            counts.append(number)
        if plain:
            row = HistoryValues(channel, day, spend, revenue, *counts)  # type: ignore[arg-type]
        else:
            parsed = _parse_row(line, dict(zip(self._names, values, strict=True)))
            if isinstance(parsed, str):
                raise BadRow(parsed)
            row = HistoryValues.of(parsed)
        self._channel_index.setdefault(row.channel_id, len(self._channel_index))
        if self.first_day is None or row.day < self.first_day:
            self.first_day = row.day
        if self.last_day is None or row.day > self.last_day:
            self.last_day = row.day
        return row

    def key(self, row: HistoryValues) -> int:
        """(channel, day) packed into one small int."""
        return (self._channel_index[row.channel_id] << _DAY_BITS) | row.day.toordinal()

    def repeated(self, line: int, row: HistoryValues, earlier: int | None) -> str:
        """The repeat problem, naming both lines."""
        first = "?" if earlier is None else earlier
        return f"line {line}: {row.channel_id} on {row.day} already appears on line {first}"


def stream_history_values(
    open_lines: OpenLines,
    source: str = "history",
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    reader: HistoryReader | None = None,
) -> Iterator[HistoryValues]:
    """Check the CSV's rows one at a time and yield them as stored values; memory stays flat whatever the file size.

    Rows are yielded only while every row so far is good. At the end, if any row was bad (or a
    channel-day repeats, or there are more than `max_rows` rows), one :class:`InputError` lists
    the problems by line: a caller writing the rows inside a transaction rolls back on it, so
    nothing of a bad file is stored. `open_lines` gives the file's lines; it is called a second
    time only to name the earlier line of a repeated channel-day in the error.
    """
    return stream_csv(open_lines, source, reader if reader is not None else HistoryReader(), max_rows=max_rows)


def stream_history_rows(
    open_lines: OpenLines, source: str = "history", *, max_rows: int = DEFAULT_MAX_ROWS
) -> Iterator[HistoryRow]:
    """:func:`stream_history_values` as validated :class:`HistoryRow` models."""
    return (values.to_row() for values in stream_history_values(open_lines, source, max_rows=max_rows))


def parse_history_csv(text: str, source: str = "history", *, max_rows: int = DEFAULT_MAX_ROWS) -> list[HistoryRow]:
    """Parse and validate the CSV text; raises one :class:`InputError` listing the problems by line."""
    return list(stream_history_rows(lines_of_text(text), source, max_rows=max_rows))


def read_history_csv(path: Path, *, max_rows: int = DEFAULT_MAX_ROWS) -> list[HistoryRow]:
    """Read and validate a history CSV file (see the module docstring for the columns)."""
    path = readable(Path(path))
    return list(stream_history_rows(lines_of_file(path), str(path), max_rows=max_rows))


def import_history(
    path: Path,
    store: HistoryStore,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    progress: Callable[[int], None] | None = None,
) -> HistoryImportResult:
    """Stream the CSV at `path` into the store; rows of an already stored (day, channel) are updated.

    Rows are validated while they are read and written in batches of `BATCH_ROWS` inside one
    transaction; any bad row (or more than `max_rows` rows) raises :class:`InputError` and rolls
    the transaction back, so nothing is stored. `progress(rows_written)` is called after each batch.
    """
    path = readable(Path(path))
    readers: list[HistoryReader] = []

    def make_batches() -> Iterator[list[HistoryValues]]:
        readers.append(HistoryReader())  # a retried transaction reads the file again with a fresh reader
        values = stream_history_values(lines_of_file(path), str(path), max_rows=max_rows, reader=readers[-1])
        return batched(values, BATCH_ROWS, progress)

    counts = store.upsert_history_batches(make_batches)
    reader = readers[-1]
    return HistoryImportResult(
        rows=counts.inserted + counts.updated,
        inserted=counts.inserted,
        updated=counts.updated,
        channels=reader.channels,
        first_day=reader.first_day,
        last_day=reader.last_day,
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
