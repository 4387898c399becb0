"""One streamed CSV reader for the imports: rows are checked one at a time, memory stays flat.

`stream_csv` does what every import needs around its own row check: the UTF-8 byte-order mark,
the header row, blank lines, the row limit (``--max-rows``), the field count, repeated keys and
one error listing the problems by line. What a row means is the :class:`RowReader`'s job
(mixplan.history, mixplan.actuals.importing). `batched` hands the rows on in batches and
reports progress.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from mixplan.errors import InputError

MAX_REPORTED_PROBLEMS = 10
"""Problems an error lists (with the total count of bad rows)."""

DEFAULT_MAX_ROWS = 5_000_000
"""Most data rows one import accepts unless told otherwise (``--max-rows``): about 13 years of 1,000 channels."""

BATCH_ROWS = 5_000
"""Rows written per batch: large enough to be fast, small enough to stay flat in memory."""

OpenLines = Callable[[], Iterator[str]]
"""Opens the file again and gives its lines (called once more only to name the earlier line of a repeat)."""

T = TypeVar("T")


class BadRow(Exception):
    """Raised by :meth:`RowReader.parse`: the problem sentence, naming the line and the column."""


class RowReader(Protocol[T]):
    """What one kind of import knows about its rows; `stream_csv` does the rest."""

    not_utf8: str
    """The message when the file is not UTF-8 text."""
    no_rows: str
    """The message when the file has a header but no data rows."""

    def columns(self, source: str, header: list[str] | None) -> list[str]:
        """The header's column names; raises :class:`InputError` when they are wrong."""
        ...

    def parse(self, line: int, values: list[str]) -> T:
        """One data row (as many values as columns) checked; raises :class:`BadRow` when it is bad."""
        ...

    def key(self, row: T) -> Hashable:
        """What must not repeat in one file (small: one is kept per row)."""
        ...

    def repeated(self, line: int, row: T, earlier: int | None) -> str:
        """The problem sentence for `row` on `line` whose key first appeared on line `earlier` (None: not found)."""
        ...


def lines_of_text(text: str) -> OpenLines:
    """`OpenLines` of CSV text held in memory."""
    return lambda: iter(io.StringIO(text))


def lines_of_file(path: Path) -> OpenLines:
    """`OpenLines` of a UTF-8 file, read lazily (one buffer at a time)."""

    def open_lines() -> Iterator[str]:
        with path.open(encoding="utf-8", newline="") as handle:
            yield from handle

    return open_lines


def readable(path: Path) -> Path:
    """`path` if it can be opened; an :class:`InputError` naming the file otherwise (before any database work)."""
    try:
        with path.open("rb"):
            pass
    except FileNotFoundError:
        raise InputError(str(path), "file not found") from None
    except OSError as error:
        raise InputError(str(path), f"cannot be read: {error.strerror}") from None
    return path


def _without_bom(lines: Iterator[str]) -> Iterator[str]:
    first = next(lines, None)
    if first is None:
        return
    yield first.lstrip("\ufeff")
    yield from lines


@dataclass
class _Repeat(Generic[T]):
    """A row whose key was seen before; the earlier line is looked up only when the error is reported."""

    line: int
    row: T


def stream_csv(open_lines: OpenLines, source: str, rows: RowReader[T], *, max_rows: int) -> Iterator[T]:
    """Check the CSV's rows one at a time and yield them while every row so far is good.

    Blank lines are skipped. At the end, if any row was bad (or a key repeats, or there are more
    than `max_rows` data rows), one :class:`InputError` lists up to ``MAX_REPORTED_PROBLEMS``
    problems by line with the total count: a caller writing the rows inside a transaction rolls
    back on it, so nothing of a bad file is stored. Memory holds one row and one key per row.
    """
    reader = csv.reader(_without_bom(open_lines()))
    problems: list[str | _Repeat[T]] = []
    problem_count = 0
    data_rows = 0
    seen: set[Hashable] = set()
    try:
        width = len(rows.columns(source, next(reader, None)))
        for values in reader:
            if not (values and values[0].strip()) and not any(value.strip() for value in values):
                continue
            data_rows += 1
            if data_rows > max_rows:
                raise InputError(
                    source,
                    f"has more than {max_rows:,} data rows, the import limit; split the file or raise the limit "
                    "(--max-rows); nothing imported",
                )
            problem: str | _Repeat[T] | None = None
            if len(values) != width:
                problem = f"line {reader.line_num}: has {len(values)} fields, the header has {width}"
            else:
                try:
                    row = rows.parse(reader.line_num, values)
                except BadRow as bad:
                    problem = str(bad)
                else:
                    key = rows.key(row)
                    if key in seen:
                        problem = _Repeat(reader.line_num, row)
                    else:
                        seen.add(key)
                        if not problem_count:
                            yield row
            if problem is not None:
                problem_count += 1
                if len(problems) < MAX_REPORTED_PROBLEMS:
                    problems.append(problem)
    except csv.Error as error:
        raise InputError(f"{source} line {reader.line_num}", f"is not valid CSV: {error}") from None
    except UnicodeDecodeError:
        raise InputError(source, rows.not_utf8) from None
    if problem_count:
        raise InputError.bad_rows(source, _problem_texts(problems, open_lines, rows), problem_count)
    if not data_rows:
        raise InputError(source, rows.no_rows)


def _problem_texts(problems: list[str | _Repeat[T]], open_lines: OpenLines, rows: RowReader[T]) -> list[str]:
    repeats = [problem for problem in problems if isinstance(problem, _Repeat)]
    earlier = _first_lines(open_lines, rows, {rows.key(repeat.row) for repeat in repeats}) if repeats else {}
    return [
        problem
        if isinstance(problem, str)
        else rows.repeated(problem.line, problem.row, earlier.get(rows.key(problem.row)))
        for problem in problems
    ]


def _first_lines(open_lines: OpenLines, rows: RowReader[T], wanted: set[Hashable]) -> dict[Hashable, int]:
    """Line of the first good row with each wanted key: a second pass, only for the error message."""
    found: dict[Hashable, int] = {}
    reader = csv.reader(_without_bom(open_lines()))
    width = len(next(reader, []))
    for values in reader:
        if len(values) != width:
            continue
        try:
            key = rows.key(rows.parse(reader.line_num, values))
        except BadRow:
            continue
        if key in wanted and key not in found:
            found[key] = reader.line_num
            if len(found) == len(wanted):
                break
    return found


def batched(
    rows: Iterator[T], size: int = BATCH_ROWS, progress: Callable[[int], None] | None = None
) -> Iterator[list[T]]:
    """`rows` in lists of `size`; `progress(rows_so_far)` after each list is consumed."""
    done = 0
    while batch := list(itertools.islice(rows, size)):
        yield batch
        done += len(batch)
        if progress is not None:
            progress(done)
