"""Batch items as a queue in the database: created once, claimed with a lease, finished or retried.

On PostgreSQL a worker claims the next item with ``SELECT … FOR UPDATE SKIP LOCKED`` (many workers never
wait on each other); on SQLite the claim runs in a ``BEGIN IMMEDIATE`` transaction, which serializes the
workers of one machine. A claim is a lease: the worker renews it while it plans (`renew`); an item whose
lease ran out (its worker was killed or lost) is claimed again by the next worker that asks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from mixplan.batch.jobs import BatchJob, BatchOptions, batch_id, run_key
from mixplan.batch.outcome import Failure
from mixplan.hashing import scenario_document
from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario
from mixplan.storage import Store, run_rows
from mixplan.storage.hashing import require_credential_references
from mixplan.storage.tables import BatchItemRecord, BatchRecord
from mixplan.storage.transactions import in_transaction
from sqlmodel import Session, col, func, or_, select

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATUSES = (QUEUED, RUNNING, DONE, FAILED)


@dataclass(frozen=True)
class ClaimedItem:
    """An item a worker holds the lease on: what it needs to plan it."""

    id: int
    batch_id: str
    brand: str
    label: str
    run_key: str
    scenario: dict[str, Any]
    attempts: int
    stored_run_id: int | None = None
    """The run already stored under the item's run key (a crash after storing), read with the claim."""


@dataclass(frozen=True)
class BatchCounts:
    """How many items of a batch are in each state, and how many attempts were retries."""

    queued: int = 0
    running: int = 0
    done: int = 0
    failed: int = 0
    retried: int = 0

    @property
    def total(self) -> int:
        """Items in the batch."""
        return self.queued + self.running + self.done + self.failed

    @property
    def finished(self) -> bool:
        """Whether every item is done or failed."""
        return self.queued == 0 and self.running == 0


def _now() -> datetime:
    return datetime.now(UTC)


def create_batch(store: Store, jobs: list[BatchJob], options: BatchOptions, name: str = "") -> str:
    """Store the batch and its items unless it exists already (same jobs, same options); returns its id.

    Re-running the same batch finds it and leaves its items as they are: done items stay done.
    """
    keys = [run_key(job.scenario, options) for job in jobs]
    identity = batch_id(keys, options)
    for job in jobs:
        require_credential_references(job.scenario)

    def write(session: Session) -> str:
        if session.get(BatchRecord, identity) is not None:
            return identity
        now = _now()
        session.add(BatchRecord(id=identity, name=name or f"{len(jobs)} plans", options=vars(options), created_at=now))
        session.flush()
        seen: set[str] = set()
        for position, (job, key) in enumerate(zip(jobs, keys, strict=True)):
            if key in seen:  # the same brand and scenario twice: planned (and stored) once
                continue
            seen.add(key)
            session.add(
                BatchItemRecord(
                    batch_id=identity,
                    position=position,
                    brand=job.brand,
                    label=job.name,
                    run_key=key,
                    scenario=scenario_document(job.scenario),
                    status=QUEUED,
                    attempts=0,
                    updated_at=now,
                )
            )
        return identity

    return in_transaction(store.engine, write, what="create the batch", retry_unique_conflicts=True)


def batch_options(store: Store, identity: str) -> BatchOptions:
    """The options a stored batch was created with."""
    from mixplan.errors import InputError

    record = in_transaction(
        store.engine, lambda session: session.get(BatchRecord, identity), what="read the batch", write=False
    )
    if record is None:
        raise InputError("batch", f"no batch {identity!r}; see `mixplan batch list`")
    return BatchOptions(**record.options)


