"""Batches on a real distributed.LocalCluster (2 worker processes) with the test PostgreSQL server."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import mixplan
import pytest
from mixplan.batch import BatchJob, BatchOptions, plan_many, queue
from mixplan.batch.worker import work
from mixplan.engine import EngineSettings
from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario
from mixplan.storage import Store
from support.plans import make_scenario
from support.postgres import PostgresServer

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

OPTIONS = BatchOptions(time_limit_s=2, seed=3, lease_s=2, backoff_s=0.2)

SLOW_PLUGIN = '''
"""A test plugin that holds a solve for a minute while its marker file exists (to kill a worker mid-item)."""
import time
from pathlib import Path

from mixplan import hookimpl

MARKER = Path({marker!r})


@hookimpl
def mixplan_extra_constraints(scenario):
    """Wait while the marker exists, for the scenario named 'slow'."""
    deadline = time.monotonic() + 60
    while scenario.name == "slow" and MARKER.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return []
'''


@pytest.fixture
def pg_store(postgres_server: PostgresServer) -> Iterator[Store]:
    name = postgres_server.create_database()
    store = Store(postgres_server.url(name))
    yield store
    store.close()
    postgres_server.drop_database(name)


def _brand(index: int, name: str | None = None) -> Scenario:
    scenario = make_scenario(name or f"Shop {index}", budget=f"{1200 + 100 * index}.00")
    return scenario.model_copy(update={"brand": f"brand-{index}"})


def _same_plan(left: Plan, right: Plan) -> bool:
    return (left.posts, left.spend, left.boosts, left.totals) == (right.posts, right.spend, right.boosts, right.totals)


def test_a_batch_on_dask_is_stored_once_each_identical_to_sequential_and_a_rerun_stores_nothing(
    pg_store: Store,
) -> None:
    scenarios = [_brand(index) for index in range(4)]
    report = plan_many(scenarios, store=pg_store, options=OPTIONS, executor="dask", workers=2, load_plans=True)
    assert report.ok, report.failed
    assert report.counts.done == 4 and report.exit_code == 0
    assert len({worker.pid for worker in report.workers}) == 2  # both worker processes took part
    runs = pg_store.list_runs()
    assert sorted(run.brand for run in runs) == [f"brand-{index}" for index in range(4)]
    for scenario, item in zip(scenarios, report.items, strict=True):
        sequential = mixplan.plan(scenario, options=OPTIONS.plan_options())
        assert item.plan is not None and _same_plan(item.plan, sequential), scenario.brand

    again = plan_many(scenarios, store=pg_store, options=OPTIONS, executor="dask", workers=2)
    assert again.batch_id == report.batch_id and again.ok
    assert [run.id for run in pg_store.list_runs()] == [run.id for run in runs]  # nothing stored twice
    renamed = plan_many(scenarios, store=pg_store, options=OPTIONS, executor="local", workers=2, name="other")
    assert renamed.ok and len(pg_store.list_runs()) == 4


def test_a_bad_brand_fails_alone_with_its_kind_and_exit_code(pg_store: Store) -> None:
    bad = _brand(1)
    myspace = bad.channels[0].model_copy(update={"platform": "myspace"})
    bad = bad.model_copy(update={"channels": [myspace, *bad.channels[1:]]})
    jobs = [BatchJob(_brand(0)), BatchJob(bad, label="broken"), BatchJob(_brand(2))]
    report = plan_many(jobs, store=pg_store, options=OPTIONS, executor="dask", workers=2)
    assert [item.status for item in report.items] == ["done", "failed", "done"]
    failed = report.items[1]
    assert (failed.error_kind, failed.exit_code, failed.attempts) == ("input", 2, 1)  # final: not retried
    assert "myspace" in (failed.error or "")
    assert report.exit_code == mixplan.batch.SOME_FAILED_EXIT_CODE
    assert sorted(run.brand for run in pg_store.list_runs()) == ["brand-0", "brand-2"]


def _wait_for(condition: object, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_worker_killed_mid_item_is_requeued_and_completed(pg_store: Store, tmp_path: Path) -> None:
    marker = tmp_path / "hold"
    marker.touch()
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "slow_hold.py").write_text(SLOW_PLUGIN.format(marker=str(marker)))
    settings = EngineSettings(plugins_dir=str(plugins))
    jobs = [_brand(0, "slow"), _brand(1), _brand(2)]
    identity = queue.create_batch(pg_store, [BatchJob(job) for job in jobs], OPTIONS)

    doomed = multiprocessing.get_context("spawn").Process(target=work, args=(pg_store, identity, settings))
    doomed.start()
    slow_item = lambda: queue.items(pg_store, identity)[0]  # noqa: E731
    _wait_for(lambda: slow_item().status == "running")
    assert slow_item().lease_owner is not None and f":{doomed.pid}:" in slow_item().lease_owner
    assert doomed.pid is not None
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.join()
    marker.unlink()  # the next worker plans it without waiting

    report = plan_many(jobs, store=pg_store, options=OPTIONS, executor="dask", workers=2, engine_settings=settings)
    assert report.batch_id == identity and report.ok, report.failed
    assert report.items[0].attempts == 2 and report.counts.retried >= 1
    assert sorted(run.brand for run in pg_store.list_runs()) == ["brand-0", "brand-1", "brand-2"]
