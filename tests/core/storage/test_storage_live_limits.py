"""Live limits in the store: round trip, newest first, and one transaction with the audience snapshot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from mixplan.errors import InputError
from mixplan.model.live import LiveLimits
from mixplan.storage import StorageError, Store
from sqlalchemy import text
from support.plans import make_snapshot

BASE = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def make_limits(channel_id: str, fetched_at: datetime, **fields: Any) -> LiveLimits:
    """Live limits of a channel as a plugin would report them."""
    values: dict[str, Any] = {
        "channel_id": channel_id,
        "platform": "instagram",
        "fetched_at": fetched_at,
        "source": "instagram:content_publishing_limit",
        **fields,
    }
    return LiveLimits.model_validate(values)


def test_every_field_round_trips(store: Store) -> None:
    full = make_limits(
        "ig_main",
        BASE,
        publish_quota=25,
        publish_quota_window_hours=24,
        quota_used=7,
        min_daily_budget=Decimal("12345678.91"),
        currency="EUR",
    )
    sparse = make_limits("fb", BASE, platform="facebook", source="facebook:minimum_budgets")
    first = store.save_live_limits(full)
    second = store.save_live_limits(sparse)
    assert 0 < first < second
    assert store.latest_limits("ig_main") == full
    stored = store.latest_limits("fb")
    assert stored == sparse
    assert stored is not None and stored.publish_quota is None and stored.min_daily_budget is None
    with store.engine.connect() as connection:
        cents = connection.execute(text("SELECT min_daily_budget_minor FROM live_limits WHERE id = :id"), {"id": first})
        assert cents.scalar() == 1234567891


def test_newest_fetch_first_per_channel_and_overall(store: Store) -> None:
    older = make_limits("ig_main", BASE, publish_quota=50)
    newest = make_limits("ig_main", BASE + timedelta(days=2), publish_quota=30)
    middle = make_limits("ig_main", BASE + timedelta(days=1), publish_quota=40)
    other = make_limits("tt", BASE + timedelta(days=5), platform="tiktok", source="tiktok:x", publish_quota=9)
    for limits in (older, newest, middle, other):
        store.save_live_limits(limits)

    assert store.latest_limits("ig_main") == newest
    assert store.latest_limits("tt") == other
    assert store.latest_limits("missing") is None
    assert store.live_limits("ig_main") == [newest, middle, older]
    assert store.live_limits() == [other, newest, middle, older]
    assert store.live_limits("ig_main", limit=2) == [newest, middle]
    assert store.live_limits(limit=1) == [other]


def test_later_stored_limits_win_a_tie_and_times_come_back_aware_utc(store: Store) -> None:
    fetched = datetime(2026, 11, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    store.save_live_limits(make_limits("ig_main", fetched, publish_quota=10))
    second = make_limits("ig_main", fetched, publish_quota=11)
    store.save_live_limits(second)
    latest = store.latest_limits("ig_main")
    assert latest == second
    assert latest is not None and latest.fetched_at == fetched and latest.fetched_at.utcoffset() == timedelta(0)


def test_a_bad_limit_count_is_an_input_error(store: Store) -> None:
    with pytest.raises(InputError, match="limit"):
        store.live_limits(limit=0)


def test_snapshot_and_limits_are_stored_together(store: Store) -> None:
    snapshot = make_snapshot("ig_main", BASE)
    limits = make_limits("ig_main", BASE, publish_quota=25, publish_quota_window_hours=24)
    snapshot_id, limits_id = store.save_live_data(snapshot, limits)
    assert snapshot_id is not None and limits_id is not None
    assert store.latest_audience("ig_main") == snapshot
    assert store.latest_limits("ig_main") == limits
    assert store.save_live_data(None, limits)[0] is None
    assert store.save_live_data(snapshot, None)[1] is None
    assert len(store.audience_snapshots()) == 2 and len(store.live_limits()) == 2


def test_a_failure_writing_the_limits_stores_no_snapshot_either(store: Store, database_backend: str) -> None:
    snapshot = make_snapshot("ig_main", BASE)
    # 10^20 cents: beyond BIGINT. The model refuses amounts above 10^12 since that cap was added, so the
    # oversized value is set on a valid object without validation, standing in for a store-level failure.
    too_large = make_limits("ig_main", BASE).model_copy(update={"min_daily_budget": Decimal(10**18)})
    # the snapshot row is written first; the limits row then fails in the driver (SQLite's raises
    # OverflowError before sending, PostgreSQL refuses the value) and the whole transaction rolls back
    failure = OverflowError if database_backend == "sqlite" else StorageError
    with pytest.raises(failure):
        store.save_live_data(snapshot, too_large)
    assert store.audience_snapshots() == []
    assert store.live_limits() == []
