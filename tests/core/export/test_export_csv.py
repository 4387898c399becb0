"""The CSV exports read back with `csv`: one row per post / spend row / boost, amounts unchanged."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal
from zoneinfo import ZoneInfo

from mixplan.export.csv_format import (
    BOOST_COLUMNS,
    POST_COLUMNS,
    SPEND_COLUMNS,
    csv_zip,
    posts_csv,
    spend_csv,
)
from mixplan.model import Plan, Scenario


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for spreadsheets"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_posts_csv_has_a_row_per_post_with_local_times_and_amounts(plan: Plan, scenario: Scenario) -> None:
    rows = _rows(posts_csv(plan, scenario))
    assert len(rows) == len(plan.posts)
    assert tuple(rows[0]) == POST_COLUMNS
    zone = ZoneInfo("Europe/Berlin")
    titles = {item.id: item.title for item in scenario.content}
    for row, post in zip(rows, sorted(plan.posts, key=lambda p: p.start), strict=True):
        local = post.start.astimezone(zone)
        assert row["start"] == local.isoformat()
        assert row["date"] == local.date().isoformat()
        assert row["time"] == local.strftime("%H:%M")
        assert row["channel"] == post.channel_id
        assert row["content_id"] == post.content_id
        assert row["title"] == titles[post.content_id]
        assert row["format"] == post.format
        assert Decimal(row["expected_revenue"]) == post.expected_revenue
        assert abs(float(row["expected_impressions"]) - post.expected_impressions) < 0.005
        assert row["currency"] == "EUR"
    assert rows[-1]["start"] == "2025-10-27T18:00:00+01:00"
    assert rows[0]["platform"] == "instagram"


def test_spend_csv_amounts_add_up_to_the_plan(plan: Plan, scenario: Scenario) -> None:
    rows = _rows(spend_csv(plan, scenario))
    assert len(rows) == len(plan.spend)
    assert tuple(rows[0]) == SPEND_COLUMNS
    assert sum(Decimal(r["amount"]) for r in rows) == sum(a.amount for a in plan.spend)
    by_key = {(r["date"], r["channel"]): r for r in rows}
    for allocation in plan.spend:
        row = by_key[(allocation.day.isoformat(), allocation.channel_id)]
        assert Decimal(row["amount"]) == allocation.amount
        assert Decimal(row["expected_revenue"]) == allocation.expected_revenue
        if allocation.marginal_roas is None:
            assert row["marginal_roas"] == ""
        else:
            assert abs(float(row["marginal_roas"]) - allocation.marginal_roas) < 1e-4
    assert all("e" not in r["amount"].lower() and r["amount"].count(".") == 1 for r in rows)


def test_zip_holds_posts_spend_and_boosts(plan: Plan, scenario: Scenario) -> None:
    data = csv_zip(plan, scenario)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["boosts.csv", "posts.csv", "spend.csv"]
        posts = _rows(archive.read("posts.csv"))
        spend = _rows(archive.read("spend.csv"))
        boosts = _rows(archive.read("boosts.csv"))
    assert len(posts) == len(plan.posts)
    assert len(spend) == len(plan.spend)
    assert tuple(boosts[0]) == BOOST_COLUMNS
    assert [(b["content_id"], Decimal(b["amount"])) for b in boosts] == [(b.content_id, b.amount) for b in plan.boosts]
    assert csv_zip(plan, scenario) == data, "same plan, same bytes"


def test_without_scenario_titles_fall_back_to_ids(plan: Plan) -> None:
    rows = _rows(posts_csv(plan))
    assert [r["title"] for r in rows] == [r["content_id"] for r in rows]
