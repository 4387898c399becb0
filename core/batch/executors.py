"""Where worker loops run: a local process pool, or a Dask cluster (a LocalCluster or a scheduler address).

Dask is an optional dependency (``pip install mixplan[scale]``); it is imported only when used.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, ExitStack
from typing import Any, Protocol

from mixplan.errors import InputError, MixplanError

EXECUTORS = ("local", "dask")


class Executor(Protocol):
    """Runs functions in worker processes and hands back futures."""

    def submit(self, function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """Start `function(*args, **kwargs)` in a worker; returns a future with `.result()` and `.done()`."""


class LocalExecutor(AbstractContextManager["LocalExecutor"]):
    """A pool of `workers` fresh (spawned) processes on this machine; a killed worker is replaced."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))

    def submit(self, function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Run in a pool process; after a worker died (the pool broke) a new pool is made first."""
        try:
            return self._pool.submit(function, *args, **kwargs)
        except RuntimeError:  # BrokenProcessPool (a worker was killed) or a shut-down pool
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            return self._pool.submit(function, *args, **kwargs)

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


WORKER_CONFIG: dict[str, object] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "5s",
}
"""Dask settings for mixplan's workers: no statistical profiler (it samples every thread's stack every
10 ms, which costs a solver-heavy worker CPU) and a system monitor every 5 s instead of 0.5 s; set
``DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False`` (and ``…__ADMIN__SYSTEM_MONITOR__INTERVAL=5s``) on
workers you start yourself (docs/scale.md)."""


def local_cluster(workers: int) -> Any:
    """A distributed.LocalCluster of `workers` single-threaded processes on 127.0.0.1, set up for planning."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(WORKER_CONFIG):  # the nannies hand the configuration to their worker processes
        return LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        )


class DaskExecutor(AbstractContextManager["DaskExecutor"]):
    """A Dask client: on a new LocalCluster of `workers` single-threaded processes, or on `scheduler`."""

    def __init__(self, workers: int, scheduler: str | None = None) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise InputError(
                "executor", "dask is not installed; install mixplan[scale] or use --executor local"
            ) from None
        self._stack = ExitStack()
        try:
            if scheduler is None:
                cluster = self._stack.enter_context(local_cluster(workers))
                self.client = self._stack.enter_context(Client(cluster))
            else:
                self.client = self._stack.enter_context(Client(scheduler, timeout=30))
        except OSError as exc:
            self._stack.close()
            raise MixplanError(f"cannot reach the Dask scheduler {scheduler or 'LocalCluster'}: {exc}") from None

    def submit(self, function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """Run on any worker; ``pure=False`` so equal calls are separate tasks."""
        return self.client.submit(function, *args, pure=False, **kwargs)

    def __exit__(self, *exc: object) -> None:
        self._stack.close()


def open_executor(kind: str, workers: int, scheduler: str | None = None) -> LocalExecutor | DaskExecutor:
    """The executor named `kind` ("local" or "dask") with `workers` processes."""
    if workers < 1:
        raise InputError("workers", f"must be at least 1, not {workers!r}")
    if kind == "local":
        if scheduler is not None:
            raise InputError("scheduler", "a scheduler address needs --executor dask")
        return LocalExecutor(workers)
    if kind == "dask":
        return DaskExecutor(workers, scheduler)
    raise InputError("executor", f"unknown executor {kind!r}; use one of {', '.join(EXECUTORS)}")
