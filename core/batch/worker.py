"""The worker loop: claim an item, plan it with this process's cached engine, store it once, repeat.

Runs the same in a local process pool, on a Dask worker or as `mixplan batch work` in a Kubernetes pod.
A heartbeat thread renews the item's lease while the solver runs; when the lease is lost or the batch is
stopped it sets the solve's stop event, so a stop requested anywhere stops solves on every machine.
"""

from __future__ import annotations

import os
import resource
import socket
import sys
import threading
import time
import uuid
from dataclasses import dataclass

from mixplan.batch import queue
from mixplan.batch.jobs import BatchOptions
from mixplan.batch.outcome import classify
from mixplan.engine import EngineSettings, cached_engine
from mixplan.model.scenario import Scenario
from mixplan.storage import Store

IDLE_WAIT_S = (0.05, 1.0)
"""How long an idle worker waits before looking for work again: the first wait, doubling up to the last."""


@dataclass(frozen=True)
class WorkerSummary:
    """What one worker loop did: items planned and failed, and its process's peak memory."""

    owner: str
    pid: int
    planned: int
    failed: int
    peak_rss_bytes: int
    busy_s: float = 0.0
    """Seconds spent on items (planning and storing); the rest of the loop's time is start-up and waiting."""
    startup_s: float = 0.0
    """Seconds from the loop's start to its first claim (loading plugins and the solver)."""
    cpu_s: float = 0.0
    """CPU seconds the worker's process used while the loop ran (every thread: solver, heartbeats, Dask)."""


def peak_rss_bytes() -> int:
    """This process's peak resident memory (Linux reports kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def work(
    store: Store,
    batch_id: str,
    settings: EngineSettings | None = None,
    *,
    wait_for_others: bool = True,
    owner: str | None = None,
) -> WorkerSummary:
    """Plan the batch's items until none is left to claim; returns what this worker did.

    With `wait_for_others`, the loop also waits while other workers hold leases (a killed worker's item is
    claimed here once its lease runs out) and while failed items wait out their backoff.
    """
    owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    began = time.perf_counter()
    cpu_began = time.process_time()
    options = queue.batch_options(store, batch_id)
    engine = cached_engine(settings)
    startup_s = time.perf_counter() - began
    planned = failed = 0
    busy_s = 0.0
    idle_s = IDLE_WAIT_S[0]
    while True:
        item = queue.claim(store, batch_id, owner, options)
        if item is None:
            if not wait_for_others or queue.stop_requested(store, batch_id):
                break
            if queue.counts(store, batch_id).finished:
                break
            # others still hold leases (or items wait out a backoff): look again soon, then less often
            time.sleep(min(idle_s, options.lease_s / 4))
            idle_s = min(idle_s * 2, IDLE_WAIT_S[1])
            continue
        idle_s = IDLE_WAIT_S[0]
        item_started = time.perf_counter()
        status = _plan_item(store, engine, item, owner, options)
        busy_s += time.perf_counter() - item_started
        planned += status == queue.DONE
        failed += status == queue.FAILED
    return WorkerSummary(
        owner=owner,
        pid=os.getpid(),
        planned=planned,
        failed=failed,
        peak_rss_bytes=peak_rss_bytes(),
        busy_s=busy_s,
        startup_s=startup_s,
        cpu_s=time.process_time() - cpu_began,
    )


def warm_up(
    store: Store | None = None, settings: EngineSettings | None = None, scenario: Scenario | None = None
) -> float:
    """Make this process ready to plan: open its store, build its cached engine, and plan `scenario` once.

    Nothing is stored. A worker does all of this on its first item anyway; run it on every worker first
    (e.g. ``client.run(warm_up, store, None, scenario)`` on Dask) when only the steady throughput should
    be timed. Returns the seconds it took.
    """
    began = time.perf_counter()
    if store is not None:
        store.engine  # noqa: B018  (an unpickled store opens its pool and checks the schema here)
    engine = cached_engine(settings)
    if scenario is not None:
        engine.plan(scenario, BatchOptions(time_limit_s=1.0).plan_options())
    return time.perf_counter() - began


def _plan_item(store: Store, engine: object, item: queue.ClaimedItem, owner: str, options: BatchOptions) -> str:
    """Plan one claimed item and record the outcome; returns its new status."""
    from mixplan.engine import Engine

    assert isinstance(engine, Engine)
    if item.stored_run_id is not None:  # planned and stored before (a crash after storing, or another batch)
        queue.finish(store, item, owner, item.stored_run_id)
        return queue.DONE
    stop = threading.Event()
    lost = threading.Event()
    heartbeat = threading.Thread(
        target=_heartbeat, args=(store, item.id, owner, options.lease_s, stop, lost), daemon=True
    )
    heartbeat.start()
    try:
        scenario = _scenario(item)
        plan_options = options.plan_options()
        plan_options.stop = stop
        # the brand's stored curves, audience and limits in one round trip, the same for compile and verify
        data = store.for_brand(item.brand).channel_data([channel.id for channel in scenario.channels])
        plan = engine.plan(scenario, plan_options, data)
        if lost.is_set():  # stopped (or the lease was lost) mid-solve: the plan is not the full one
            queue.release(store, item, owner)
            return queue.QUEUED
        queue.store_and_finish(store, item, owner, scenario, plan)
    except Exception as exc:
        if lost.is_set():
            queue.release(store, item, owner)
            return queue.QUEUED
        return queue.fail(store, item, owner, classify(exc), options)
    finally:
        stop.set()
        heartbeat.join()
    return queue.DONE


def _scenario(item: queue.ClaimedItem) -> Scenario:
    """The item's scenario; a document that no longer validates is the brand's bad input."""
    from mixplan.loading import scenario_from_data

    return scenario_from_data(item.scenario, source=f"brand {item.brand} ({item.label})")


def _heartbeat(
    store: Store, item_id: int, owner: str, lease_s: float, stop: threading.Event, lost: threading.Event
) -> None:
    """Renew the lease every third of it until the plan ends; stop the solve if the lease is lost or stopped."""
    while not stop.wait(lease_s / 3):
        try:
            still_ours = queue.renew(store, item_id, owner, lease_s)
        except Exception:  # a database hiccup: try again next beat; the lease has two more beats of slack
            continue
        if not still_ours:
            lost.set()
            stop.set()
            return
