"""Running one unit of work in one transaction, retried when another process holds the lock."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from mixplan.storage.connection import WRITE_OPTION, StorageError, driver_message
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlmodel import Session

T = TypeVar("T")

LOCK_RETRY_DEADLINE_S = 120.0
"""How long a write keeps retrying while other processes hold the database (beyond busy_timeout)."""

CONFLICT_ATTEMPTS = 3
"""Attempts of a unit of work that may lose a race on a unique key (e.g. two imports of one day)."""

_RETRYABLE_SQLSTATES = {"40001", "40P01"}  # PostgreSQL: serialization failure, deadlock detected
_LOCK_MESSAGES = ("database is locked", "database is busy", "database table is locked")


def is_lock_conflict(exc: BaseException) -> bool:
    """True when the database refused because another transaction holds a lock: worth retrying."""
    if not isinstance(exc, DBAPIError):
        return False
    if getattr(exc.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES:
        return True
    message = str(exc.orig).lower()
    return any(text in message for text in _LOCK_MESSAGES)


def in_transaction(
    engine: Engine,
    work: Callable[[Session], T],
    *,
    what: str,
    write: bool = True,
    retry_unique_conflicts: bool = False,
) -> T:
    """Run `work(session)` in one transaction and commit; on any error roll back everything.

    Lock conflicts are retried with jittered exponential backoff for up to `LOCK_RETRY_DEADLINE_S`;
    unique-key conflicts are retried only if `retry_unique_conflicts`. Database errors become a
    `StorageError` naming `what` failed; other exceptions propagate unchanged (after the rollback).
    """
    bind = engine.execution_options(**{WRITE_OPTION: True}) if write else engine
    deadline = time.monotonic() + LOCK_RETRY_DEADLINE_S
    delay = 0.05
    conflicts = 0
    while True:
        try:
            with Session(bind, expire_on_commit=False) as session, session.begin():
                return work(session)
        except IntegrityError as exc:
            conflicts += 1
            if retry_unique_conflicts and conflicts < CONFLICT_ATTEMPTS:
                continue
            raise StorageError(_failure(what, write, exc)) from exc
        except SQLAlchemyError as exc:
            if is_lock_conflict(exc) and time.monotonic() + delay < deadline:
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 2.0)
                continue
            raise StorageError(_failure(what, write, exc)) from exc


def _failure(what: str, write: bool, exc: BaseException) -> str:
    outcome = "; nothing was written" if write else ""
    return f"could not {what}{outcome}: {driver_message(exc)}"
