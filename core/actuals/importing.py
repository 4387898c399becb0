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
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date
from pathlib import Path
from typing import Any, Protocol

from mixplan.errors import InputError
from mixplan.model.actuals import PostActual
from mixplan.model.history import HistoryRow
from pydantic import ValidationError

POST_COLUMNS = ("content", "channel", "published_at", "impressions", "engagements", "clicks", "orders", "revenue")
DAY_COLUMNS = ("date", "channel", "spend", "revenue", "impressions", "clicks", "orders")
COLUMNS = ("kind", *dict.fromkeys(POST_COLUMNS + DAY_COLUMNS))
MAX_REPORTED_PROBLEMS = 10
DEFAULT_MAX_ROWS = 5_000_000
"""The most data rows one import takes (``--max-rows``), as for the history import."""
BATCH_ROWS = 5_000
_POST_FIELDS = {"content": "content_id", "channel": "channel_id"}
_DAY_FIELDS = {"date": "day", "channel": "channel_id", "orders": "conversions"}


class ActualsStore(Protocol):
    """The part of :class:`mixplan.storage.Store` the import needs."""

    def upsert_actuals(self, posts: Sequence[PostActual], days: Sequence[HistoryRow]) -> Any:
        """Store both kinds of row in one transaction."""
        ...


class StreamingActualsStore(ActualsStore, Protocol):
    """A store that also takes batches in one transaction (streamed CSV imports)."""

    def upsert_actuals_batches(
        self, make_batches: Callable[[], Iterable[tuple[Sequence[PostActual], Sequence[HistoryRow]]]]
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


def _row_key(parsed: PostActual | HistoryRow) -> tuple[tuple[object, ...], str]:
    if isinstance(parsed, PostActual):
        when = parsed.published_at.astimezone(UTC)
        return (
            ("post", parsed.channel_id, parsed.content_id, when),
            f"{parsed.content_id} on {parsed.channel_id} at {parsed.published_at.isoformat()}",
        )
    return ("day", parsed.channel_id, parsed.day), f"{parsed.channel_id} on {parsed.day.isoformat()}"


@dataclass
class ActualsTally:
    """What a streamed read has seen so far (updated while streaming)."""

    rows: int = 0
    first_day: date | None = None
    last_day: date | None = None

    def reset(self) -> None:
        """Start again (a retried transaction reads the file again)."""
        self.rows, self.first_day, self.last_day = 0, None, None

    def add(self, day: date) -> None:
        """Count one good row covering `day`."""
        self.first_day = day if self.first_day is None else min(self.first_day, day)
        self.last_day = day if self.last_day is None else max(self.last_day, day)


def stream_actuals_csv(
    open_lines: Callable[[], Iterator[str]],
    source: str = "actuals",
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    tally: ActualsTally | None = None,
) -> Iterator[PostActual | HistoryRow]:
    """Validate an actuals CSV row by row and yield the rows while every row so far is good.

    Memory holds one row plus a line number per key (to name the earlier row of a repeat). At
    the end, any bad row (or more than `max_rows` rows) raises one :class:`InputError` listing up
    to ``MAX_REPORTED_PROBLEMS`` problems by line with the total count; a caller writing inside
    a transaction rolls back on it, so nothing of a bad file is stored.
    """
    tally = tally if tally is not None else ActualsTally()
    lines = open_lines()
    first = next(lines, None)
    reader = csv.reader(itertools.chain([] if first is None else [first.lstrip("\ufeff")], lines))
    problems: list[str] = []
    problem_count = 0
    seen: dict[bytes, int] = {}  # a 12-byte digest of each row's key → its line: small per row
    try:
        columns = _columns(source, next(reader, None))
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
            found: str | None = None
            if len(values) != len(columns):
                found = f"line {line}: has {len(values)} fields, the header has {len(columns)}"
            else:
                parsed = _parse(f"line {line}", dict(zip(columns, values, strict=True)))
                if isinstance(parsed, str):
                    found = parsed
                else:
                    full_key, what = _row_key(parsed)
                    key = hashlib.blake2b(repr(full_key).encode(), digest_size=12).digest()
                    if key in seen:
                        found = f"line {line}: {what} already appears at line {seen[key]}"
                    else:
                        seen[key] = line
                        tally.add(parsed.day if isinstance(parsed, HistoryRow) else parsed.published_at.date())
                        if not problem_count:
                            yield parsed
            if found is not None:
                problem_count += 1
                if len(problems) < MAX_REPORTED_PROBLEMS:
                    problems.append(found)
    except csv.Error as error:
        raise InputError(f"{source} line {reader.line_num}", f"is not valid CSV: {error}") from None
    except UnicodeDecodeError:
        raise InputError(source, "is not UTF-8 text; save it as UTF-8") from None
    if problem_count:
        raise InputError.bad_rows(source, problems, problem_count)
    if not tally.rows:
        raise InputError(source, "has no data rows")


def _batches(
    rows: Iterator[PostActual | HistoryRow], progress: Callable[[int], None] | None
) -> Iterator[tuple[list[PostActual], list[HistoryRow]]]:
    done = 0
    while chunk := list(itertools.islice(rows, BATCH_ROWS)):
        yield [r for r in chunk if isinstance(r, PostActual)], [r for r in chunk if isinstance(r, HistoryRow)]
        done += len(chunk)
        if progress is not None:
            progress(done)


def _readable(path: Path) -> None:
    try:
        with path.open("rb"):
            pass
    except FileNotFoundError:
        raise InputError(str(path), "file not found") from None
    except OSError as error:
        raise InputError(str(path), f"cannot be read: {error.strerror}") from None


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
    _readable(path)
    tally = ActualsTally()
    kinds = [0, 0]

    def open_lines() -> Iterator[str]:
        with path.open(encoding="utf-8", newline="") as handle:
            yield from handle

    def make_batches() -> Iterator[tuple[list[PostActual], list[HistoryRow]]]:
        tally.reset()
        kinds[:] = [0, 0]
        for posts, days in _batches(
            stream_actuals_csv(open_lines, str(path), max_rows=max_rows, tally=tally), progress
        ):
            kinds[0] += len(posts)
            kinds[1] += len(days)
            yield posts, days

    counts = store.upsert_actuals_batches(make_batches)
    return ActualsImportResult(
        posts=kinds[0],
        days=kinds[1],
        posts_inserted=counts.posts_inserted,
        posts_updated=counts.posts_updated,
        days_inserted=counts.days_inserted,
        days_updated=counts.days_updated,
        first_day=tally.first_day,
        last_day=tally.last_day,
    )
