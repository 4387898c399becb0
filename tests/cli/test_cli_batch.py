"""`mixplan batch …` on SQLite with the local process pool: run, resume, status, a failing brand, runs --brand."""

from __future__ import annotations

import json
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
