"""`mixplan actuals import FILE`: published posts' results and delivered spend per channel-day.

One file holds two kinds of row (CSV with a header row, or JSON):

- a **post** row: ``content``, ``channel``, ``published_at`` (ISO 8601 with an offset), and the
  counts ``impressions``, ``engagements``, ``clicks``, ``orders`` and the attributed ``revenue``
  (missing counts are 0);
- a **channel-day** row: ``date``, ``channel``, delivered ``spend`` and attributed ``revenue``
  (optionally ``impressions``, ``clicks``, ``orders``). These go into the same ``history`` table
  `mixplan history import` fills: one table, not two copies.

A CSV may say which kind a row is in a ``kind`` column (``post`` or ``day``); without one, a row
with a ``content`` value is a post row. JSON is ``{"posts": [...], "days": [...]}`` or a list of
objects with a ``kind`` field (or a ``content`` field for post rows). Every problem names its row
(``line N`` of the CSV, ``posts[i]`` / ``days[i]`` / ``[i]`` of JSON) and its column; a file with
any bad row stores nothing. Rows whose key is stored already are overwritten (an upsert).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date
from pathlib import Path
from typing import Any, Protocol

from mixplan import csv_fields
from mixplan.csv_stream import (
    BATCH_ROWS,
    DEFAULT_MAX_ROWS,
    MAX_REPORTED_PROBLEMS,
    BadRow,
    batched,
    lines_of_file,
    readable,
    stream_csv,
)
from mixplan.errors import InputError
from mixplan.model.actuals import PostActual, PostValues
from mixplan.model.history import HistoryRow, HistoryValues
from pydantic import ValidationError

POST_COLUMNS = ("content", "channel", "published_at", "impressions", "engagements", "clicks", "orders", "revenue")
DAY_COLUMNS = ("date", "channel", "spend", "revenue", "impressions", "clicks", "orders")
COLUMNS = ("kind", *dict.fromkeys(POST_COLUMNS + DAY_COLUMNS))
_POST_FIELDS = {"content": "content_id", "channel": "channel_id"}
_DAY_FIELDS = {"date": "day", "channel": "channel_id", "orders": "conversions"}

__all__ = [
    "BATCH_ROWS",
    "DEFAULT_MAX_ROWS",
    "MAX_REPORTED_PROBLEMS",
    "Actuals",
    "ActualsImportResult",
    "import_actuals",
    "parse_actuals_csv",
    "parse_actuals_json",
    "read_actuals",
    "store_actuals",
]


class ActualsStore(Protocol):
    """The part of :class:`mixplan.storage.Store` the import needs."""

    def upsert_actuals(self, posts: Sequence[PostActual], days: Sequence[HistoryRow]) -> Any:
        """Store both kinds of row in one transaction."""
        ...


class StreamingActualsStore(ActualsStore, Protocol):
    """A store that also takes batches in one transaction (streamed CSV imports)."""

    def upsert_actuals_batches(
        self, make_batches: Callable[[], Iterable[tuple[Sequence[PostValues], Sequence[HistoryValues]]]]
    ) -> Any:
        """Store every batch `make_batches()` yields in one transaction."""
        ...


@dataclass(frozen=True)
class Actuals:
    """A validated actuals file: post rows and channel-day rows."""

    posts: list[PostActual]
    days: list[HistoryRow]


@dataclass(frozen=True)
class ActualsImportResult:
    """What an import stored: rows of each kind, new and replaced, and the days covered."""

    posts: int
    days: int
    posts_inserted: int
    posts_updated: int
    days_inserted: int
    days_updated: int
    first_day: date | None
    last_day: date | None


def _problem(error: ValidationError, names: Mapping[str, str]) -> str:
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "row"
    column = next((col for col, name in names.items() if name == field), field)
    return f"column {column}: {str(first['msg']).removeprefix('Value error, ')}"


def _parse(where: str, values: Mapping[str, Any]) -> PostActual | HistoryRow | str:
    """One row (CSV strings or JSON values) as a post or channel-day actual, or a problem sentence."""
    present = {key: value for key, value in values.items() if value not in (None, "")}
    kind = str(present.pop("kind", "")).strip().lower()
    if kind not in ("", "post", "day"):
        return f"{where}, column kind: is {kind!r}; use post or day"
    if kind == "post" or (not kind and "content" in present):
        unknown = sorted(set(present) - set(POST_COLUMNS))
        if unknown:
            return f"{where}: post rows have no column(s) {', '.join(unknown)}"
        for column in ("content", "channel", "published_at"):
            if column not in present:
                return f"{where}, column {column}: is missing (needed on a post row)"
        fields = {_POST_FIELDS.get(k, k): v.strip() if isinstance(v, str) else v for k, v in present.items()}
        try:
            return PostActual.model_validate(fields)
        except ValidationError as error:
            return f"{where}, {_problem(error, _POST_FIELDS)}"
    unknown = sorted(set(present) - set(DAY_COLUMNS))
    if unknown:
        return f"{where}: channel-day rows have no column(s) {', '.join(unknown)} (a post row needs content)"
    for column in ("date", "channel", "spend", "revenue"):
        if column not in present:
            return f"{where}, column {column}: is missing (needed on a channel-day row)"
    fields = {_DAY_FIELDS.get(k, k): v.strip() if isinstance(v, str) else v for k, v in present.items()}
    try:
        return HistoryRow.model_validate(fields)
    except ValidationError as error:
        return f"{where}, {_problem(error, _DAY_FIELDS)}"


def _collect(source: str, rows: Sequence[tuple[str, Mapping[str, Any]]]) -> Actuals:
    posts: list[PostActual] = []
    days: list[HistoryRow] = []
    problems: list[str] = []
    seen: dict[tuple[object, ...], str] = {}
    for where, values in rows:
        parsed = _parse(where, values)
        if isinstance(parsed, str):
            problems.append(parsed)
            continue
        if isinstance(parsed, PostActual):
            key: tuple[object, ...] = (
                "post",
                parsed.channel_id,
                parsed.content_id,
                parsed.published_at.astimezone(UTC),
            )
            what = f"{parsed.content_id} on {parsed.channel_id} at {parsed.published_at.isoformat()}"
        else:
            key = ("day", parsed.channel_id, parsed.day)
            what = f"{parsed.channel_id} on {parsed.day.isoformat()}"
        if key in seen:
            problems.append(f"{where}: {what} already appears at {seen[key]}")
            continue
        seen[key] = where
        (posts if isinstance(parsed, PostActual) else days).append(parsed)  # type: ignore[arg-type]
    if problems:
        raise InputError.bad_rows(source, problems)
    if not posts and not days:
        raise InputError(source, "has no data rows")
    return Actuals(posts=posts, days=days)


def _columns(source: str, header: list[str] | None) -> list[str]:
    """The header row's column names, lower-cased; InputError when empty, unknown or repeated."""
    if not header:
        raise InputError(source, "is empty; expected a header row such as content,channel,published_at,…")
    columns = [name.strip().lower() for name in header]
    unknown = [name for name in columns if name not in COLUMNS]
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    if unknown or repeated:
        problem = f"unknown column(s) {', '.join(unknown)}" if unknown else f"repeated column(s) {', '.join(repeated)}"
        raise InputError(f"{source} line 1", f"{problem}; the columns are {', '.join(COLUMNS)}")
    return columns


