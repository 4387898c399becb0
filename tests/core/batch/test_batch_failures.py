"""Batches on the local process pool with the test PostgreSQL server: a stop that crosses processes, storage
errors retried with backoff, and a killed pool worker whose item is re-queued and completed."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from mixplan.batch import BatchJob, BatchOptions, BatchReport, plan_many, queue
from mixplan.engine import EngineSettings
from mixplan.model.scenario import Scenario
from mixplan.storage import Store
from support.plans import make_scenario
from support.postgres import PostgresServer

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

OPTIONS = BatchOptions(time_limit_s=2, seed=3, lease_s=1.5, backoff_s=0.2)

HOLD_PLUGIN = '''
"""A test plugin that holds the compile of the scenario named 'slow' while its marker file exists."""
import time
from pathlib import Path

from mixplan import hookimpl

MARKER = Path({marker!r})


@hookimpl
def mixplan_extra_constraints(scenario):
    """Wait while the marker exists, for the scenario named 'slow' (at most a minute)."""
    deadline = time.monotonic() + 60
    while scenario.name == "slow" and MARKER.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return []
'''


@pytest.fixture
def pg(postgres_server: PostgresServer) -> Iterator[tuple[PostgresServer, str, Store]]:
    name = postgres_server.create_database()
    store = Store(postgres_server.url(name))
    yield postgres_server, name, store
    store.close()
    postgres_server.drop_database(name)


@pytest.fixture
def hold(tmp_path: Path) -> tuple[Path, EngineSettings]:
    """A marker file and engine settings whose plugin holds the 'slow' brand's plan while the marker exists."""
    marker = tmp_path / "hold"
    marker.touch()
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "hold.py").write_text(HOLD_PLUGIN.format(marker=str(marker)))
    return marker, EngineSettings(plugins_dir=str(plugins))


def _brand(index: int, name: str | None = None) -> Scenario:
    scenario = make_scenario(name or f"Shop {index}", budget=f"{1200 + 100 * index}.00")
    return scenario.model_copy(update={"brand": f"brand-{index}"})


