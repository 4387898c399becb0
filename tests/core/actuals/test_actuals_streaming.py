"""Streamed actuals import: CSV rows of both kinds in batches inside one transaction, a bad row late in a
big file rolls everything back, repeats across batches, the row limit, and memory that does not grow with
the file (tracemalloc peak of a large import against a small one, in the same process)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from mixplan.actuals.importing import BATCH_ROWS, import_actuals
from mixplan.errors import InputError
from mixplan.storage import Store
from support.memory import import_peak

HEADER = "kind,content,channel,published_at,date,spend,revenue,impressions,engagements,clicks,orders\n"
START = date(2000, 1, 1)


def write_rows(path: Path, days: int, posts: int, extra: str = "") -> None:
    """`days` channel-day rows of channel `ads` and `posts` post rows of channel `ig`, then `extra`."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for n in range(days):
            handle.write(f"day,,ads,,{START + timedelta(days=n)},{n % 300}.{n % 100:02d},{n % 700}.5,{n},,{n // 3},\n")
        for n in range(posts):
            stamp = f"{START + timedelta(days=n // 4)}T{(n % 4) * 6:02d}:00:00+00:00"
            handle.write(f"post,p{n},ig,{stamp},,,{n % 50}.25,{n * 2},{n},{n // 2},{n % 3}\n")
        handle.write(extra)


def test_both_kinds_over_several_batches_are_stored_and_counted(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    days, posts = BATCH_ROWS + 3, BATCH_ROWS + 11
    write_rows(path, days, posts)
    seen: list[int] = []
    result = import_actuals(path, store, progress=seen.append)
    assert (result.days, result.posts, result.days_inserted, result.posts_inserted) == (days, posts, days, posts)
    assert seen == [BATCH_ROWS, 2 * BATCH_ROWS, days + posts]
    assert result.first_day == START and result.last_day == START + timedelta(days=days - 1)
    stored_days = store.history("ads")
    assert len(stored_days) == days and str(stored_days[-1].spend) == f"{(days - 1) % 300}.{(days - 1) % 100:02d}"
    stored_posts = {post.content_id: post for post in store.post_actuals("ig")}
    assert len(stored_posts) == posts and stored_posts["p77"].impressions == 154 and stored_posts["p77"].orders == 2
    again = import_actuals(path, store)
    assert (again.days_updated, again.posts_updated, again.days_inserted, again.posts_inserted) == (days, posts, 0, 0)


def test_a_bad_row_after_written_batches_stores_nothing(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    write_rows(path, 2 * BATCH_ROWS, 10, extra="day,,ads,,2030-01-01,oops,1,,,,\n")
    with pytest.raises(InputError, match=r"1 bad row\(s\), nothing imported: line \d+, column spend"):
        import_actuals(path, store)
    assert store.history() == [] and store.post_actuals() == []


def test_a_repeat_in_another_batch_names_both_lines(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    write_rows(path, BATCH_ROWS + 5, 0, extra=f"day,,ads,,{START},1,2,,,,\n")
    with pytest.raises(InputError, match=rf"line {BATCH_ROWS + 7}: ads on {START} already appears at line 2"):
        import_actuals(path, store)
    assert store.history() == []


def test_row_limit_refuses_the_whole_file(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    write_rows(path, 30, 0)
    with pytest.raises(InputError, match="more than 29 data rows"):
        import_actuals(path, store, max_rows=29)
    assert store.history() == []


def test_memory_stays_flat_as_the_file_grows(tmp_path: Path) -> None:
    def peak(rows: int, name: str) -> int:
        path = tmp_path / f"{name}.csv"
        write_rows(path, rows, rows)
        return import_peak(import_actuals, path, tmp_path / f"{name}.db")

    small, large = peak(BATCH_ROWS // 2, "small"), peak(3 * BATCH_ROWS, "large")
    # Six times the rows: a whole-file read would need about six times the memory; streaming holds
    # one batch plus a small key per row, so the peak grows far less.
    assert large < 3 * small, (small, large)