def parse_actuals_csv(text: str, source: str = "actuals") -> Actuals:
    """Validate CSV text with a header row (columns: see the module docstring)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        columns = _columns(source, next(reader, None))
        rows: list[tuple[str, Mapping[str, Any]]] = []
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(columns):
                raise InputError(
                    f"{source} line {line}",
                    f"has {len(values)} fields, the header has {len(columns)}; nothing imported",
                )
            rows.append((f"line {line}", dict(zip(columns, values, strict=True))))
    except csv.Error as error:
        raise InputError(f"{source} line {reader.line_num}", f"is not valid CSV: {error}") from None
    return _collect(source, rows)


def parse_actuals_json(text: str, source: str = "actuals") -> Actuals:
    """Validate a JSON document: ``{"posts": [...], "days": [...]}`` or a list of row objects."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{source} line {error.lineno}", f"is not valid JSON: {error.msg}") from None
    rows: list[tuple[str, Mapping[str, Any]]] = []
    if isinstance(document, dict):
        extra = sorted(set(document) - {"posts", "days"})
        if extra:
            raise InputError(source, f"has unknown key(s) {', '.join(extra)}; use posts and days")
        for name, kind in (("posts", "post"), ("days", "day")):
            entries = document.get(name, [])
            if not isinstance(entries, list):
                raise InputError(f"{source} {name}", "must be a list of objects")
            for index, entry in enumerate(entries):
                if not isinstance(entry, dict):
                    raise InputError(f"{source} {name}[{index}]", "must be an object")
                rows.append((f"{name}[{index}]", {**entry, "kind": kind}))
    elif isinstance(document, list):
        for index, entry in enumerate(document):
            if not isinstance(entry, dict):
                raise InputError(f"{source} [{index}]", "must be an object")
            rows.append((f"[{index}]", {str(k): v for k, v in entry.items()}))
    else:
        raise InputError(source, 'must be {"posts": [...], "days": [...]} or a list of rows')
    return _collect(source, [(where, {k: _text(v) for k, v in values.items()}) for where, values in rows])


