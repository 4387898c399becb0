"""`mixplan export` in every built-in format, and `mixplan report`, on a stored run."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import icalendar
import pytest
from mixplan.model import Plan
from mixplan.report import SECTION_IDS
from mixplan.storage import Store
from support.cli_invoke import Invoke
from support.html_markup import parse
from support.plans import make_plan, make_scenario


@pytest.fixture
def run(db_url: str) -> tuple[int, Plan]:
    """A stored run and its plan."""
    scenario = make_scenario()
    plan = make_plan(scenario)
    with Store(db_url) as store:
        return store.save_run(scenario, plan), plan


def test_json_to_the_default_file_round_trips(mixplan: Invoke, run: tuple[int, Plan], tmp_path: Path) -> None:
    run_id, plan = run
    result = mixplan("export", str(run_id), "--format", "json")
    assert result.exit_code == 0, result.output
    target = tmp_path / f"mixplan-run-{run_id}.json"
    assert result.stdout.startswith(f"wrote mixplan-run-{run_id}.json")
    assert Plan.model_validate_json(target.read_bytes()) == plan


def test_json_to_stdout(mixplan: Invoke, run: tuple[int, Plan]) -> None:
    run_id, plan = run
    result = mixplan("export", str(run_id), "--format", "json", "-o", "-")
    assert result.exit_code == 0
    assert Plan.model_validate_json(result.stdout) == plan


def test_csv_zip_has_rows_for_every_post_spend_day_and_boost(
    mixplan: Invoke, run: tuple[int, Plan], tmp_path: Path
) -> None:
    run_id, plan = run
    assert mixplan("export", str(run_id), "--format", "csv", "-o", "plan.zip").exit_code == 0
    with zipfile.ZipFile(tmp_path / "plan.zip") as archive:
        tables = {
            name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
            for name in ("posts.csv", "spend.csv", "boosts.csv")
        }
    assert len(tables["posts.csv"]) == len(plan.posts)
    assert tables["posts.csv"][0]["title"] == "Winter jacket reel"
    assert sum(Decimal(r["amount"]) for r in tables["spend.csv"]) == plan.totals.ad_spend
    assert sum(Decimal(r["amount"]) for r in tables["boosts.csv"]) == plan.totals.boost_spend


def test_csv_spend_and_posts_to_stdout(mixplan: Invoke, run: tuple[int, Plan]) -> None:
    run_id, plan = run
    spend = mixplan("export", str(run_id), "--format", "csv-spend", "-o", "-")
    rows = list(csv.DictReader(io.StringIO(spend.stdout.lstrip("\ufeff"))))
    assert [(r["date"], Decimal(r["amount"])) for r in rows] == [(a.day.isoformat(), a.amount) for a in plan.spend]
    posts = mixplan("export", str(run_id), "--format", "csv-posts", "-o", "-")
    assert len(list(csv.DictReader(io.StringIO(posts.stdout.lstrip("\ufeff"))))) == len(plan.posts)


def test_ics_has_an_event_per_post_titled_from_the_stored_scenario(
    mixplan: Invoke, run: tuple[int, Plan], tmp_path: Path
) -> None:
    run_id, plan = run
    assert mixplan("export", str(run_id), "--format", "ics").exit_code == 0
    calendar = icalendar.Calendar.from_ical((tmp_path / f"mixplan-run-{run_id}.ics").read_bytes())
    events = [e for e in calendar.walk("VEVENT") if isinstance(e, icalendar.Event)]
    titles = {item.id: item.title for item in make_scenario().content}
    assert sorted(str(e["SUMMARY"]) for e in events) == sorted(
        f"{p.channel_id}: {titles[p.content_id]}" for p in plan.posts
    )
    for event in events:
        start = event.decoded("DTSTART")
        assert getattr(start.tzinfo, "key", None) == "Europe/Berlin"
        assert event.decoded("DTEND") - start == timedelta(minutes=make_scenario().horizon.slot_minutes)
    assert sorted(e.decoded("DTSTART") for e in events) == sorted(p.start for p in plan.posts)


def test_unknown_format_and_binary_to_stdout_are_bad_input(mixplan: Invoke, run: tuple[int, Plan]) -> None:
    run_id, _ = run
    unknown = mixplan("export", str(run_id), "--format", "pdf")
    assert unknown.exit_code == 2
    assert "'pdf' is not one of 'csv', 'csv-boosts'" in unknown.stderr and "'xlsx'" in unknown.stderr
    binary = mixplan("export", str(run_id), "--format", "csv", "-o", "-")
    assert binary.exit_code == 2 and "binary" in binary.stderr
    assert mixplan("export", "424242", "--format", "json").exit_code == 2


def test_report_writes_one_self_contained_html_file(mixplan: Invoke, run: tuple[int, Plan], tmp_path: Path) -> None:
    run_id, plan = run
    result = mixplan("report", str(run_id), "-o", "r.html")
    assert result.exit_code == 0, result.output
    document = (tmp_path / "r.html").read_text(encoding="utf-8")
    page = parse(document)
    # `mixplan report` adds the plan-against-actual section before the solve report
    assert [a["id"] for t, a in page.elements if t == "section"] == [*SECTION_IDS[:-1], "tracking", "solve"]
    assert "http://" not in document and "https://" not in document
    bars = page.having("rect", "spend")
    assert sum(Decimal(b["data-amount"]) for b in bars) == plan.totals.spend
    curves = [a["data-channel"] for t, a in page.elements if "curve-block" in a.get("class", "").split()]
    assert curves == ["ig_main", "gads"], "both channels buy ads: their resolved curves are drawn"
    assert mixplan("report", str(run_id)).exit_code == 0
    assert (tmp_path / f"mixplan-run-{run_id}.html").exists()
