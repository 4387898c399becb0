"""The shared streamed CSV reader (mixplan.csv_stream) with a small row reader of its own."""

from __future__ import annotations

import pytest
from mixplan.csv_stream import BadRow, batched, lines_of_text, stream_csv
from mixplan.errors import InputError


class Pairs:
    """Rows ``name,number``; the name must not repeat."""

    not_utf8 = "is not UTF-8"
    no_rows = "has no rows"

    def columns(self, source: str, header: list[str] | None) -> list[str]:
        if header != ["name", "number"]:
            raise InputError(f"{source} line 1", "the columns are name,number")
        return header

    def parse(self, line: int, values: list[str]) -> tuple[str, int]:
        if not values[1].isdigit():
            raise BadRow(f"line {line}, column number: is not a number")
        return values[0], int(values[1])

    def key(self, row: tuple[str, int]) -> str:
        return row[0]

    def repeated(self, line: int, row: tuple[str, int], earlier: int | None) -> str:
        return f"line {line}: {row[0]} already on line {earlier}"


def read(text: str, max_rows: int = 100) -> list[tuple[str, int]]:
    return list(stream_csv(lines_of_text(text), "f.csv", Pairs(), max_rows=max_rows))


def test_rows_are_read_past_a_bom_and_blank_lines() -> None:
    assert read("\ufeffname,number\na,1\n\n , \nb,2\n") == [("a", 1), ("b", 2)]


def test_problems_are_listed_by_line_with_the_total_and_the_earlier_line_of_a_repeat() -> None:
    lines = ["name,number", "a,1", "b,x", "c", "a,2"] + [f"n{i},y" for i in range(20)]
    with pytest.raises(InputError) as raised:
        read("\n".join(lines) + "\n")
    message = str(raised.value)
    assert "23 bad row(s)" in message
    assert "line 3, column number: is not a number" in message
    assert "line 4: has 1 fields, the header has 2" in message
    assert "line 5: a already on line 2" in message
    assert message.endswith("and 17 more")  # the line is bounded: the first problems, then the count


def test_the_header_the_row_limit_and_an_empty_file() -> None:
    with pytest.raises(InputError, match="the columns are name,number"):
        read("name\n")
    with pytest.raises(InputError, match="has more than 2 data rows, the import limit"):
        read("name,number\na,1\nb,2\nc,3\n", max_rows=2)
    with pytest.raises(InputError, match="has no rows"):
        read("name,number\n\n")


def test_no_row_is_yielded_after_a_bad_one() -> None:
    rows = stream_csv(lines_of_text("name,number\na,1\nb,x\nc,3\n"), "f", Pairs(), max_rows=10)
    assert next(rows) == ("a", 1)
    with pytest.raises(InputError, match="1 bad row"):
        next(rows)


def test_batches_report_progress_as_they_are_consumed() -> None:
    seen: list[int] = []
    assert [len(batch) for batch in batched(iter(range(7)), 3, seen.append)] == [3, 3, 1]
    assert seen == [3, 6, 7]
