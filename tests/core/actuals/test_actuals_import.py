"""Actuals import: post rows and channel-day rows (into the history table), row numbers in errors,
upserts, and nothing stored when a row is bad; on SQLite and on the test PostgreSQL server."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from mixplan.actuals.importing import import_actuals, parse_actuals_csv, parse_actuals_json
from mixplan.errors import MAX_INPUT_MESSAGE_CHARS, InputError
from mixplan.storage import Store

GOOD = """kind,content,channel,published_at,date,spend,impressions,engagements,clicks,orders,revenue
post,mug,ig,2026-11-02T18:00:00+01:00,,,5120,301,44,3,87.90
post,howto,ig,2026-11-03T12:30:00+01:00,,,2210,120,12,0,0
day,,gads,,2026-11-02,120.50,,,310,9,402.10
day,,gads,,2026-11-03,98.00,,,,,350.00
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_both_kinds_are_stored_and_channel_days_land_in_history(store: Store, tmp_path: Path) -> None:
    result = import_actuals(_write(tmp_path, "a.csv", GOOD), store)
    assert (result.posts, result.days, result.posts_inserted, result.days_inserted) == (2, 2, 2, 2)
    assert (result.first_day, result.last_day) == (date(2026, 11, 2), date(2026, 11, 3))
    posts = store.post_actuals()
    assert [(p.content_id, p.published_at.astimezone(UTC)) for p in posts] == [
        ("mug", datetime(2026, 11, 2, 17, 0, tzinfo=UTC)),
        ("howto", datetime(2026, 11, 3, 11, 30, tzinfo=UTC)),
    ]
    assert posts[0].revenue == Decimal("87.90") and posts[0].orders == 3 and posts[0].engagements == 301
    history = store.history("gads")
    assert [(row.day, row.spend, row.revenue, row.conversions) for row in history] == [
        (date(2026, 11, 2), Decimal("120.50"), Decimal("402.10"), 9),
        (date(2026, 11, 3), Decimal("98.00"), Decimal("350.00"), None),
    ]


def test_reimport_upserts(store: Store, tmp_path: Path) -> None:
    import_actuals(_write(tmp_path, "a.csv", GOOD), store)
    changed = GOOD.replace("5120,301,44,3,87.90", "6000,350,50,4,99.00").replace("98.00", "101.00")
    result = import_actuals(_write(tmp_path, "b.csv", changed), store)
    assert (result.posts_inserted, result.posts_updated, result.days_inserted, result.days_updated) == (0, 2, 0, 2)
    assert len(store.post_actuals()) == 2 and len(store.history()) == 2
    assert store.post_actuals("ig")[0].revenue == Decimal("99.00")
    assert store.history("gads")[1].spend == Decimal("101.00")


def test_bad_rows_are_named_by_line_and_nothing_is_written(store: Store, tmp_path: Path) -> None:
    import_actuals(_write(tmp_path, "a.csv", GOOD), store)
    bad = GOOD + (
        "post,mug,ig,2026-11-04T18:00:00,,,1,1,1,1,1.00\n"  # no offset
        "day,,gads,,2026-11-05,-3.00,,,,,1.00\n"  # negative spend
        "post,,ig,2026-11-04T18:00:00+01:00,,,1,1,1,1,1.00\n"  # post without content
        "post,mug,ig,2026-11-02T18:00:00+01:00,,,1,1,1,1,1.00\n"  # repeated key
        "day,,gads,,2026-11-09,10.00,,,,,1.00\n"  # a good row: must not be stored either
    )
    with pytest.raises(InputError) as caught:
        import_actuals(_write(tmp_path, "bad.csv", bad), store)
    message = str(caught.value)
    assert "4 bad row(s), nothing imported" in message
    assert "line 6, column published_at" in message  # the first bad row, whole
    assert len(message) <= MAX_INPUT_MESSAGE_CHARS and "…" not in message.split(": ", 1)[1]
    named = [f"line {n}" for n in (6, 7, 8, 9) if f"line {n}" in message]
    assert message.endswith(f"; and {4 - len(named)} more") or len(named) == 4
    assert len(store.history()) == 2 and len(store.post_actuals()) == 2  # the good row was not written
    assert store.post_actuals()[0].revenue == Decimal("87.90")


def test_kind_is_inferred_and_json_is_accepted(tmp_path: Path) -> None:
    inferred = parse_actuals_csv("content,channel,published_at,revenue\nmug,ig,2026-11-02T18:00:00Z,5.10\n")
    assert inferred.posts[0].revenue == Decimal("5.10") and inferred.days == []
    document = {
        "posts": [{"content": "mug", "channel": "ig", "published_at": "2026-11-02T18:00:00Z", "revenue": 12.3}],
        "days": [{"date": "2026-11-02", "channel": "gads", "spend": "10.00", "revenue": 40.1}],
    }
    parsed = parse_actuals_json(json.dumps(document))
    assert parsed.posts[0].revenue == Decimal("12.30") and parsed.days[0].revenue == Decimal("40.10")
    with pytest.raises(InputError, match=r"days\[0\], column spend"):
        parse_actuals_json(json.dumps({"days": [{"date": "2026-11-02", "channel": "g", "spend": "x", "revenue": 1}]}))
    with pytest.raises(InputError, match=r"unknown column\(s\) colour"):
        parse_actuals_csv("content,colour\nmug,red\n")
    with pytest.raises(InputError, match=r"\[0\]: channel-day rows have no column\(s\) engagements"):
        parse_actuals_json(
            json.dumps([{"date": "2026-11-02", "channel": "g", "spend": 1, "revenue": 1, "engagements": 3}])
        )
