"""`Store`: mixplan's database of scenarios, plan runs, history, audience snapshots, live limits and fitted curves."""

from __future__ import annotations

import copy
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from types import TracebackType
from typing import Any

from mixplan.errors import InputError
from mixplan.model.actuals import PostActual, PostValues
from mixplan.model.history import FittedCurve, HistoryRow, HistoryValues
from mixplan.model.live import AudienceSnapshot, LiveLimits
from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario
from mixplan.storage import actual_rows, history_rows, run_rows, snapshot_rows
from mixplan.storage.brands import DEFAULT_BRAND, checked_brand
from mixplan.storage.channel_data import ChannelData, read_channel_data
from mixplan.storage.connection import open_engine
from mixplan.storage.hashing import require_credential_references
from mixplan.storage.location import (
    default_database_path,
    default_database_url,
    parse_database_url,
    shown_url,
    sqlite_url,
)
from mixplan.storage.migrate import ensure_schema
from mixplan.storage.results import ActualsImportCounts, HistoryImportResult, RunSummary, StoredRun
from mixplan.storage.transactions import in_transaction
from sqlalchemy.engine import Engine
from sqlmodel import Session


class Store:
    """A connection to mixplan's database, migrated to the newest schema when opened.

    `url` is any SQLAlchemy URL (``sqlite:///PATH``, ``postgresql+psycopg://USER@HOST/DB``) or a plain
    file path; None means ``$MIXPLAN_DB`` or, if that is unset, ``mixplan.db`` in the user data folder.
    Every write is one transaction: it is stored whole or not at all.

    `brand` scopes every read and write of history, snapshots, live limits and fitted curves (two brands
    may both have a channel ``ig_shop``); runs are stored under their scenario's brand. `pool_size` caps
    the connections this process keeps open to a server database.

    A store pickles as its URL (with its password: keep the pickle within your cluster, or give the
    password through PGPASSFILE / PGPASSWORD), brand and pool size; unpickled, it is the receiving
    process's one store for that database (see `reopen_store`). A store used in a forked child notices
    the new process id and opens its own pool instead of sharing the parent's sockets.
    """

    def __init__(self, url: str | None = None, *, brand: str = DEFAULT_BRAND, pool_size: int | None = None) -> None:
        text = default_database_url() if url is None else url
        if text == sqlite_url(default_database_path()):
            default_database_path().parent.mkdir(parents=True, exist_ok=True)
        self.brand = checked_brand(brand)
        """The brand this store reads and writes."""
        self._parsed = parse_database_url(text)
        self._pool_size = pool_size
        self.url = shown_url(self._parsed)
        """The database URL with any password hidden (safe to print)."""
        self._engine: Engine = open_engine(self._parsed, pool_size)
        self._pid = os.getpid()
        try:
            ensure_schema(self._engine)
        except BaseException:
            self._engine.dispose()
            raise

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine of this process (re-opened after a fork: pooled sockets are never shared)."""
        if self._pid != os.getpid():
            self._engine.dispose(close=False)  # leave the parent's connections to the parent
            self._engine = open_engine(self._parsed, self._pool_size)
            self._pid = os.getpid()
        return self._engine

    def for_brand(self, brand: str) -> Store:
        """The same database (and connection pool) scoped to another brand."""
        brand = checked_brand(brand)
        if brand == self.brand:
            return self
        scoped = copy.copy(self)
        scoped.brand = brand
        return scoped

    def __copy__(self) -> Store:
        # copy.copy would otherwise go through __reduce__, which hands back the process's shared store
        twin = object.__new__(Store)
        twin.__dict__.update(self.__dict__)
        return twin

    def __reduce__(self) -> tuple[Any, ...]:
        url = self._parsed.render_as_string(hide_password=False)
        return (reopen_store, (url, self.brand, self._pool_size))

    def save_run(
        self,
        scenario: Scenario,
        plan: Plan,
        run_key: str | None = None,
        parent_run_id: int | None = None,
        warnings: Sequence[str] | None = None,
    ) -> int:
        """Store a plan and its scenario (deduplicated by hash) in one transaction; returns the run id.

        The run is stored under the scenario's brand. With a `run_key` (see mixplan.batch) a run already
        stored under that key is not stored again: its id is returned. ``parent_run_id`` names the run
        this plan re-plans (``mixplan replan``); it must exist. ``warnings`` are the plan's warnings as
        printed (default: computed as of today); ``runs show`` repeats them and ``runs list`` counts them.
        """
        require_credential_references(scenario)
        return in_transaction(
            self.engine,
            lambda session: run_rows.save_run(session, scenario, plan, run_key, parent_run_id, warnings),
            what="store the run",
            retry_unique_conflicts=run_key is not None,
        )

    def channel_data(self, channel_ids: Sequence[str]) -> ChannelData:
        """This brand's newest curve, audience snapshot and live limits of each channel, read in one transaction.

        Pass it to the engine as the plan's data: every read of the plan sees the same data.
        """
        return in_transaction(
            self.engine,
            lambda session: read_channel_data(session, self.brand, list(channel_ids)),
            what="read channel data",
            write=False,
        )

    def get_run(self, run_id: int) -> StoredRun:
        """The stored run with this id; an unknown id is an InputError."""
        return in_transaction(
            self.engine, lambda session: run_rows.load_run(session, run_id), what=f"read run {run_id}", write=False
        )

    def list_runs(self, limit: int = 50, brand: str | None = None) -> list[RunSummary]:
        """Summaries of the newest `limit` runs of every brand, newest first; only `brand`'s if given."""
        _require_limit(limit)
        only = None if brand is None else checked_brand(brand)
        return in_transaction(
            self.engine, lambda session: run_rows.list_summaries(session, limit, only), what="list runs", write=False
        )

    def run_id_for_key(self, run_key: str) -> int | None:
        """The id of the run stored under `run_key`, or None."""
        return in_transaction(
            self.engine, lambda session: run_rows.run_id_for_key(session, run_key), what="find a run", write=False
        )

    def upsert_history(self, rows: Sequence[HistoryRow]) -> HistoryImportResult:
        """Store history rows in one transaction; a channel-day already stored is overwritten, not repeated."""
        return in_transaction(
            self.engine,
            lambda session: history_rows.upsert_rows(session, rows, self.brand),
            what="import the history",
            retry_unique_conflicts=True,
        )

    def upsert_history_batches(
        self, make_batches: Callable[[], Iterable[Sequence[HistoryValues]]]
    ) -> HistoryImportResult:
        """Write the batches of checked history rows `make_batches()` yields in one transaction (streamed imports).

        Memory holds one batch (see mixplan.storage.bulk_upsert). An exception from the
        batches (a bad row found while streaming) rolls everything back. `make_batches` is called
        again when the transaction is retried after a lock conflict. Rows must not repeat a channel-day.
        """
        return in_transaction(
            self.engine,
            lambda session: history_rows.upsert_batches(session, make_batches(), self.brand),
            what="import the history",
        )

    def upsert_actuals(self, posts: Sequence[PostActual], days: Sequence[HistoryRow]) -> ActualsImportCounts:
        """Store post actuals and channel-day actuals (the history table) together in one transaction."""
        return in_transaction(
            self.engine,
            lambda session: actual_rows.upsert_actuals(session, posts, days, self.brand),
            what="import the actuals",
            retry_unique_conflicts=True,
        )

    def upsert_actuals_batches(
        self, make_batches: Callable[[], Iterable[tuple[Sequence[PostValues], Sequence[HistoryValues]]]]
    ) -> ActualsImportCounts:
        """Write the (posts, days) batches `make_batches()` yields in one transaction (streamed actuals imports).

        An exception from the batches (a bad row found while streaming) rolls everything back;
        `make_batches` is called again when the transaction is retried after a lock conflict.
        """
        return in_transaction(
            self.engine,
            lambda session: actual_rows.upsert_actual_batches(session, make_batches(), self.brand),
            what="import the actuals",
        )

    def post_actuals(self, channel_id: str | None = None) -> list[PostActual]:
        """Stored post actuals ordered by publication time; only `channel_id`'s if given."""
        return in_transaction(
            self.engine,
            lambda session: actual_rows.read_posts(session, channel_id, self.brand),
            what="read post actuals",
            write=False,
        )

    def lineage(self, run_id: int) -> list[StoredRun]:
        """The run and its ancestors through ``parent_id``, oldest first."""
        chain = [self.get_run(run_id)]
        while chain[0].parent_id is not None and len(chain) < 1000:
            chain.insert(0, self.get_run(chain[0].parent_id))
        return chain

    def history(self, channel_id: str | None = None) -> list[HistoryRow]:
        """Stored history ordered by channel and day; only `channel_id`'s if given."""
        return in_transaction(
            self.engine,
            lambda session: history_rows.read_rows(session, channel_id, self.brand),
            what="read history",
            write=False,
        )

    def save_audience_snapshot(self, snapshot: AudienceSnapshot) -> int:
        """Store an audience snapshot; returns its id."""
        return in_transaction(
            self.engine,
            lambda session: snapshot_rows.insert_audience(session, snapshot, self.brand),
            what="store the audience snapshot",
        )

    def latest_audience(self, channel_id: str) -> AudienceSnapshot | None:
        """The most recently fetched audience snapshot of a channel, or None."""
        found = self.audience_snapshots(channel_id, limit=1)
        return found[0] if found else None

    def audience_snapshots(self, channel_id: str | None = None, limit: int | None = None) -> list[AudienceSnapshot]:
        """Audience snapshots, newest fetch first; of one channel if `channel_id` is given."""
        if limit is not None:
            _require_limit(limit)
        return in_transaction(
            self.engine,
            lambda session: snapshot_rows.audience_snapshots(session, self.brand, channel_id, limit),
            what="read audience snapshots",
            write=False,
        )

    def save_live_limits(self, limits: LiveLimits) -> int:
        """Store one fetch of a channel's live limits; returns its id."""
        return in_transaction(
            self.engine,
            lambda session: snapshot_rows.insert_live_limits(session, limits, self.brand),
            what="store the live limits",
        )

    def save_live_data(
        self, snapshot: AudienceSnapshot | None, limits: LiveLimits | None
    ) -> tuple[int | None, int | None]:
        """Store an audience snapshot and live limits (either may be None) in ONE transaction: both or neither.

        Returns the ids of the stored snapshot and limits (None for what was not given).
        """

        def write(session: Session) -> tuple[int | None, int | None]:
            snapshot_id = None if snapshot is None else snapshot_rows.insert_audience(session, snapshot, self.brand)
            limits_id = None if limits is None else snapshot_rows.insert_live_limits(session, limits, self.brand)
            return snapshot_id, limits_id

        return in_transaction(self.engine, write, what="store the live data")

    def latest_limits(self, channel_id: str) -> LiveLimits | None:
        """The most recently fetched live limits of a channel, or None."""
        found = self.live_limits(channel_id, limit=1)
        return found[0] if found else None

    def live_limits(self, channel_id: str | None = None, limit: int | None = None) -> list[LiveLimits]:
        """Stored live limits, newest fetch first; of one channel if `channel_id` is given."""
        if limit is not None:
            _require_limit(limit)
        return in_transaction(
            self.engine,
            lambda session: snapshot_rows.live_limits(session, self.brand, channel_id, limit),
            what="read live limits",
            write=False,
        )

    def save_fitted_curve(self, fitted: FittedCurve) -> int:
        """Store a fitted (or imported) response curve; returns its id."""
        return in_transaction(
            self.engine,
            lambda session: snapshot_rows.insert_fitted_curve(session, fitted, self.brand),
            what="store the fitted curve",
        )

    def latest_fitted_curve(self, channel_id: str) -> FittedCurve | None:
        """The most recently fitted curve of a channel, or None."""
        found = self.fitted_curves(channel_id, limit=1)
        return found[0] if found else None

    def fitted_curves(self, channel_id: str | None = None, limit: int | None = None) -> list[FittedCurve]:
        """Fitted curves, newest fit first; of one channel if `channel_id` is given."""
        if limit is not None:
            _require_limit(limit)
        return in_transaction(
            self.engine,
            lambda session: snapshot_rows.fitted_curves(session, self.brand, channel_id, limit),
            what="read fitted curves",
            write=False,
        )

    def close(self) -> None:
        """Close every pooled connection. The store cannot be used afterwards."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r}, brand={self.brand!r})"


_REOPENED: dict[tuple[int, str, int | None], Store] = {}
_REOPENED_LOCK = threading.Lock()


def reopen_store(url: str, brand: str = DEFAULT_BRAND, pool_size: int | None = None) -> Store:
    """This process's store for `url` (opened once per process and shared), scoped to `brand`.

    What an unpickled Store is: the tasks a worker process runs share one connection pool.
    """
    key = (os.getpid(), url, pool_size)
    with _REOPENED_LOCK:
        store = _REOPENED.get(key)
        if store is None:
            store = _REOPENED[key] = Store(url, pool_size=pool_size)
    return store.for_brand(brand)


def _require_limit(limit: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InputError("limit", f"must be a whole number of at least 1, got {limit!r}")
