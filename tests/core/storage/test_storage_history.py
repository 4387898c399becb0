"""History upserts, audience snapshots and fitted curves in the store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from mixplan.errors import InputError
from mixplan.storage import Store
from sqlalchemy import text
from support.plans import make_fitted_curve, make_history, make_snapshot


def test_history_import_inserts_then_reimport_updates_without_duplicates(store: Store) -> None:
    rows = make_history("ig_main", 30) + make_history("gads", 20)
    first = store.upsert_history(rows)
    assert (first.inserted, first.updated) == (50, 0)

    changed = [row.model_copy(update={"revenue": row.revenue + Decimal("1.01")}) for row in rows[:10]]
    extra = make_history("ig_main", 5, first=date(2026, 8, 31))
    second = store.upsert_history(changed + extra)
    assert (second.inserted, second.updated, second.total) == (5, 10, 15)

    stored = store.history()
    assert len(stored) == 55
    assert len({(row.channel_id, row.day) for row in stored}) == 55
    by_key = {(row.channel_id, row.day): row for row in stored}
    for row in changed:
        assert by_key[(row.channel_id, row.day)] == row
    for row in rows[10:]:
        assert by_key[(row.channel_id, row.day)] == row
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM history")).scalar() == 55


def test_reimporting_identical_rows_changes_nothing(store: Store) -> None:
    rows = make_history("ig_main", 12)
    store.upsert_history(rows)
    again = store.upsert_history(rows)
    assert (again.inserted, again.updated) == (0, 12)
    assert store.history() == rows


def test_history_is_ordered_by_channel_then_day_and_filters(store: Store) -> None:
    ig = make_history("ig_main", 7)
    gads = make_history("gads", 7)
    store.upsert_history(list(reversed(ig)) + list(reversed(gads)))
    assert store.history() == gads + ig
    assert store.history("ig_main") == ig
    assert store.history("nope") == []


def test_history_keeps_exact_cents_and_missing_counts(store: Store) -> None:
    rows = make_history("ig_main", 3, scale=100_000)
    store.upsert_history(rows)
    stored = store.history("ig_main")
    assert stored == rows
    assert stored[0].spend == Decimal("10000000.25")
    assert stored[1].impressions is None and stored[0].impressions == 10_000
    assert stored[0].conversions is None


def test_the_same_channel_day_twice_in_one_import_is_refused(store: Store) -> None:
    rows = make_history("ig_main", 3)
    with pytest.raises(InputError) as caught:
        store.upsert_history([*rows, rows[1]])
    assert caught.value.field == "history[3]"
    assert "row 1" in str(caught.value)
    assert store.history() == []


def test_empty_import_is_a_no_op(store: Store) -> None:
    result = store.upsert_history([])
    assert (result.inserted, result.updated) == (0, 0)


def test_latest_audience_is_the_newest_fetch(store: Store) -> None:
    base = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    older = make_snapshot("ig_main", base, peak_hour=12)
    newest = make_snapshot("ig_main", base + timedelta(days=2), peak_hour=20)
    middle = make_snapshot("ig_main", base + timedelta(days=1), peak_hour=18)
    other = make_snapshot("tt", base + timedelta(days=9), peak_hour=7)
    for snapshot in (older, newest, middle, other):
        assert store.save_audience_snapshot(snapshot) > 0

    assert store.latest_audience("ig_main") == newest
    assert store.latest_audience("tt") == other
    assert store.latest_audience("missing") is None
    assert store.audience_snapshots("ig_main") == [newest, middle, older]
    assert [s.channel_id for s in store.audience_snapshots()] == ["tt", "ig_main", "ig_main", "ig_main"]
    assert store.audience_snapshots("ig_main", limit=2) == [newest, middle]


def test_audience_snapshot_times_come_back_aware(store: Store) -> None:
    fetched = datetime(2026, 11, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    store.save_audience_snapshot(make_snapshot("ig_main", fetched))
    latest = store.latest_audience("ig_main")
    assert latest is not None
    assert latest.fetched_at == fetched
    assert latest.fetched_at.utcoffset() == timedelta(0)


def test_later_stored_snapshot_wins_a_tie_on_fetch_time(store: Store) -> None:
    moment = datetime(2026, 11, 1, tzinfo=UTC)
    store.save_audience_snapshot(make_snapshot("ig_main", moment, peak_hour=10))
    second = make_snapshot("ig_main", moment, peak_hour=21)
    store.save_audience_snapshot(second)
    assert store.latest_audience("ig_main") == second


def test_latest_fitted_curve_is_the_newest_fit(store: Store) -> None:
    base = datetime(2026, 10, 1, tzinfo=UTC)
    old = make_fitted_curve("gads", base, max_revenue="800.00")
    new = make_fitted_curve("gads", base + timedelta(days=30), max_revenue="950.55")
    other = make_fitted_curve("meta", base + timedelta(days=40))
    for fitted in (new, old, other):
        store.save_fitted_curve(fitted)

    latest = store.latest_fitted_curve("gads")
    assert latest == new
    assert latest is not None and latest.curve.max_revenue == Decimal("950.55")
    assert latest.samples == new.samples and latest.quality == new.quality
    assert store.latest_fitted_curve("unknown") is None
    assert store.fitted_curves("gads") == [new, old]
    assert store.fitted_curves(limit=1) == [other]


def test_imported_curve_without_quality_round_trips(store: Store) -> None:
    imported = make_fitted_curve("gads", datetime(2026, 9, 1, tzinfo=UTC)).model_copy(
        update={"quality": None, "samples": [], "source": "robyn export 2026-08", "spend_range": None}
    )
    store.save_fitted_curve(imported)
    assert store.latest_fitted_curve("gads") == imported
