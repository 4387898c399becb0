"""Two `mixplan plan` processes against one SQLite file at the same time both succeed and both runs are stored."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from mixplan.storage import Store


@pytest.mark.slow
def test_two_plan_processes_share_one_sqlite_file(tmp_path: Path) -> None:
    database = tmp_path / "shared.db"
    command = [sys.executable, "-m", "mixplan.cli", "--db", str(database)]
    subprocess.run([*command, "init", str(tmp_path / "shop")], check=True, capture_output=True, timeout=120)
    scenario = tmp_path / "shop" / "scenario.yaml"
    processes = [
        subprocess.Popen(
            [*command, "plan", str(scenario), "--time-limit", "20", "--seed", str(seed), "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in (1, 2)
    ]
    outcomes = [process.communicate(timeout=300) for process in processes]
    for process, (_out, err) in zip(processes, outcomes, strict=True):
        assert process.returncode == 0, err
    with Store(str(database)) as store:
        runs = store.list_runs()
    assert len(runs) == 2
    assert {run.id for run in runs} == {1, 2}
