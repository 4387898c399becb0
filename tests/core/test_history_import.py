"""History CSV import: strict validation with line numbers, upsert on re-import, summaries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from mixplan.errors import InputError
from mixplan.history import (
    history_csv_text,
    import_history,
    parse_history_csv,
    read_history_csv,
    summarize_history,
)
from mixplan.storage import Store

GOOD = """date,channel,spend,revenue,impressions,clicks,conversions
2025-01-01,ig_ads,100.00,420.50,12000,150,9
2025-01-01,fb_ads,80,300,,,
2025-01-02,ig_ads,120.5,480,13000,160,10
"""


def test_parses_required_and_optional_columns() -> None:
    rows = parse_history_csv(GOOD)
    assert len(rows) == 3
    first = rows[0]
    assert (first.day, first.channel_id, first.spend, first.revenue) == (
        date(2025, 1, 1),
        "ig_ads",
        Decimal("100.00"),
        Decimal("420.50"),
    )
    assert (first.impressions, first.clicks, first.conversions) == (12000, 150, 9)
    assert rows[1].impressions is None and rows[1].spend == Decimal("80.00")


def test_header_is_case_insensitive_and_bom_tolerated() -> None:
    rows = parse_history_csv("\ufeffDate,Channel,Spend,Revenue\n2025-03-01,x,1,2\n")
    assert rows[0].channel_id == "x"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date,channel,spend,revenue\n2025-13-01,ig,1,2\n", "line 2, column date"),
        ("date,channel,spend,revenue\n2025-01-01,ig,-5,2\n", "line 2, column spend: amount must not be negative"),
        ("date,channel,spend,revenue\n2025-01-01,ig,1.234,2\n", "line 2, column spend: 1.234 has more than 2 decimal"),
        ("date,channel,spend,revenue\n2025-01-01,ig,1,abc\n", "line 2, column revenue"),
        ("date,channel,spend,revenue\n2025-01-01,ig,NaN,2\n", "line 2, column spend"),
        ("date,channel,spend,revenue\n2025-01-01,,1,2\n", "line 2, column channel: is empty"),
        ("date,channel,spend,revenue\n2025-01-01,bad id!,1,2\n", "line 2, column channel"),
        ("date,channel,spend,revenue,clicks\n2025-01-01,ig,1,2,-3\n", "line 2, column clicks"),
        ("date,channel,spend,revenue\n2025-01-01,ig,1\n", "line 2: has 3 fields, the header has 4"),
        (
            "date,channel,spend,revenue\n2025-01-01,ig,1,2\n2025-01-02,ig,1,2\n2025-01-01,ig,3,4\n",
            "line 4: ig on 2025-01-01 already appears on line 2",
        ),
        ("date,channel,spend\n2025-01-01,ig,1\n", "line 1: missing column(s) revenue"),
        ("date,channel,spend,revenue,cost\n", "line 1: unknown column(s) cost"),
        ("", "is empty"),
        ("date,channel,spend,revenue\n", "has a header but no data rows"),
    ],
)
def test_bad_rows_name_line_and_column(text: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_history_csv(text, source="h.csv")
    assert expected in str(caught.value)
    assert str(caught.value).startswith("h.csv")


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (
            "spend",
            "1e400",
            "line 2, column spend: amount 1E+400 is too large; amounts must be at most 1,000,000,000,000",
        ),
        ("spend", "99999999999999999999999999", "line 2, column spend: amount 99999999999999999999999999 is too large"),
        ("revenue", "1000000000000.01", "line 2, column revenue: amount 1000000000000.01 is too large"),
        ("revenue", "inf", "line 2, column revenue: amount must be a finite number"),
        ("impressions", "9223372036854775808", "line 2, column impressions: is larger than 9,223,372,036,854,775,807"),
        ("clicks", "99999999999999999999999", "line 2, column clicks: is larger than 9,223,372,036,854,775,807"),
        ("conversions", "1" + "0" * 30, "line 2, column conversions: is larger than"),
    ],
)
def test_numbers_too_large_to_store_name_line_and_column(column: str, value: str, expected: str) -> None:
    row = {"date": "2025-01-01", "channel": "ig", "spend": "1", "revenue": "2", column: value}
    text = ",".join(row) + "\n" + ",".join(row.values()) + "\n"
    with pytest.raises(InputError) as caught:
        parse_history_csv(text, source="h.csv")
    assert expected in str(caught.value)


def test_largest_storable_numbers_round_trip_through_the_store(tmp_path: Path) -> None:
    top = 2**63 - 1
    path = tmp_path / "history.csv"
    path.write_text(
        "date,channel,spend,revenue,impressions,clicks,conversions\n"
        f"2025-01-01,ig,1000000000000.00,1000000000000,{top},{top},{top}\n",
        encoding="utf-8",
    )
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        import_history(path, store)
        [stored] = store.history()
    assert stored.spend == Decimal("1000000000000.00")
    assert (stored.impressions, stored.clicks, stored.conversions) == (top, top, top)


def test_huge_amount_stores_nothing(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text(GOOD + "2025-01-05,ig_ads,1e400,1,,,\n", encoding="utf-8")
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        with pytest.raises(InputError, match="line 5, column spend"):
            import_history(path, store)
        assert store.history() == []


def test_all_problems_are_counted_and_the_first_ones_listed() -> None:
    lines = ["date,channel,spend,revenue"] + [f"2025-01-{d:02d},ig,x,1" for d in range(1, 16)]
    with pytest.raises(InputError) as caught:
        parse_history_csv("\n".join(lines) + "\n", source="h.csv")
    message = str(caught.value)
    assert "15 bad row(s), nothing imported" in message
    shown = message.count("column spend")
    assert "line 2, column spend" in message and shown >= 2
    assert message.endswith(f"; and {15 - shown} more") and len(message) <= 300


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_history_csv(tmp_path / "nope.csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("date,channel,spend,revenue\n2025-01-01,caf\xe9,1,2\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_history_csv(latin)


def test_reimport_updates_instead_of_duplicating(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text(GOOD, encoding="utf-8")
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        first = import_history(path, store)
        assert (first.rows, first.inserted, first.updated) == (3, 3, 0)
        assert first.channels == ("fb_ads", "ig_ads")
        assert (first.first_day, first.last_day) == (date(2025, 1, 1), date(2025, 1, 2))
        path.write_text(GOOD.replace("420.50", "999.99") + "2025-01-03,ig_ads,50,200,,,\n", encoding="utf-8")
        second = import_history(path, store)
        assert (second.rows, second.inserted, second.updated) == (4, 1, 3)
        stored = store.history("ig_ads")
        assert len(stored) == 3
        assert stored[0].revenue == Decimal("999.99")
        assert len(store.history()) == 4


def test_bad_file_stores_nothing(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text(GOOD + "2025-01-05,ig_ads,oops,1,,,\n", encoding="utf-8")
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        with pytest.raises(InputError, match="line 5, column spend"):
            import_history(path, store)
        assert store.history() == []


def test_csv_text_round_trips() -> None:
    rows = parse_history_csv(GOOD)
    assert parse_history_csv(history_csv_text(rows)) == sorted(rows, key=lambda r: (r.day, r.channel_id))


def test_summary_per_channel() -> None:
    summary = {s.channel_id: s for s in summarize_history(parse_history_csv(GOOD))}
    ig = summary["ig_ads"]
    assert (ig.days, ig.total_spend, ig.total_revenue) == (2, "220.50", "900.50")
    assert ig.roas == pytest.approx(900.5 / 220.5)
    assert summary["fb_ads"].first_day == date(2025, 1, 1)
