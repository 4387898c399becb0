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


def _catalogue(tmp_path: Path, items: int, window_days: int | None) -> Path:
    """The bundled example with ``items`` content items (each available ``window_days`` days, None: all)."""
    import datetime as dt

    import yaml

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    start = dt.date.fromisoformat(str(data["horizon"]["start"]))
    base = [c for c in data["content"] if not c.get("required") and not c.get("required_channels")]
    content = []
    for i in range(items):
        item = {k: v for k, v in base[i % len(base)].items() if k not in ("available_from", "available_until")}
        item["id"] = f"{item['id']}-{i}"
        if window_days is not None:
            first = start + dt.timedelta(days=i % (28 - window_days + 1))
            item["available_from"] = first.isoformat()
            item["available_until"] = (first + dt.timedelta(days=window_days - 1)).isoformat()
        content.append(item)
    data["content"] = content
    path = tmp_path / f"catalogue-{items}-{window_days}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_a_catalogue_too_large_for_the_budget_is_refused_naming_the_content(tmp_path: Path) -> None:
    scenario = load_scenario(_catalogue(tmp_path, 2000, None))
    with pytest.raises(InputError) as caught:
        check_size(scenario, parse_memory("300MiB"))
    assert caught.value.field == "content"
    assert "2,000" in caught.value.problem and "available_until" in caught.value.problem


def test_item_windows_count_in_the_estimate(tmp_path: Path) -> None:
    """Items available for 2 days of the 28 need about a fourteenth of the candidates: that fits."""
    check_size(load_scenario(_catalogue(tmp_path, 2000, 2)), parse_memory("300MiB"))
