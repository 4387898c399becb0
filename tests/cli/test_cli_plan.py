"""`mixplan plan`: real solves of small scenarios, stored runs, JSON output and every exit code of a solve."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from mixplan import Engine, load_scenario, verify
from mixplan.model import Plan
from mixplan.storage import Store
from support.cli_invoke import EXAMPLE, Invoke

INFEASIBLE = """
name: Too small for TikTok
currency: EUR
horizon: {start: 2026-11-23, days: 7, timezone: Europe/Berlin}
channels:
  - id: tt
    platform: tiktok
    organic: false
    ads:
      curve: {kind: hill, max_revenue: "500.00", half_saturation: "60.00", shape: 1.5}
budget:
  total: "500.00"
  channels:
    tt: {min: "400.00", max_daily: "30.00"}
"""


@pytest.fixture
def shop(mixplan: Invoke, tmp_path: Path) -> Path:
    """The scenario `mixplan init` writes (two weeks, four channels)."""
    assert mixplan("init").exit_code == 0
    return tmp_path / "scenario.yaml"


def test_plan_prints_a_summary_and_stores_a_verified_run(mixplan: Invoke, shop: Path, db_url: str) -> None:
    result = mixplan("plan", str(shop), "--time-limit", "30")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Bean & Kettle") and lines[0].endswith("run 1")
    header = lines[1].split()
    assert header[:3] == ["channel", "ad", "spend"] and "ROAS" in header and header[-1] == "posts"
    # channels by name (platform and account), not by id
    assert {line.split()[0] for line in lines[2:8] if line.split()} >= {
        "Instagram",
        "Facebook",
        "Google",
        "E-mail",
    }  # the platform names of the plugins
    assert any(line.startswith("status ") and " gap " in line for line in lines)
    with Store(db_url) as store:
        stored = store.get_run(1)
    assert stored.plan.report.status in ("optimal", "feasible")
    scenario = load_scenario(shop)
    assert stored.scenario == scenario
    assert verify(stored.plan, scenario, engine=Engine(load_entry_points=False)).ok
    total_line = next(line.split() for line in lines if line.split()[:1] == ["total"])
    assert total_line[-1] == str(len(stored.plan.posts))
    spend_line = next(line for line in lines if line.startswith("spend "))
    assert f"{stored.plan.totals.spend:,}" in spend_line


def test_plan_json_and_no_store(mixplan: Invoke, shop: Path, db_url: str) -> None:
    result = mixplan("plan", str(shop), "--json", "--no-store", "--seed", "3")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["run_id"] is None
    plan = Plan.model_validate(document["plan"])
    assert plan.report.seed == 3
    spend_by_channel = {row["channel"]: row["ad_spend"] for row in document["channels"]}
    assert sum(float(v) for v in spend_by_channel.values()) == pytest.approx(float(plan.totals.ad_spend))
    with Store(db_url) as store:
        assert store.list_runs() == []
    assert_layout_is_documented(document)


def assert_layout_is_documented(document: dict[str, Any]) -> None:
    """docs/plan.md's example of the `plan --json` envelope has exactly the keys a real run prints."""
    page = (Path(__file__).resolve().parents[2] / "docs" / "plan.md").read_text(encoding="utf-8")
    example = json.loads(page.split("```json\n", 1)[1].split("```", 1)[0])
    assert set(example) == set(document)
    for key in ("channels", "posts"):
        assert document[key], key
        assert set(example[key][0]) == set(document[key][0]), key


def test_objective_override_is_stored_with_the_run(mixplan: Invoke, shop: Path, db_url: str) -> None:
    data = yaml.safe_load(shop.read_text())
    data["objective"] = {"kind": "max_revenue", "margin": 0.45}
    shop.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = mixplan("plan", str(shop), "--objective", "max_profit", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["plan"]["report"]["objective_kind"] == "max_profit"
    with Store(db_url) as store:
        assert store.get_run(document["run_id"]).scenario.objective.kind == "max_profit"


def test_objective_override_without_its_parameter_is_bad_input(mixplan: Invoke, shop: Path) -> None:
    result = mixplan("plan", str(shop), "--objective", "min_spend_for_revenue")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {shop}: --objective: objective min_spend_for_revenue needs revenue_target "
        "in the scenario's objective section\n"
    )


def test_bad_file_is_exit_2_and_stores_nothing(mixplan: Invoke, tmp_path: Path, db_url: str) -> None:
    data = yaml.safe_load(EXAMPLE.read_text())
    data["budget"]["total"] = "-5"
    bad = tmp_path / "negative.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = mixplan("plan", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {bad}: budget.total:")
    assert len(result.stderr.splitlines()) == 1
    with Store(db_url) as store:
        assert store.list_runs() == []


def test_infeasible_scenario_exits_3_with_the_conflicting_rules(mixplan: Invoke, tmp_path: Path, db_url: str) -> None:
    scenario = tmp_path / "infeasible.yaml"
    scenario.write_text(INFEASIBLE)
    result = mixplan("plan", str(scenario))
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines[0] == "error: no plan satisfies every rule:"
    assert len(lines) >= 2 and all(line.startswith("  - ") for line in lines[1:])
    assert any("400.00" in line and "tt" in line for line in lines[1:])
    assert "Traceback" not in result.output
    with Store(db_url) as store:
        assert store.list_runs() == []


