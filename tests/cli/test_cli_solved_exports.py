"""Exports and the report of a run solved for real (the `mixplan init` scenario), checked against the stored plan."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter, defaultdict
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from mixplan.model import Plan
from mixplan.storage import Store, StoredRun
from support.cli_invoke import Invoke
from support.html_markup import parse


@pytest.fixture
def solved(mixplan: Invoke, tmp_path: Path, db_url: str) -> StoredRun:
    """The init scenario planned and stored through the command line."""
    assert mixplan("init").exit_code == 0
    result = mixplan("plan", str(tmp_path / "scenario.yaml"), "--json")
    assert result.exit_code == 0, result.output
    with Store(db_url) as store:
        stored = store.get_run(json.loads(result.stdout)["run_id"])
    assert stored.plan.posts and stored.plan.spend, "the example plans posts and paid spend"
    return stored


def test_ics_event_by_event(mixplan: Invoke, solved: StoredRun, tmp_path: Path) -> None:
    plan, scenario = solved.plan, solved.scenario
    assert mixplan("export", str(solved.id), "--format", "ics", "-o", "plan.ics").exit_code == 0
    calendar = icalendar.Calendar.from_ical((tmp_path / "plan.ics").read_bytes())
    events = sorted(
        (e for e in calendar.walk("VEVENT") if isinstance(e, icalendar.Event)),
        key=lambda e: (e.decoded("DTSTART"), str(e["SUMMARY"])),
    )
    titles = {item.id: item.title for item in scenario.content}
    posts = sorted(plan.posts, key=lambda p: (p.start, f"{p.channel_id}: {titles[p.content_id]}"))
    assert len(events) == len(posts)
    zone = ZoneInfo(scenario.horizon.timezone)
    for event, post in zip(events, posts, strict=True):
        start = event.decoded("DTSTART")
        assert start == post.start
        assert getattr(start.tzinfo, "key", None) == scenario.horizon.timezone
        assert start.replace(tzinfo=None) == post.start.astimezone(zone).replace(tzinfo=None), "local wall time"
        assert event.decoded("DTEND") - start == timedelta(minutes=scenario.horizon.slot_minutes)
        assert str(event["SUMMARY"]) == f"{post.channel_id}: {titles[post.content_id]}"
        assert f"Expected revenue: {post.expected_revenue} {plan.currency}" in str(event["DESCRIPTION"])
        assert event.categories == [post.channel_id]
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_csv_and_json_match_the_stored_plan(mixplan: Invoke, solved: StoredRun, tmp_path: Path) -> None:
    plan = solved.plan
    assert mixplan("export", str(solved.id), "--format", "csv").exit_code == 0
    with zipfile.ZipFile(tmp_path / f"mixplan-run-{solved.id}.zip") as archive:
        posts = list(csv.DictReader(io.StringIO(archive.read("posts.csv").decode("utf-8-sig"))))
        spend = list(csv.DictReader(io.StringIO(archive.read("spend.csv").decode("utf-8-sig"))))
        boosts = list(csv.DictReader(io.StringIO(archive.read("boosts.csv").decode("utf-8-sig"))))
    assert Counter((r["channel"], r["content_id"], r["start"]) for r in posts) == Counter(
        (p.channel_id, p.content_id, p.start.astimezone(ZoneInfo(plan.timezone)).isoformat()) for p in plan.posts
    )
    assert {(r["date"], r["channel"]): Decimal(r["amount"]) for r in spend} == {
        (a.day.isoformat(), a.channel_id): a.amount for a in plan.spend
    }
    assert sum(Decimal(r["expected_revenue"]) for r in spend) == sum(a.expected_revenue for a in plan.spend)
    assert sum(Decimal(r["amount"]) for r in boosts) == plan.totals.boost_spend
    exported = mixplan("export", str(solved.id), "--format", "json", "-o", "-")
    assert Plan.model_validate_json(exported.stdout) == plan


def test_report_numbers_match_the_solved_plan(mixplan: Invoke, solved: StoredRun, tmp_path: Path) -> None:
    plan = solved.plan
    assert mixplan("report", str(solved.id), "-o", "report.html").exit_code == 0
    page = parse((tmp_path / "report.html").read_text(encoding="utf-8"))
    bars = page.having("rect", "spend")
    per_channel: dict[str, Decimal] = defaultdict(Decimal)
    for bar in bars:
        per_channel[bar["data-channel"]] += Decimal(bar["data-amount"])
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for allocation in plan.spend:
        expected[allocation.channel_id] += allocation.amount
    for boost in plan.boosts:
        expected[boost.channel_id] += boost.amount
    assert per_channel == {channel: amount for channel, amount in expected.items() if amount > 0}
    cells = page.having("rect", "cell")
    assert sum(int(c["data-count"]) for c in cells) == len(plan.posts)
    points = page.having("circle", "operating")
    assert {Decimal(p["data-spend"]) for p in points} == {a.amount for a in plan.spend if a.amount > 0}