def _text(value: Any) -> Any:
    """JSON numbers for money arrive as floats; keep their text so no binary rounding creeps in."""
    return repr(value) if isinstance(value, float) else value


_DAY_BITS = 22  # as in mixplan.history: (channel index, day) packs into one int
_NOT_PLAIN = object()


class ActualsReader:
    """The actuals CSV's rows for :func:`mixplan.csv_stream.stream_csv`: checked into stored values.

    The plain spellings are read by mixplan.csv_fields; any other row goes through `_parse` and
    the models, which word the errors. Also keeps the range of days seen.
    """

    not_utf8 = "is not UTF-8 text; save it as UTF-8"
    no_rows = "has no data rows"

    def __init__(self) -> None:
        """Nothing seen yet."""
        self._names: list[str] = []
        self._at: dict[str, int] = {}
        self._not_post: tuple[int, ...] = ()
        self._not_day: tuple[int, ...] = ()
        self._channel_index: dict[str, int] = {}
        self.first_day: date | None = None
        self.last_day: date | None = None

    def columns(self, source: str, header: list[str] | None) -> list[str]:
        """The header's columns; InputError when one is unknown or repeated."""
        self._names = _columns(source, header)
        self._at = {name: index for index, name in enumerate(self._names)}
        self._not_post = tuple(i for i, name in enumerate(self._names) if name not in (*POST_COLUMNS, "kind"))
        self._not_day = tuple(i for i, name in enumerate(self._names) if name not in (*DAY_COLUMNS, "kind"))
        return self._names

    def _raw(self, values: list[str], name: str) -> str:
        index = self._at.get(name)
        return "" if index is None else values[index]

    def parse(self, line: int, values: list[str]) -> PostValues | HistoryValues:
        """One row as stored values; BadRow naming the line and column."""
        kind = self._raw(values, "kind").strip().lower()
        post = kind == "post" or (not kind and self._raw(values, "content") != "")
        plain: tuple[PostValues | HistoryValues, date] | None = None
        if post:
            plain = self._plain_post(values)
        elif kind in ("", "day"):
            plain = self._plain_day(values)
        if plain is None:
            plain = self._checked(line, values)
        row, day = plain
        if isinstance(row, HistoryValues):
            self._channel_index.setdefault(row.channel_id, len(self._channel_index))
        self.first_day = day if self.first_day is None else min(self.first_day, day)
        self.last_day = day if self.last_day is None else max(self.last_day, day)
        return row

    def _checked(self, line: int, values: list[str]) -> tuple[PostValues | HistoryValues, date]:
        """A row that is not written plainly, validated by the models (which word the errors)."""
        parsed = _parse(f"line {line}", dict(zip(self._names, values, strict=True)))
        if isinstance(parsed, str):
            raise BadRow(parsed)
        if isinstance(parsed, HistoryRow):
            return HistoryValues.of(parsed), parsed.day
        try:
            return PostValues.of(parsed), parsed.published_at.date()
        except OverflowError:
            raise BadRow(f"line {line}, column published_at: is out of range once converted to UTC") from None

    def _plain_post(self, values: list[str]) -> tuple[PostValues, date] | None:
        """A post row written plainly, read without the model; None for anything else."""
        if any(values[index] for index in self._not_post):
            return None
        content = csv_fields.identifier(self._raw(values, "content").strip())
        channel = csv_fields.identifier(self._raw(values, "channel").strip())
        when = csv_fields.aware_time(self._raw(values, "published_at").strip())
        impressions, engagements, clicks, orders = (
            self._count(values, name, 0) for name in ("impressions", "engagements", "clicks", "orders")
        )
        raw_revenue = self._raw(values, "revenue")
        revenue = csv_fields.money_minor(raw_revenue.strip()) if raw_revenue else 0
        if content is None or channel is None or when is None or revenue is None:
            return None
        if not (
            isinstance(impressions, int)
            and isinstance(engagements, int)
            and isinstance(clicks, int)
            and isinstance(orders, int)
        ):
            return None
        return PostValues(channel, content, when[0], impressions, engagements, clicks, orders, revenue), when[1]

    def _plain_day(self, values: list[str]) -> tuple[HistoryValues, date] | None:
        """A channel-day row written plainly, read without the model; None for anything else."""
        if any(values[index] for index in self._not_day):
            return None
        day = csv_fields.day(self._raw(values, "date").strip())
        channel = self._raw(values, "channel").strip()
        spend = csv_fields.money_minor(self._raw(values, "spend").strip())
        revenue = csv_fields.money_minor(self._raw(values, "revenue").strip())
        impressions, clicks, orders = (self._count(values, name, None) for name in ("impressions", "clicks", "orders"))
        if day is None or spend is None or revenue is None:
            return None
        if channel not in self._channel_index and csv_fields.identifier(channel) is None:
            return None
        if _NOT_PLAIN in (impressions, clicks, orders):
            return None
        return HistoryValues(channel, day, spend, revenue, impressions, clicks, orders), day  # type: ignore[arg-type]

    def _count(self, values: list[str], name: str, missing: int | None) -> int | object | None:
        """The count in column `name`: `missing` when empty, _NOT_PLAIN when not plain digits."""
        raw = self._raw(values, name)
        if not raw:
            return missing
        number = csv_fields.count(raw.strip())
        return _NOT_PLAIN if number is None else number

    def key(self, row: PostValues | HistoryValues) -> Hashable:
        """A channel-day packed into one int; a post's key as a 12-byte digest (small: one is kept per row)."""
        if isinstance(row, HistoryValues):
            return (self._channel_index[row.channel_id] << _DAY_BITS) | row.day.toordinal()
        text = f"{row.channel_id}\x00{row.content_id}\x00{row.published_at.isoformat()}"
        return hashlib.blake2b(text.encode(), digest_size=12).digest()

    def repeated(self, line: int, row: PostValues | HistoryValues, earlier: int | None) -> str:
        """The repeat problem, naming both lines."""
        if isinstance(row, HistoryValues):
            what = f"{row.channel_id} on {row.day.isoformat()}"
        else:
            what = f"{row.content_id} on {row.channel_id} at {row.published_at.isoformat()}"
        return f"line {line}: {what} already appears at line {'?' if earlier is None else earlier}"


