"""A run is stored whole or not at all: a failing row, a failure raised mid-write, a killed process."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from mixplan.storage import StorageError, Store
from sqlalchemy import event, text
from support.plans import make_plan, make_scenario
from support.storage_workers import save_run_and_hang

TABLES = ("scenarios", "runs", "scheduled_posts", "spend_allocations", "boosts")


def _counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {table: int(connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar() or 0) for table in TABLES}


def _one_complete_run(store: Store) -> dict[str, int]:
    scenario = make_scenario(name="Before")
    plan = make_plan(scenario)
    store.save_run(scenario, plan)
    return _counts(store)


def test_a_later_row_that_violates_a_constraint_leaves_nothing(store: Store) -> None:
    before = _one_complete_run(store)
    scenario = make_scenario(name="Broken plan")
    plan = make_plan(scenario)
    duplicate_day = plan.spend[-1].model_copy()
    broken = plan.model_copy(update={"spend": [*plan.spend, duplicate_day]})

    with pytest.raises(StorageError) as caught:
        store.save_run(scenario, broken)
    assert "nothing was written" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert _counts(store) == before
    assert [summary.scenario_name for summary in store.list_runs()] == ["Before"]


def test_failure_raised_after_rows_were_sent_leaves_nothing(store: Store) -> None:
    before = _one_complete_run(store)
    sent: list[str] = []

    def fail_before_boosts(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        sent.append(statement.split()[2] if statement.upper().startswith("INSERT") else "")
        if statement.upper().startswith("INSERT INTO BOOSTS"):
            raise RuntimeError("solver crashed while the run was being written")

    event.listen(store.engine, "before_cursor_execute", fail_before_boosts)
    try:
        scenario = make_scenario(name="Interrupted")
        with pytest.raises(RuntimeError, match="solver crashed"):
            store.save_run(scenario, make_plan(scenario))
    finally:
        event.remove(store.engine, "before_cursor_execute", fail_before_boosts)

    assert {"scenarios", "runs", "scheduled_posts", "spend_allocations"} <= set(sent)
    assert _counts(store) == before
    assert len(store.list_runs()) == 1


def test_process_killed_in_the_middle_of_a_write_leaves_nothing(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    before = _one_complete_run(store)
    ready = tmp_path / "ready"
    context = multiprocessing.get_context("spawn")
    writer = context.Process(target=save_run_and_hang, args=(database_url, str(ready)))
    writer.start()
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert writer.is_alive(), "the writer died before reaching the boosts"
            assert time.monotonic() < deadline, "the writer never reached the boosts"
            time.sleep(0.05)
        assert writer.pid is not None
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.join(timeout=30)
    assert writer.exitcode == -signal.SIGKILL

    with Store(database_url) as reopened:
        assert _counts(reopened) == before
        scenario = make_scenario(name="After")
        run_id = reopened.save_run(scenario, make_plan(scenario))  # the database is usable: lock released
        assert reopened.get_run(run_id).plan == make_plan(scenario)
