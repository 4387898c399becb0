"""Several OS processes using one database at once, from its very first use."""

from __future__ import annotations

import multiprocessing
import queue
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from mixplan.storage import Store
from sqlalchemy import text
from support.storage_workers import save_runs

WORKERS = 3
RUNS_EACH = 4


def _run_workers(url: str) -> list[tuple[int, str, Any, int]]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(WORKERS)
    results = context.Queue()
    processes = [
        context.Process(target=save_runs, args=(url, barrier, results, worker, RUNS_EACH)) for worker in range(WORKERS)
    ]
    for process in processes:
        process.start()
    outcomes = []
    try:
        for _ in processes:
            outcomes.append(results.get(timeout=240))
    except queue.Empty:
        outcomes.append((-1, "error", "a worker did not report within 240 s", 0))
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
    return outcomes


def test_processes_saving_runs_at_once_on_a_fresh_database_all_succeed(database_url: str) -> None:
    outcomes = _run_workers(database_url)

    failures = [detail for _, status, detail, _ in outcomes if status != "ok"]
    assert failures == []
    ids = sorted(run_id for _, _, run_ids, _ in outcomes for run_id in run_ids)
    assert len(ids) == len(set(ids)) == WORKERS * RUNS_EACH
    with Store(database_url) as store:
        assert sorted(summary.id for summary in store.list_runs(limit=100)) == ids
        for _, _, run_ids, _ in outcomes:
            for run_id in run_ids:
                stored = store.get_run(run_id)
                assert len(stored.plan.posts) == 4 and len(stored.plan.spend) == 7
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT COUNT(*) FROM scenarios")).scalar() == 2
            assert connection.execute(text("SELECT COUNT(*) FROM alembic_version")).scalar() == 1
        assert len(store.history()) == 60  # two channels × 30 days, imported by several processes


def test_sqlite_file_uses_write_ahead_logging(sqlite_url: str, tmp_path: Path) -> None:
    with Store(sqlite_url) as store, store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert int(connection.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 10_000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_opening_a_fresh_file_waits_while_another_process_holds_the_write_lock(tmp_path: Path) -> None:
    """Switching a file to WAL needs a lock SQLite does not wait for by itself ("database is locked"
    at once, seen when several processes opened one fresh file together); opening must wait instead."""
    path = tmp_path / "fresh.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE unrelated (x INTEGER)")  # a real file, still in rollback-journal mode
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.5, lambda: other.execute("COMMIT"))
    release.start()
    try:
        started = time.monotonic()
        with Store(f"sqlite:///{path}") as store, store.engine.connect() as connection:
            waited = time.monotonic() - started
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert store.list_runs() == []
    finally:
        release.join()
        other.close()
    assert waited >= 0.4  # it opened only once the other writer had committed
