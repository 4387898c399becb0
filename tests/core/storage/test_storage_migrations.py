"""Schema migrations: from an empty database, from revisions 0001 and 0002 with data, failures, newer ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from mixplan.model.live import LiveLimits
from mixplan.storage import StorageError, Store, scenario_hash
from mixplan.storage.connection import open_engine
from mixplan.storage.history_rows import upsert_rows
from mixplan.storage.location import parse_database_url
from mixplan.storage.migrate import current_revision, head_revision, migrate
from mixplan.storage.run_rows import ensure_scenario, insert_run
from mixplan.storage.snapshot_rows import insert_audience, insert_fitted_curve
from mixplan.storage.tables import storage_tables
from mixplan.surprises import run_warnings
from sqlalchemy import MetaData, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session
from support.plans import make_fitted_curve, make_history, make_plan, make_scenario, make_snapshot

RUN_TABLES = {"scenarios", "runs", "scheduled_posts", "spend_allocations", "boosts"}
REAL_DATA_TABLES = {"history", "audience_snapshots", "fitted_curves"}
LIVE_LIMITS_TABLES = {"live_limits"}
ACTUALS_TABLES = {"post_actuals", "run_parents"}
BATCH_TABLES = {"batches", "batch_items"}


def _engine(url: str) -> Engine:
    return open_engine(parse_database_url(url))


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def _revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return current_revision(connection)


def test_shipped_revisions_are_a_chain_ending_in_0006_run_warnings() -> None:
    assert head_revision() == "0006_run_warnings"


def test_empty_database_is_migrated_to_the_newest_revision(database_url: str) -> None:
    with Store(database_url) as store:
        assert _revision(store.engine) == head_revision()
        assert _tables(store.engine) >= RUN_TABLES | REAL_DATA_TABLES | LIVE_LIMITS_TABLES


def test_models_match_the_migrated_schema(store: Store) -> None:
    metadata = MetaData()
    for table in storage_tables():
        table.to_metadata(metadata)
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []
    assert set(metadata.tables) == RUN_TABLES | REAL_DATA_TABLES | LIVE_LIMITS_TABLES | ACTUALS_TABLES | BATCH_TABLES


def test_database_at_revision_0001_with_runs_is_upgraded_with_data_intact(database_url: str) -> None:
    old = _engine(database_url)
    migrate(old, head_revision())
    scenario = make_scenario()
    plan = make_plan(scenario, scenario_hash=scenario_hash(scenario))
    with Session(old) as session, session.begin():  # written now, then taken down to what 0001 holds
        run_id = insert_run(session, ensure_scenario(session, scenario), plan, "default")
    migrate(old, "0001")
    assert _revision(old) == "0001"
    assert not (REAL_DATA_TABLES & _tables(old))
    old.dispose()

    with Store(database_url) as store:
        assert _revision(store.engine) == head_revision()
        stored = store.get_run(run_id)
        assert stored.plan == plan
        assert stored.scenario == scenario
        assert [summary.id for summary in store.list_runs()] == [run_id]
        assert store.upsert_history(make_history("gads", 5)).inserted == 5
        next_id = store.save_run(scenario, plan)
        assert next_id > run_id


def test_downgrade_to_0001_drops_only_the_newer_tables(store: Store) -> None:
    scenario = make_scenario()
    run_id = store.save_run(scenario, make_plan(scenario))
    store.save_fitted_curve(make_fitted_curve("gads", datetime(2026, 1, 1, tzinfo=UTC)))

    migrate(store.engine, "0001")
    assert _revision(store.engine) == "0001"
    assert not (REAL_DATA_TABLES & _tables(store.engine))
    assert _tables(store.engine) >= RUN_TABLES

    migrate(store.engine, head_revision())
    assert store.get_run(run_id).plan == make_plan(scenario)
    assert store.latest_fitted_curve("gads") is None


def test_database_at_revision_0002_with_data_is_upgraded_with_data_intact(database_url: str) -> None:
    old = _engine(database_url)
    migrate(old, head_revision())
    scenario = make_scenario()
    plan = make_plan(scenario, scenario_hash=scenario_hash(scenario))
    fetched = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    history = make_history("gads", 10)
    snapshot = make_snapshot("ig_main", fetched)
    fitted = make_fitted_curve("gads", fetched)
    with Session(old) as session, session.begin():  # written now, then taken down to what 0002 holds
        run_id = insert_run(session, ensure_scenario(session, scenario), plan, "default")
        upsert_rows(session, history, "default")
        insert_audience(session, snapshot, "default")
        insert_fitted_curve(session, fitted, "default")
    migrate(old, "0002")
    assert _revision(old) == "0002"
    assert not (LIVE_LIMITS_TABLES & _tables(old))
    old.dispose()

    with Store(database_url) as store:
        assert _revision(store.engine) == head_revision()
        assert store.get_run(run_id).plan == plan
        assert store.history() == history
        assert store.audience_snapshots() == [snapshot]
        assert store.fitted_curves() == [fitted]
        assert store.live_limits() == []
        limits = LiveLimits(
            channel_id="ig_main",
            platform="instagram",
            fetched_at=fetched + timedelta(hours=1),
            source="instagram:content_publishing_limit",
            publish_quota=40,
            publish_quota_window_hours=24,
            min_daily_budget=Decimal("7.50"),
        )
        store.save_live_limits(limits)
        assert store.latest_limits("ig_main") == limits


def test_downgrade_to_0002_drops_only_the_live_limits(store: Store) -> None:
    fetched = datetime(2026, 11, 1, tzinfo=UTC)
    store.save_audience_snapshot(make_snapshot("ig_main", fetched))
    store.save_live_limits(
        LiveLimits(channel_id="ig_main", platform="instagram", fetched_at=fetched, source="test", publish_quota=5)
    )

    migrate(store.engine, "0002")
    assert _revision(store.engine) == "0002"
    assert _tables(store.engine) >= RUN_TABLES | REAL_DATA_TABLES
    assert not (LIVE_LIMITS_TABLES & _tables(store.engine))
    with store.engine.connect() as connection:  # the 0002 schema, read without today's models
        assert connection.execute(text("SELECT channel_id FROM audience_snapshots")).scalars().all() == ["ig_main"]

    migrate(store.engine, head_revision())
    assert store.latest_audience("ig_main") == make_snapshot("ig_main", fetched)
    assert store.latest_limits("ig_main") is None


def test_failed_migration_leaves_the_database_at_its_old_revision(database_url: str) -> None:
    old = _engine(database_url)
    migrate(old, "0001")
    with old.begin() as connection:  # a table in the way of the last step of revision 0002
        connection.execute(text("CREATE TABLE fitted_curves (id INTEGER PRIMARY KEY)"))
    old.dispose()

    with pytest.raises(StorageError) as caught:
        Store(database_url)
    assert "cannot prepare database" in str(caught.value)
    assert "\n" not in str(caught.value)

    check = _engine(database_url)
    assert _revision(check) == "0001"
    assert "history" not in _tables(check)
    assert "audience_snapshots" not in _tables(check)
    check.dispose()


def test_failed_0003_migration_leaves_the_database_at_0002_with_its_data(database_url: str) -> None:
    old = _engine(database_url)
    migrate(old, head_revision())
    with Session(old) as session, session.begin():
        upsert_rows(session, make_history("gads", 3), "default")
    migrate(old, "0002")
    with old.begin() as connection:  # a table in the way of revision 0003
        connection.execute(text("CREATE TABLE live_limits (id INTEGER PRIMARY KEY)"))
    old.dispose()

    with pytest.raises(StorageError, match="cannot prepare database"):
        Store(database_url)

    check = _engine(database_url)
    assert _revision(check) == "0002"
    with check.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM history")).scalar() == 3
        assert connection.execute(text("SELECT COUNT(*) FROM live_limits")).scalar() == 0
    check.dispose()


def test_database_from_a_newer_mixplan_is_refused(database_url: str) -> None:
    with Store(database_url) as store, store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(StorageError, match="newer than this mixplan knows"):
        Store(database_url)


def test_opening_a_current_database_again_keeps_everything(database_url: str) -> None:
    with Store(database_url) as store:
        scenario = make_scenario()
        run_id = store.save_run(scenario, make_plan(scenario))
    for _ in range(2):
        with Store(database_url) as store:
            assert _revision(store.engine) == head_revision()
            assert [summary.id for summary in store.list_runs()] == [run_id]


def test_downgrade_to_0003_drops_only_the_actuals_tables(store: Store) -> None:
    scenario = make_scenario()
    parent = store.save_run(scenario, make_plan(scenario))
    child = store.save_run(scenario, make_plan(scenario, variant=1), parent_run_id=parent)
    assert store.get_run(child).parent_id == parent
    assert [run.id for run in store.lineage(child)] == [parent, child]
    migrate(store.engine, "0003")
    assert not ({"post_actuals", "run_parents"} & _tables(store.engine))
    assert _tables(store.engine) >= RUN_TABLES | LIVE_LIMITS_TABLES
    migrate(store.engine, "head")
    assert store.get_run(child).parent_id is None and store.get_run(child).plan == make_plan(scenario, variant=1)


def test_run_warnings_are_stored_and_a_run_from_0005_gets_them_recomputed(database_url: str) -> None:
    scenario = make_scenario()
    plan = make_plan(scenario)
    expected = run_warnings(plan, scenario, datetime.now(UTC).date())
    assert expected, "the support plan must surprise somewhere, or this test checks nothing"
    with Store(database_url) as store:
        stored_id = store.save_run(scenario, plan, warnings=["printed at plan time"])
        computed_id = store.save_run(scenario, plan)
        assert store.get_run(stored_id).warnings == ["printed at plan time"]
        assert store.get_run(computed_id).warnings == expected
        counts = {summary.id: summary.warnings for summary in store.list_runs()}
        assert counts == {stored_id: 1, computed_id: len(expected)}
        migrate(store.engine, "0005_brands")
        assert "warnings" not in {column["name"] for column in inspect(store.engine).get_columns("runs")}
        migrate(store.engine, head_revision())
        assert store.get_run(stored_id).warnings == expected  # NULL after the round trip: recomputed
        assert {summary.id: summary.warnings for summary in store.list_runs()} == {stored_id: None, computed_id: None}