def _no_whole_number_mix(tmp_path: Path) -> Path:
    """A scenario with no valid plan that neither presolve nor the bound can prove infeasible.

    The required 'launch' post sits in week 0, where 'lookbook' must be 70–74 % of the posts: 2
    lookbook posts give 67 %, 3 give 75 %, so no whole number fits, while the LP relaxation (2.5)
    does. With 30,000+ candidates no exact model runs, so the solve ends without a plan on any machine.
    """
    looks = "\n".join(
        f'  - {{id: look-{n:02d}, title: "Lookbook {n}", category: lookbook, formats: [image]}}' for n in range(60)
    )
    scenario = tmp_path / "no_whole_number.yaml"
    scenario.write_text(
        "name: No whole number of posts fits the mix\n"
        "horizon: {start: 2026-11-23, days: 21, timezone: Europe/Berlin}\n"
        "channels:\n  - {id: ig, platform: instagram}\n"
        "content:\n"
        '  - {id: launch, title: "Launch teaser", category: launch, formats: [image], required: true,\n'
        "     available_from: 2026-11-23, available_until: 2026-11-29}\n"
        f"{looks}\n"
        'budget: {total: "0"}\n'
        "policy:\n  category_mix:\n    - {category: lookbook, min_share: 0.70, max_share: 0.74}\n"
    )
    return scenario


def test_no_feasible_plan_within_the_time_limit_exits_4(mixplan: Invoke, tmp_path: Path, db_url: str) -> None:
    result = mixplan("plan", str(_no_whole_number_mix(tmp_path)), "--time-limit", "2")
    assert result.exit_code == 4, result.output
    assert result.stderr.splitlines()[-1].startswith("error: no feasible plan found within the time limit of 2 s")
    assert "Traceback" not in result.output
    with Store(db_url) as store:
        assert store.list_runs() == []


def test_a_tiny_time_limit_still_gives_the_first_valid_plan(mixplan: Invoke, db_url: str) -> None:
    """The first heuristic plan is finished even past the limit (a plan beats none), then checked."""
    result = mixplan("plan", str(EXAMPLE), "--time-limit", "0.01")
    assert result.exit_code == 0, result.output
    with Store(db_url) as store:
        stored = store.get_run(1)
    assert stored.plan.report.status in ("feasible", "optimal")
    assert len(stored.plan.posts) > 0
    assert verify(stored.plan, load_scenario(EXAMPLE), engine=Engine(load_entry_points=False)).ok


def _start_plan(tmp_path: Path, db_url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "MIXPLAN_DB": db_url}
    return subprocess.Popen(
        [sys.executable, "-m", "mixplan.cli", "plan", str(EXAMPLE), "--time-limit", "120"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )


def _wait_for_first_plan(process: subprocess.Popen[str]) -> None:
    """Read stderr until the progress log reports a plan found (the solve has a feasible plan)."""
    assert process.stderr is not None
    deadline = time.monotonic() + 120
    for line in process.stderr:
        if line.startswith("solving") and "no plan yet" not in line:
            return
        assert time.monotonic() < deadline, "no progress reported"
    pytest.fail("the solve ended without reporting progress")


@pytest.mark.slow
def test_ctrl_c_keeps_the_best_plan_marked_interrupted(tmp_path: Path, db_url: str) -> None:
    process = _start_plan(tmp_path, db_url)
    _wait_for_first_plan(process)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err[-2000:]
    assert "status interrupted" in out
    assert "interrupted: this is the best plan found before the solve was stopped" in out
    with Store(db_url) as store:
        (run,) = store.list_runs()
        assert run.status == "interrupted"
        stored = store.get_run(run.id)
    assert verify(stored.plan, stored.scenario, engine=Engine(load_entry_points=False)).ok


@pytest.mark.slow
def test_a_second_ctrl_c_aborts_without_storing(tmp_path: Path, db_url: str) -> None:
    process = _start_plan(tmp_path, db_url)
    _wait_for_first_plan(process)
    process.send_signal(signal.SIGINT)
    time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "error: aborted" in err.splitlines()
    assert "Traceback" not in err
    with Store(db_url) as store:
        assert store.list_runs() == []


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_a_time_limit_that_is_not_a_number_of_seconds_exits_2(mixplan: Invoke, value: str, db_url: str) -> None:
    result = mixplan("plan", str(EXAMPLE), "--time-limit", value)
    assert result.exit_code == 2
    assert "--time-limit" in result.stderr and f"{value} is not a number of seconds" in result.stderr
    with Store(db_url) as store:
        assert store.list_runs() == []


def test_channel_minimums_over_the_budget_are_bad_input_exit_2(mixplan: Invoke, shop: Path, tmp_path: Path) -> None:
    data = yaml.safe_load(shop.read_text())
    data["budget"]["channels"]["google_search"] = {"min": "8000.00"}
    scenario = tmp_path / "over.yaml"
    scenario.write_text(yaml.safe_dump(data))
    result = mixplan("plan", str(scenario), "--no-store")
    assert result.exit_code == 2, result.output
    assert "budget: channel minimums add up to " in result.output
    assert "more than the total budget" in result.output
    page = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    exit_2 = next(line for line in page.splitlines() if line.startswith("| 2 |"))
    assert "channel minimums" in exit_2
