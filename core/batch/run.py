"""`plan_many`: plan many brands through the batch queue on a local process pool or a Dask cluster."""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mixplan.batch import queue
from mixplan.batch.executors import open_executor
from mixplan.batch.jobs import BatchJob, BatchOptions
from mixplan.batch.report import BatchReport, ItemResult
from mixplan.batch.worker import WorkerSummary, work
from mixplan.engine import EngineSettings
from mixplan.errors import InputError
from mixplan.model.scenario import Scenario
from mixplan.storage import Store

MAX_ROUNDS = 5
"""How often the worker loops are started again when all of them ended (lost) before the batch finished."""


def plan_many(
    jobs: Sequence[BatchJob | Scenario],
    *,
    store: Store | str | None = None,
    options: BatchOptions | None = None,
    executor: str = "local",
    workers: int = 2,
    scheduler: str | None = None,
    engine_settings: EngineSettings | None = None,
    on_progress: Callable[[queue.BatchCounts], None] | None = None,
    stop: threading.Event | None = None,
    name: str = "",
    load_plans: bool | None = None,
    poll_s: float = 0.25,
) -> BatchReport:
    """Plan every job (one brand's scenario each) and store each plan once; failures stay with their brand.

    ``store`` is the database that holds the queue and the plans (a Store or a URL; None: a temporary
    SQLite file, and the plans are returned in the report). Re-running with the same jobs and options
    resumes the same batch: done items are not planned or stored again. ``executor`` is ``local`` (a
    process pool) or ``dask`` (a LocalCluster of ``workers`` processes, or the cluster at ``scheduler``).
    ``on_progress`` gets the counts while the batch runs; setting ``stop`` stops every worker's solve
    (through the database) and returns with the unfinished items queued for the next run.
    """
    options = options or BatchOptions()
    batch_jobs = [job if isinstance(job, BatchJob) else BatchJob(job) for job in jobs]
    if not batch_jobs:
        raise InputError("jobs", "the batch is empty; give at least one scenario")
    with tempfile.TemporaryDirectory(prefix="mixplan-batch-") as scratch:
        own_store = store is None or isinstance(store, str)
        opened = (
            Store(str(Path(scratch) / "batch.db"))
            if store is None
            else Store(store)
            if isinstance(store, str)
            else store
        )
        try:
            return _run(
                opened,
                batch_jobs,
                options,
                executor,
                workers,
                scheduler,
                engine_settings,
                on_progress,
                stop,
                name,
                store is None if load_plans is None else load_plans,
                poll_s,
            )
        finally:
            if own_store:
                opened.close()


def _run(
    store: Store,
    jobs: list[BatchJob],
    options: BatchOptions,
    executor: str,
    workers: int,
    scheduler: str | None,
    settings: EngineSettings | None,
    on_progress: Callable[[queue.BatchCounts], None] | None,
    stop: threading.Event | None,
    name: str,
    load_plans: bool,
    poll_s: float,
) -> BatchReport:
    started = time.perf_counter()
    identity = queue.create_batch(store, jobs, options, name)
    queue.clear_stop(store, identity)  # re-running a stopped batch resumes it
    summaries: list[WorkerSummary] = []
    stopped = False
    with open_executor(executor, workers, scheduler) as pool:
        for _ in range(MAX_ROUNDS):
            futures = [pool.submit(work, store, identity, settings) for _ in range(workers)]
            while not all(future.done() for future in futures):
                if stop is not None and stop.is_set() and not stopped:
                    queue.request_stop(store, identity)
                    stopped = True
                if on_progress is not None:
                    on_progress(queue.counts(store, identity))
                _wait_for_one(futures, poll_s)
            for future in futures:
                try:
                    summaries.append(future.result())
                except Exception:  # the worker process died (killed, out of memory): its lease expires
                    continue
            if stopped or queue.counts(store, identity).finished:
                break
    counts = queue.counts(store, identity)
    if on_progress is not None:
        on_progress(counts)
    return BatchReport(
        batch_id=identity,
        items=_results(store, identity, load_plans),
        counts=counts,
        elapsed_s=time.perf_counter() - started,
        workers=summaries,
        stopped=stopped,
    )


def _wait_for_one(futures: list[Any], timeout_s: float) -> None:
    """Wait up to `timeout_s` for the first unfinished future, returning as soon as it ends."""
    pending = next((future for future in futures if not future.done()), None)
    if pending is None:
        return
    try:
        pending.result(timeout=timeout_s)
    except Exception:  # a timeout, or the worker failed: the caller looks at every future itself
        return


def batch_report(store: Store, identity: str, load_plans: bool = False) -> BatchReport:
    """The report of a stored batch as it stands now (for `mixplan batch status`)."""
    return BatchReport(
        batch_id=identity,
        items=_results(store, identity, load_plans),
        counts=queue.counts(store, identity),
        elapsed_s=0.0,
    )


def _results(store: Store, identity: str, load_plans: bool) -> list[ItemResult]:
    results = []
    for record in queue.items(store, identity):
        plan = store.get_run(record.run_id).plan if load_plans and record.run_id is not None else None
        results.append(
            ItemResult(
                brand=record.brand,
                label=record.label,
                run_key=record.run_key,
                status=record.status,
                attempts=record.attempts,
                run_id=record.run_id,
                error_kind=record.error_kind,
                error=record.error,
                exit_code=record.exit_code,
                plan=plan,
            )
        )
    return results