def claim(store: Store, identity: str, owner: str, options: BatchOptions) -> ClaimedItem | None:
    """Lease the next item that is queued (and past its backoff) or whose lease ran out; None if none.

    None too once a stop of the batch was requested. An expired item that already had every attempt fails
    as ``lost`` instead of being claimed again. The run already stored under the item's key (if any) is
    read in the same transaction, so a worker needs one round trip to start an item.
    """

    def write(session: Session) -> ClaimedItem | None:
        batch = session.get(BatchRecord, identity)
        if batch is None or batch.stop_requested_at is not None:
            return None
        while True:
            now = _now()
            query = (
                select(BatchItemRecord)
                .where(
                    BatchItemRecord.batch_id == identity,
                    or_(
                        (col(BatchItemRecord.status) == QUEUED)
                        & or_(col(BatchItemRecord.not_before).is_(None), col(BatchItemRecord.not_before) <= now),
                        (col(BatchItemRecord.status) == RUNNING) & (col(BatchItemRecord.lease_expires_at) < now),
                    ),
                )
                .order_by(col(BatchItemRecord.position))
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            record = session.exec(query).first()
            if record is None:
                return None
            if record.status == RUNNING and record.attempts >= options.max_attempts:
                _finish_failed(
                    record, Failure("lost", 1, f"worker {record.lease_owner} was lost {record.attempts} times")
                )
                session.flush()
                continue
            record.status = RUNNING
            record.lease_owner = owner
            record.lease_expires_at = now + timedelta(seconds=options.lease_s)
            record.attempts += 1
            record.updated_at = now
            session.flush()
            assert record.id is not None
            return ClaimedItem(
                id=record.id,
                batch_id=identity,
                brand=record.brand,
                label=record.label,
                run_key=record.run_key,
                scenario=record.scenario,
                attempts=record.attempts,
                stored_run_id=run_rows.run_id_for_key(session, record.run_key),
            )

    return in_transaction(store.engine, write, what="claim a batch item")


def renew(store: Store, item_id: int, owner: str, lease_s: float) -> bool:
    """Extend `owner`'s lease; False when the lease is no longer theirs or the batch is being stopped."""

    def write(session: Session) -> bool:
        record = session.get(BatchItemRecord, item_id)
        if record is None or record.status != RUNNING or record.lease_owner != owner:
            return False
        batch = session.get(BatchRecord, record.batch_id)
        if batch is not None and batch.stop_requested_at is not None:
            return False
        record.lease_expires_at = _now() + timedelta(seconds=lease_s)
        return True

    return in_transaction(store.engine, write, what="renew a lease")


def finish(store: Store, item: ClaimedItem, owner: str, run_id: int) -> None:
    """Mark the item done with its stored run (if `owner` still holds it; a later claimer may finish it too)."""

    def write(session: Session) -> None:
        record = session.get(BatchItemRecord, item.id)
        if record is None or record.status == DONE:
            return
        record.status = DONE
        record.run_id = run_id
        record.lease_owner = None
        record.lease_expires_at = None
        record.error_kind = record.error = record.exit_code = None
        record.updated_at = _now()

    in_transaction(store.engine, write, what="finish a batch item")


def store_and_finish(store: Store, item: ClaimedItem, owner: str, scenario: Scenario, plan: Plan) -> int:
    """Store the item's plan under its run key and mark the item done, in one transaction; returns the run id.

    The plan and the item's status are committed together: a crash leaves neither or both.
    """
    require_credential_references(scenario)

    def write(session: Session) -> int:
        run_id = run_rows.save_run(session, scenario, plan, item.run_key)
        record = session.get(BatchItemRecord, item.id)
        if record is not None and record.status != DONE:
            record.status = DONE
            record.run_id = run_id
            record.lease_owner = None
            record.lease_expires_at = None
            record.error_kind = record.error = record.exit_code = None
            record.updated_at = _now()
        return run_id

    return in_transaction(store.engine, write, what="store the plan", retry_unique_conflicts=True)


def fail(store: Store, item: ClaimedItem, owner: str, failure: Failure, options: BatchOptions) -> str:
    """Record a failed attempt: retryable ones go back to the queue after a backoff until the attempts run out.

    Returns the item's new status.
    """

    def write(session: Session) -> str:
        record = session.get(BatchItemRecord, item.id)
        if record is None or record.status != RUNNING or record.lease_owner != owner:
            return record.status if record is not None else FAILED
        record.error_kind, record.error, record.exit_code = failure.kind, failure.message, failure.exit_code
        if failure.retryable and record.attempts < options.max_attempts:
            record.status = QUEUED
            record.not_before = _now() + timedelta(seconds=options.backoff_s * 2 ** (record.attempts - 1))
            record.lease_owner = record.lease_expires_at = None
            record.updated_at = _now()
        else:
            _finish_failed(record, failure)
        return record.status

    return in_transaction(store.engine, write, what="record a failed batch item")


def release(store: Store, item: ClaimedItem, owner: str) -> None:
    """Put an item back in the queue without counting the attempt (the batch was stopped)."""

    def write(session: Session) -> None:
        record = session.get(BatchItemRecord, item.id)
        if record is not None and record.status == RUNNING and record.lease_owner == owner:
            record.status = QUEUED
            record.attempts = max(0, record.attempts - 1)
            record.lease_owner = record.lease_expires_at = None
            record.updated_at = _now()

    in_transaction(store.engine, write, what="release a batch item")


def _finish_failed(record: BatchItemRecord, failure: Failure) -> None:
    record.status = FAILED
    record.error_kind, record.error, record.exit_code = failure.kind, failure.message, failure.exit_code
    record.lease_owner = record.lease_expires_at = None
    record.updated_at = _now()


def counts(store: Store, identity: str) -> BatchCounts:
    """The batch's items by state; `retried` counts attempts beyond each item's first."""

    def read(session: Session) -> BatchCounts:
        rows = session.exec(
            select(BatchItemRecord.status, func.count(), func.sum(BatchItemRecord.attempts))
            .where(BatchItemRecord.batch_id == identity)
            .group_by(col(BatchItemRecord.status))
        ).all()
        by_status = Counter({status: number for status, number, _ in rows})
        attempts = sum(int(total or 0) for _, _, total in rows)
        started = sum(number for status, number, _ in rows if status != QUEUED)
        retried = max(0, attempts - started)  # every attempt but each started item's first
        return BatchCounts(
            queued=by_status[QUEUED],
            running=by_status[RUNNING],
            done=by_status[DONE],
            failed=by_status[FAILED],
            retried=retried,
        )

    return in_transaction(store.engine, read, what="count batch items", write=False)


def items(store: Store, identity: str) -> list[BatchItemRecord]:
    """Every item of the batch in job order."""
    return in_transaction(
        store.engine,
        lambda session: list(
            session.exec(
                select(BatchItemRecord)
                .where(BatchItemRecord.batch_id == identity)
                .order_by(col(BatchItemRecord.position))
            )
        ),
        what="read batch items",
        write=False,
    )


def request_stop(store: Store, identity: str) -> None:
    """Ask every worker of the batch to stop: their next heartbeat stops the solve and re-queues the item."""

    def write(session: Session) -> None:
        batch = session.get(BatchRecord, identity)
        if batch is not None and batch.stop_requested_at is None:
            batch.stop_requested_at = _now()

    in_transaction(store.engine, write, what="stop the batch")


def clear_stop(store: Store, identity: str) -> None:
    """Let a stopped batch run again (re-running the batch command resumes it)."""

    def write(session: Session) -> None:
        batch = session.get(BatchRecord, identity)
        if batch is not None:
            batch.stop_requested_at = None

    in_transaction(store.engine, write, what="resume the batch")


def stop_requested(store: Store, identity: str) -> bool:
    """Whether a stop was requested for the batch."""
    batch = in_transaction(
        store.engine, lambda session: session.get(BatchRecord, identity), what="read the batch", write=False
    )
    return batch is not None and batch.stop_requested_at is not None


def retry_failed(store: Store, identity: str, kinds: tuple[str, ...] | None = None) -> int:
    """Queue the batch's failed items again (only those of `kinds` if given) with fresh attempts; returns how many."""

    def write(session: Session) -> int:
        query = select(BatchItemRecord).where(BatchItemRecord.batch_id == identity, BatchItemRecord.status == FAILED)
        if kinds:
            query = query.where(col(BatchItemRecord.error_kind).in_(kinds))
        found = list(session.exec(query))
        for record in found:
            record.status = QUEUED
            record.attempts = 0
            record.not_before = None
            record.updated_at = _now()
        return len(found)

    return in_transaction(store.engine, write, what="retry failed items")


def list_batches(store: Store, limit: int = 20) -> list[tuple[BatchRecord, BatchCounts]]:
    """The newest batches with their counts."""
    batches = in_transaction(
        store.engine,
        lambda session: list(
            session.exec(select(BatchRecord).order_by(col(BatchRecord.created_at).desc()).limit(limit))
        ),
        what="list batches",
        write=False,
    )
    return [(batch, counts(store, batch.id)) for batch in batches]
