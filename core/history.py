"""History import: a CSV of spend and revenue per channel and day, strictly validated, into the store.

The file has a header row. Required columns: ``date`` (YYYY-MM-DD), ``channel`` (the channel id
used in scenarios), ``spend`` and ``revenue`` (amounts with at most two decimals, no currency
sign). Optional columns: ``impressions``, ``clicks``, ``conversions`` (whole numbers, may be
empty). Every error names the line of the file (the header is line 1) and the column.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
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


DEFAULT_MAX_ROWS = 5_000_000
"""Most data rows one import accepts unless told otherwise (``--max-rows``): about 13 years of 1,000 channels."""

BATCH_ROWS = 5_000
"""Rows written per executemany batch: large enough to be fast, small enough to stay flat in memory."""

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

    def upsert_history_batches(self, make_batches: Callable[[], Iterable[Sequence[HistoryRow]]]) -> UpsertCounts:
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


@dataclass
class _Repeat:
    """A channel-day seen before; the earlier line is looked up only when the error is reported."""

    line: int
    channel_id: str
    day: date


@dataclass
class HistoryTally:
    """What a streamed read has seen so far: rows, channels and date range (updated while streaming)."""

    rows: int = 0
    channels: set[str] = field(default_factory=set)
    first_day: date | None = None
    last_day: date | None = None

    def reset(self) -> None:
        """Start counting again (a retried transaction reads the file again)."""
        self.rows, self.channels, self.first_day, self.last_day = 0, set(), None, None


def _lines_of(text: str) -> Callable[[], Iterator[str]]:
    return lambda: iter(io.StringIO(text))


def _lines_of_file(path: Path) -> Callable[[], Iterator[str]]:
    def open_lines() -> Iterator[str]:
        with path.open(encoding="utf-8", newline="") as handle:
            yield from handle

    return open_lines


def _first_lines(open_lines: Callable[[], Iterator[str]], wanted: set[tuple[str, date]]) -> dict[tuple[str, date], int]:
    """Line of the first occurrence of each wanted (channel, day): a second pass, only for error messages."""
    found: dict[tuple[str, date], int] = {}
    reader = csv.reader(_without_bom(open_lines()))
    columns = [name.strip().lower() for name in next(reader, [])]
    for values in reader:
        if len(values) != len(columns):
            continue
        record = dict(zip(columns, values, strict=True))
        try:
            key = (record["channel"].strip(), date.fromisoformat(record["date"].strip()))
        except ValueError:
            continue
        if key in wanted and key not in found:
            found[key] = reader.line_num
            if len(found) == len(wanted):
                break
    return found


def _without_bom(lines: Iterator[str]) -> Iterator[str]:
    first = next(lines, None)
    if first is None:
        return
    yield first.lstrip("\ufeff")
    yield from lines


def stream_history_rows(
    open_lines: Callable[[], Iterator[str]],
    source: str = "history",
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    tally: HistoryTally | None = None,
) -> Iterator[HistoryRow]:
    """Validate the CSV's rows one at a time and yield them; memory stays flat whatever the file size.

    Rows are yielded only while every row so far is good. At the end, if any row was bad (or a
    channel-day repeats, or there are more than `max_rows` rows), one :class:`InputError` lists
    the problems by line: a caller writing the rows inside a transaction rolls back on it, so
    nothing of a bad file is stored. `open_lines` gives the file's lines; it is called a second
    time only to name the earlier line of a repeated channel-day in the error.
    """
    tally = tally if tally is not None else HistoryTally()
    reader = csv.reader(_without_bom(open_lines()))
    problems: list[str | _Repeat] = []
    problem_count = 0
    channel_index: dict[str, int] = {}
    seen: set[int] = set()
    try:
        columns = _check_header(source, next(reader, None))
        width = len(columns)
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            tally.rows += 1
            if tally.rows > max_rows:
                raise InputError(
                    source,
                    f"has more than {max_rows:,} data rows, the import limit; split the file or raise the limit "
                    "(--max-rows); nothing imported",
                )
            problem: str | _Repeat | None = None
            if len(values) != width:
                problem = f"line {line}: has {len(values)} fields, the header has {width}"
            else:
                parsed = _parse_row(line, dict(zip(columns, values, strict=True)))
                if isinstance(parsed, str):
                    problem = parsed
                else:
                    index = channel_index.setdefault(parsed.channel_id, len(channel_index))
                    key = (index << _DAY_BITS) | parsed.day.toordinal()
                    if key in seen:
                        problem = _Repeat(line, parsed.channel_id, parsed.day)
                    else:
                        seen.add(key)
                        if tally.first_day is None or parsed.day < tally.first_day:
                            tally.first_day = parsed.day
                        if tally.last_day is None or parsed.day > tally.last_day:
                            tally.last_day = parsed.day
                        if not problem_count:
                            yield parsed
            if problem is not None:
                problem_count += 1
                if len(problems) < MAX_REPORTED_PROBLEMS:
                    problems.append(problem)
    except csv.Error as error:
        raise InputError(f"{source} line {reader.line_num}", f"is not valid CSV: {error}") from None
    except UnicodeDecodeError:
        raise InputError(source, "is not UTF-8 text; save the CSV as UTF-8") from None
    tally.channels = set(channel_index)
    if problem_count:
        raise InputError.bad_rows(source, _problem_texts(problems, open_lines), problem_count)
    if not tally.rows:
        raise InputError(source, "has a header but no data rows")


def _problem_texts(problems: list[str | _Repeat], open_lines: Callable[[], Iterator[str]]) -> list[str]:
    repeats = {(p.channel_id, p.day) for p in problems if isinstance(p, _Repeat)}
    earlier = _first_lines(open_lines, repeats) if repeats else {}
    texts = [
        p
        if isinstance(p, str)
        else f"line {p.line}: {p.channel_id} on {p.day} already appears on line "
        f"{earlier.get((p.channel_id, p.day), '?')}"
        for p in problems
    ]
    return texts


def parse_history_csv(text: str, source: str = "history", *, max_rows: int = DEFAULT_MAX_ROWS) -> list[HistoryRow]:
    """Parse and validate the CSV text; raises one :class:`InputError` listing the problems by line."""
    return list(stream_history_rows(_lines_of(text), source, max_rows=max_rows))


def _readable(path: Path) -> Path:
    try:
        with path.open("rb"):
            pass
    except FileNotFoundError:
        raise InputError(str(path), "file not found") from None
    except OSError as error:
        raise InputError(str(path), f"cannot be read: {error.strerror}") from None
    return path


def read_history_csv(path: Path, *, max_rows: int = DEFAULT_MAX_ROWS) -> list[HistoryRow]:
    """Read and validate a history CSV file (see the module docstring for the columns)."""
    path = _readable(Path(path))
    return list(stream_history_rows(_lines_of_file(path), str(path), max_rows=max_rows))


def _batches(
    rows: Iterator[HistoryRow], size: int, progress: Callable[[int], None] | None
) -> Iterator[list[HistoryRow]]:
    done = 0
    while batch := list(itertools.islice(rows, size)):
        yield batch
        done += len(batch)
        if progress is not None:
            progress(done)


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
    path = _readable(Path(path))
    tally = HistoryTally()

    def make_batches() -> Iterator[list[HistoryRow]]:
        tally.reset()
        rows = stream_history_rows(_lines_of_file(path), str(path), max_rows=max_rows, tally=tally)
        return _batches(rows, BATCH_ROWS, progress)

    counts = store.upsert_history_batches(make_batches)
    return HistoryImportResult(
        rows=tally.rows,
        inserted=counts.inserted,
        updated=counts.updated,
        channels=tuple(sorted(tally.channels)),
        first_day=tally.first_day,
        last_day=tally.last_day,
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
