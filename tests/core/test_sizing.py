"""The memory budget: a scenario too large to solve is refused before anything is built."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from mixplan.engine import Engine, PlanOptions
from mixplan.errors import InputError
from mixplan.loading import load_scenario
from mixplan.sizing import DEFAULT_MAX_MEMORY, check_size, parse_memory
from mixplan.solver.size import estimate_size

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "shop" / "scenario.yaml"


def _year(tmp_path: Path, slot_minutes: int) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("  days: 28 ", "  days: 366 ").replace("  slot_minutes: 60", f"  slot_minutes: {slot_minutes}")
    path = tmp_path / f"year-{slot_minutes}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_year_of_five_minute_slots_is_refused_naming_the_slot_length(tmp_path: Path) -> None:
    scenario = load_scenario(_year(tmp_path, 5))
    with pytest.raises(InputError) as caught:
        Engine().plan(scenario, PlanOptions(time_limit_s=1))
    assert caught.value.field == "horizon.slot_minutes"
    assert "GiB" in caught.value.problem and "--max-memory" in caught.value.problem


def test_a_year_of_hourly_slots_fits_the_default_budget(tmp_path: Path) -> None:
    check_size(load_scenario(_year(tmp_path, 60)), DEFAULT_MAX_MEMORY)


def test_the_budget_can_be_raised(tmp_path: Path) -> None:
    check_size(load_scenario(_year(tmp_path, 5)), parse_memory("1000GiB"))


def test_cli_refuses_with_exit_2_and_one_line(tmp_path: Path) -> None:
    path = _year(tmp_path, 5)
    done = subprocess.run(
        [sys.executable, "-m", "mixplan.cli", "plan", str(path), "--no-store", "--time-limit", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "horizon.slot_minutes" in lines[0]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("text", "expected"), [("4GiB", 4 * 2**30), ("500MB", 500 * 10**6), ("2048", 2048)])
def test_memory_sizes_parse(text: str, expected: int) -> None:
    assert parse_memory(text) == expected


@pytest.mark.parametrize("text", ["", "12XB", "-1GiB", "nanGiB", "GiB"])
def test_bad_memory_sizes_name_the_option(text: str) -> None:
    with pytest.raises(InputError, match="--max-memory"):
        parse_memory(text)


def test_estimate_grows_with_slots_per_day() -> None:
    hourly = estimate_size(366, 24, 5, 40 * 5 * 366 * 24, 0)
    five_minutes = estimate_size(366, 288, 5, 40 * 5 * 366 * 288, 0)
    assert five_minutes.bytes > 100 * (hourly.bytes - 150 * 2**20)