def read_actuals(path: Path) -> Actuals:
    """Read and validate an actuals file whole; ``.json`` is JSON, anything else CSV."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "file not found") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "is not UTF-8 text; save it as UTF-8") from None
    except OSError as error:
        raise InputError(str(path), f"cannot be read: {error.strerror}") from None
    if path.suffix.lower() == ".json":
        return parse_actuals_json(text, source=str(path))
    return parse_actuals_csv(text, source=str(path))


def store_actuals(actuals: Actuals, store: ActualsStore) -> ActualsImportResult:
    """Upsert validated actuals in one transaction and say what was stored (shared by import and fetch)."""
    counts = store.upsert_actuals(actuals.posts, actuals.days)
    covered = [row.day for row in actuals.days] + [post.published_at.date() for post in actuals.posts]
    return ActualsImportResult(
        posts=len(actuals.posts),
        days=len(actuals.days),
        posts_inserted=counts.posts_inserted,
        posts_updated=counts.posts_updated,
        days_inserted=counts.days_inserted,
        days_updated=counts.days_updated,
        first_day=min(covered) if covered else None,
        last_day=max(covered) if covered else None,
    )


def import_actuals(
    path: Path,
    store: StreamingActualsStore,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    progress: Callable[[int], None] | None = None,
) -> ActualsImportResult:
    """Validate the file at `path` and store its rows in one transaction; nothing is stored if a row is bad.

    A CSV is streamed: rows are validated while read and written in batches of ``BATCH_ROWS``
    inside one transaction, so memory stays flat; `progress(rows_written)` follows each batch.
    JSON documents are read whole (at most `max_rows` rows).
    """
    path = Path(path)
    if path.suffix.lower() == ".json":
        actuals = read_actuals(path)
        if len(actuals.posts) + len(actuals.days) > max_rows:
            raise InputError(str(path), f"has more than {max_rows:,} rows, the import limit (--max-rows)")
        return store_actuals(actuals, store)
    readable(path)
    readers: list[ActualsReader] = []

    def make_batches() -> Iterator[tuple[list[PostValues], list[HistoryValues]]]:
        readers.append(ActualsReader())  # a retried transaction reads the file again with a fresh reader
        rows = stream_csv(lines_of_file(path), str(path), readers[-1], max_rows=max_rows)
        for batch in batched(rows, BATCH_ROWS, progress):
            yield (
                [row for row in batch if isinstance(row, PostValues)],
                [row for row in batch if isinstance(row, HistoryValues)],
            )

    counts = store.upsert_actuals_batches(make_batches)
    reader = readers[-1]
    return ActualsImportResult(
        posts=counts.posts_inserted + counts.posts_updated,
        days=counts.days_inserted + counts.days_updated,
        posts_inserted=counts.posts_inserted,
        posts_updated=counts.posts_updated,
        days_inserted=counts.days_inserted,
        days_updated=counts.days_updated,
        first_day=reader.first_day,
        last_day=reader.last_day,
    )
