"""`mixplan batch …` on SQLite with the local process pool: run, resume, status, a failing brand, runs --brand."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support.cli_invoke import EXAMPLE, Invoke

pytestmark = pytest.mark.slow


def _brands(folder: Path, names: list[str]) -> Path:
    folder.mkdir()
    text = EXAMPLE.read_text()
    for name in names:
        (folder / f"{name}.yaml").write_text(f"brand: {name}\n{text}")
    return folder


def test_batch_run_plans_each_brand_once_and_a_rerun_resumes(mixplan: Invoke, tmp_path: Path) -> None:
    folder = _brands(tmp_path / "brands", ["north", "south"])
    first = mixplan("--json", "batch", "run", str(folder), "--time-limit", "2", "--workers", "2")
    assert first.exit_code == 0, first.output
    report = json.loads(first.output)
    assert report["counts"]["done"] == 2 and report["exit_code"] == 0
    again = json.loads(mixplan("--json", "batch", "run", str(folder), "--time-limit", "2").output)
    assert again["batch"] == report["batch"]
    runs = json.loads(mixplan("runs", "list", "--json").output)
    assert sorted(run["brand"] for run in runs) == ["north", "south"]
    assert [run["brand"] for run in json.loads(mixplan("runs", "list", "--brand", "north", "--json").output)] == [
        "north"
    ]
    status = mixplan("batch", "status")
    assert status.exit_code == 0 and "done 2" in status.output


def test_a_failing_brand_gives_exit_6_and_is_listed(mixplan: Invoke, tmp_path: Path) -> None:
    folder = _brands(tmp_path / "brands", ["good"])
    (folder / "zz-bad.yaml").write_text("brand: bad\n" + EXAMPLE.read_text().replace("instagram", "myspace", 1))
    result = mixplan("batch", "run", str(folder), "--time-limit", "2", "--workers", "1")
    assert result.exit_code == 6, result.output  # the batch finished; one brand failed
    assert "myspace" in result.output and "bad" in result.output
    assert "Traceback" not in result.output
    status = mixplan("--json", "batch", "status")
    assert status.exit_code == 6
    items = {item["brand"]: item for item in json.loads(status.output)["items"]}
    assert items["good"]["status"] == "done"
    assert (items["bad"]["status"], items["bad"]["error_kind"], items["bad"]["exit_code"]) == ("failed", "input", 2)


def test_a_missing_source_is_bad_input(mixplan: Invoke, tmp_path: Path) -> None:
    result = mixplan("batch", "run", str(tmp_path / "nowhere"))
    assert result.exit_code == 2 and "no such folder" in result.output


def _queue_batch(db_url: str, folder: Path) -> str:
    """Create a batch of the folder's scenarios in the database without running it (as a scheduler would)."""
    from mixplan.batch import BatchJob, BatchOptions, queue
    from mixplan.loading import load_scenario
    from mixplan.storage import Store

    jobs = [BatchJob(load_scenario(path)) for path in sorted(folder.glob("*.yaml"))]
    with Store(db_url) as store:
        return queue.create_batch(store, jobs, BatchOptions(time_limit_s=2, seed=1), name="nightly")


def test_batch_work_plans_a_queued_batch_in_this_process(mixplan: Invoke, db_url: str, tmp_path: Path) -> None:
    identity = _queue_batch(db_url, _brands(tmp_path / "brands", ["north", "south"]))
    listed = json.loads(mixplan("batch", "list", "--json").output)
    assert [(entry["batch"], entry["name"], entry["queued"], entry["done"]) for entry in listed] == [
        (identity, "nightly", 2, 0)
    ]
    worked = mixplan("--json", "batch", "work", identity[:8], "--no-wait")
    assert worked.exit_code == 0, worked.output
    summary = json.loads(worked.output)
    assert (summary["planned"], summary["failed"], summary["pid"]) == (2, 0, os.getpid())
    assert sorted(run["brand"] for run in json.loads(mixplan("runs", "list", "--json").output)) == ["north", "south"]
    after = json.loads(mixplan("batch", "list", "--json").output)
    assert (after[0]["done"], after[0]["queued"], after[0]["failed"]) == (2, 0, 0)
    again = mixplan("batch", "work", "--no-wait")  # the newest batch; nothing left to do
    assert again.exit_code == 0 and "planned 0, failed 0" in again.output
    unknown = mixplan("batch", "work", "ffffffff")
    assert unknown.exit_code == 2 and "matches no batch" in unknown.output


def test_batch_retry_kind_queues_only_failures_of_that_kind(mixplan: Invoke, tmp_path: Path) -> None:
    folder = _brands(tmp_path / "brands", ["good"])
    (folder / "zz-bad.yaml").write_text("brand: bad\n" + EXAMPLE.read_text().replace("instagram", "myspace", 1))
    assert mixplan("batch", "run", str(folder), "--time-limit", "2", "--workers", "1").exit_code == 6
    other = mixplan("batch", "retry", "--kind", "storage", "--kind", "lost")
    assert other.exit_code == 0 and "queued 0 failed items" in other.output
    assert json.loads(mixplan("batch", "list", "--json").output)[0]["failed"] == 1
    retried = mixplan("batch", "retry", "--kind", "input")
    assert retried.exit_code == 0 and "queued 1 failed item of batch" in retried.output
    listed = json.loads(mixplan("batch", "list", "--json").output)[0]
    assert (listed["done"], listed["queued"], listed["failed"]) == (1, 1, 0)
    status = json.loads(mixplan("--json", "batch", "status").output)
    bad = next(item for item in status["items"] if item["brand"] == "bad")
    assert (bad["status"], bad["attempts"]) == ("queued", 0)
    rerun = mixplan("batch", "run", str(folder), "--time-limit", "2", "--workers", "1")
    assert rerun.exit_code == 6  # the same bad input fails the same way, once more
    assert json.loads(mixplan("batch", "list", "--json").output)[0]["failed"] == 1
