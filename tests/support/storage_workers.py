"""Functions run in separate OS processes by the storage tests (concurrency, killed writers)."""

from __future__ import annotations

import time
import traceback
from pathlib import Path
from typing import Any

from support.plans import make_history, make_plan, make_scenario


def save_runs(url: str, barrier: Any, results: Any, worker: int, count: int) -> None:
    """Wait for the others, open the store (maybe first use of an empty database), save `count` runs."""
    from mixplan.storage import Store, scenario_hash

    try:
        scenario = make_scenario(name=f"Shop {worker % 2}")
        barrier.wait(timeout=120)
        store = Store(url)
        try:
            ids = [
                store.save_run(scenario, make_plan(scenario, scenario_hash=scenario_hash(scenario), variant=worker))
                for _ in range(count)
            ]
            imported = store.upsert_history(make_history(f"ch{worker % 2}", 30))
        finally:
            store.close()
        results.put((worker, "ok", ids, imported.inserted + imported.updated))
    except BaseException:
        results.put((worker, "error", traceback.format_exc(), 0))


def save_run_and_hang(url: str, ready: str) -> None:
    """Save a run but stop inside its transaction, right before the boosts are inserted, and wait.

    The statement hook is SQLAlchemy's real ``before_cursor_execute`` event: by then the scenario,
    run, post and spend rows have been sent to the database in the still-open transaction. The test
    kills this process there with SIGKILL.
    """
    from mixplan.storage import Store
    from sqlalchemy import event

    store = Store(url)
    scenario = make_scenario()

    @event.listens_for(store.engine, "before_cursor_execute")
    def _hang_before_boosts(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO BOOSTS"):
            Path(ready).write_text("inside the transaction\n")
            while True:
                time.sleep(1)

    store.save_run(scenario, make_plan(scenario))
