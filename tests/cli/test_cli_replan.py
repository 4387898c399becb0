"""`mixplan replan` and `mixplan export --format ics` of a re-plan, against a fresh SQLite database."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import icalendar
import mixplan as mixplan_lib
from mixplan.storage import Store
from support.cli_invoke import Invoke
from support.plans import make_scenario


def test_replan_stores_a_child_run_and_its_calendar_cancels_or_updates_the_parents_events(
    mixplan: Invoke, db_url: str, tmp_path: Path
) -> None:
    scenario = make_scenario()
    parent = mixplan_lib.plan(scenario, time_limit_s=3)
    with Store(db_url) as store:
        parent_id = store.save_run(scenario, parent)
    actuals = tmp_path / "actuals.csv"
    actuals.write_text("date,channel,spend,revenue\n2026-11-23,gads,10.00,30.00\n")
    assert mixplan("actuals", "import", str(actuals)).exit_code == 0
    result = mixplan("replan", str(parent_id), "--as-of", "2026-11-26", "--time-limit", "3", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    child_id = document["run_id"]
    assert document["replan"]["parent"] == parent_id
    assert document["replan"]["moved"] == 0
    with Store(db_url) as store:
        child = store.get_run(child_id)
        assert child.parent_id == parent_id
        assert [r.amount for r in child.plan.spend if r.channel_id == "gads" and str(r.day) == "2026-11-23"] == [
            Decimal("10.00")
        ]
    out = tmp_path / "child.ics"
    assert mixplan("export", str(child_id), "--format", "ics", "-o", str(out)).exit_code == 0
    parent_out = tmp_path / "parent.ics"
    assert mixplan("export", str(parent_id), "--format", "ics", "-o", str(parent_out)).exit_code == 0
    uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    parent_uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(parent_out.read_bytes()).walk("VEVENT")}
    assert parent_uids <= uids


def test_replan_with_a_date_outside_the_window_exits_2(mixplan: Invoke, db_url: str) -> None:
    scenario = make_scenario()
    with Store(db_url) as store:
        parent_id = store.save_run(scenario, mixplan_lib.plan(scenario, time_limit_s=3))
    result = mixplan("replan", str(parent_id), "--as-of", "2027-01-05", "--time-limit", "3")
    assert result.exit_code == 2
    assert "--as-of" in result.stderr and len(result.stderr.splitlines()) == 1
    missing = mixplan("replan", "999", "--as-of", "2026-11-26")
    assert missing.exit_code == 2