def _wait_for(condition: Callable[[], bool], timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _sql(store: Store, statements: str) -> None:
    with store.engine.begin() as connection:
        connection.exec_driver_sql(statements)


def _in_thread(run: Callable[[], BatchReport]) -> tuple[threading.Thread, list[BatchReport]]:
    reports: list[BatchReport] = []
    thread = threading.Thread(target=lambda: reports.append(run()), daemon=True)
    thread.start()
    return thread, reports


def test_a_stop_set_in_the_driver_stops_the_solve_in_a_pool_process_and_a_rerun_resumes(
    pg: tuple[PostgresServer, str, Store], hold: tuple[Path, EngineSettings]
) -> None:
    _, _, store = pg
    marker, settings = hold
    jobs = [_brand(0, "slow"), _brand(1)]
    identity = queue.create_batch(store, [BatchJob(job) for job in jobs], OPTIONS)
    stop = threading.Event()
    thread, reports = _in_thread(
        lambda: plan_many(
            jobs, store=store, options=OPTIONS, executor="local", workers=1, engine_settings=settings, stop=stop
        )
    )
    slow = lambda: queue.items(store, identity)[0]  # noqa: E731
    _wait_for(lambda: slow().status == "running")
    worker_pid = int(str(slow().lease_owner).split(":")[1])
    assert worker_pid != os.getpid()  # the solve runs in a pool process
    stop.set()
    _wait_for(lambda: queue.stop_requested(store, identity))
    # the worker's heartbeat renews the lease every half second; once it saw the stop it renews no more
    _wait_for(lambda: (slow().lease_expires_at or datetime.max.replace(tzinfo=UTC)) < datetime.now(UTC))
    marker.unlink()
    thread.join(180)
    (report,) = reports
    assert report.stopped and report.exit_code == 130
    assert [(item.status, item.attempts) for item in report.items] == [("queued", 0), ("queued", 0)]
    assert store.list_runs() == []  # the interrupted plan was not stored

    resumed = plan_many(jobs, store=store, options=OPTIONS, executor="local", workers=1, engine_settings=settings)
    assert resumed.batch_id == identity and resumed.ok and not resumed.stopped
    assert [item.attempts for item in resumed.items] == [1, 1]
    assert sorted(run.brand for run in store.list_runs()) == ["brand-0", "brand-1"]


def test_storage_errors_are_retried_with_backoff_until_the_plan_is_stored(
    pg: tuple[PostgresServer, str, Store],
) -> None:
    _, _, store = pg
    # the real server refuses the first two attempts to store a run (a sequence is not rolled back)
    _sql(
        store,
        """
        CREATE SEQUENCE refusals;
        CREATE FUNCTION refuse_twice() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF nextval('refusals') <= 2 THEN RAISE EXCEPTION 'refused for the test'; END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_twice BEFORE INSERT ON runs FOR EACH ROW EXECUTE FUNCTION refuse_twice();
        """,
    )
    options = BatchOptions(time_limit_s=2, seed=3, lease_s=5, backoff_s=0.5, max_attempts=3)
    started = time.monotonic()
    report = plan_many([_brand(0)], store=store, options=options, executor="local", workers=1)
    elapsed = time.monotonic() - started
    assert report.ok, report.failed
    (item,) = report.items
    assert item.attempts == 3 and report.counts.retried == 2
    assert elapsed >= 0.5 + 1.0  # waited out the backoff: 0.5 s after the first refusal, 1 s after the second
    (record,) = queue.items(store, report.batch_id)
    assert record.not_before is not None  # the last retry was held back until then
    assert len(store.list_runs()) == 1

    again = plan_many([_brand(1)], store=store, options=replace(options, max_attempts=1))
    assert again.ok  # the refusals are used up: a new batch stores at once


def test_storage_errors_past_the_attempt_limit_fail_as_storage(pg: tuple[PostgresServer, str, Store]) -> None:
    _, _, store = pg
    _sql(
        store,
        """
        CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
        CREATE TRIGGER refuse BEFORE INSERT ON runs FOR EACH ROW EXECUTE FUNCTION refuse();
        """,
    )
    options = BatchOptions(time_limit_s=2, seed=3, lease_s=5, backoff_s=0.1, max_attempts=2)
    report = plan_many([_brand(0)], store=store, options=options, executor="local", workers=1)
    (item,) = report.items
    assert (item.status, item.error_kind, item.attempts) == ("failed", "storage", 2)
    assert "refused for the test" in (item.error or "") and "store the plan" in (item.error or "")
    assert report.exit_code == 6


def test_a_killed_pool_worker_is_replaced_and_its_item_requeued_and_completed(
    pg: tuple[PostgresServer, str, Store], hold: tuple[Path, EngineSettings]
) -> None:
    _, _, store = pg
    marker, settings = hold
    jobs = [_brand(0, "slow"), _brand(1), _brand(2)]
    identity = queue.create_batch(store, [BatchJob(job) for job in jobs], OPTIONS)
    thread, reports = _in_thread(
        lambda: plan_many(jobs, store=store, options=OPTIONS, executor="local", workers=2, engine_settings=settings)
    )
    slow = lambda: queue.items(store, identity)[0]  # noqa: E731
    _wait_for(lambda: slow().status == "running")
    doomed = int(str(slow().lease_owner).split(":")[1])
    os.kill(doomed, signal.SIGKILL)
    marker.unlink()  # the replacement worker plans it without waiting
    thread.join(180)
    (report,) = reports
    assert report.ok, report.failed
    assert report.items[0].attempts == 2 and report.counts.retried >= 1
    assert doomed not in {worker.pid for worker in report.workers}
    assert sorted(run.brand for run in store.list_runs()) == ["brand-0", "brand-1", "brand-2"]
