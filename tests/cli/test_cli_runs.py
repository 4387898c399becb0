"""`mixplan runs list|show|diff` on runs stored in a fresh database."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from mixplan.model import Plan, Scenario, ScheduledPost
from mixplan.storage import Store
from support.cli_invoke import Invoke
from support.plans import make_plan, make_scenario


def _store_runs(db_url: str, *plans: Plan) -> list[int]:
    scenario = make_scenario()
    with Store(db_url) as store:
        return [store.save_run(scenario, plan) for plan in plans]


def test_list_is_empty_then_shows_runs_newest_first(mixplan: Invoke, db_url: str) -> None:
    empty = mixplan("runs", "list")
    assert empty.exit_code == 0 and "no runs stored" in empty.stdout
    scenario = make_scenario()
    first, second = _store_runs(db_url, make_plan(scenario), make_plan(scenario, variant=1))
    listed = mixplan("runs", "list")
    assert listed.exit_code == 0
    ids = [int(line.split()[0]) for line in listed.stdout.splitlines() if line.strip()[:1].isdigit()]
    assert ids == [second, first]
    rows = json.loads(mixplan("runs", "list", "--json").stdout)
    assert [row["id"] for row in rows] == [second, first]
    assert Decimal(rows[0]["spend"]) == make_plan(scenario, variant=1).totals.spend
    assert [r["id"] for r in json.loads(mixplan("runs", "list", "--limit", "1", "--json").stdout)] == [second]


def test_show_prints_spend_revenue_roas_and_posts_by_channel(mixplan: Invoke, db_url: str) -> None:
    plan = make_plan(make_scenario())
    (run_id,) = _store_runs(db_url, plan)
    result = mixplan("runs", "show", str(run_id))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"run {run_id}" in lines[0]
    gads = next(line.split() for line in lines if line.split()[:2] == ["Google", "Ads"])  # the channel's name
    ad_spend = sum((a.amount for a in plan.spend), Decimal(0))
    assert Decimal(gads[2].replace(",", "")) == ad_spend
    ig = next(line.split() for line in lines if line.split()[:2] == ["Instagram", "@shop"])
    assert ig[-1] == str(len(plan.posts))
    assert any(line.startswith("status optimal") for line in lines)
    document = json.loads(mixplan("runs", "show", str(run_id), "--json").stdout)
    assert document["run_id"] == run_id
    assert Plan.model_validate(document["plan"]) == plan


def test_show_an_unknown_run_is_bad_input(mixplan: Invoke) -> None:
    result = mixplan("runs", "show", "99")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "99" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_diff_reports_spend_deltas_and_added_removed_moved_posts(mixplan: Invoke, db_url: str) -> None:
    scenario = make_scenario()
    before = make_plan(scenario)
    posts = list(before.posts)
    moved = posts[0].model_copy(update={"start": posts[0].start + timedelta(hours=3)})
    removed = posts[1]
    added = ScheduledPost.model_validate(
        {**posts[2].model_dump(), "content_id": "c1", "start": posts[2].start + timedelta(days=1)}
    )
    spend = [
        row.model_copy(update={"amount": row.amount + Decimal("10.00")}) if index == 0 else row
        for index, row in enumerate(before.spend)
    ]
    after = before.model_copy(update={"posts": [moved, posts[2], posts[3], added], "spend": spend})
    first, second = _store_runs(db_url, before, after)
    result = mixplan("runs", "diff", str(first), str(second))
    assert result.exit_code == 0, result.output
    out = result.stdout
    gads = next(line.split() for line in out.splitlines() if line.split()[:2] == ["Google", "Ads"])
    assert gads[-1] == "+10.00"
    assert "posts: 1 added, 1 removed, 1 moved, 2 unchanged" in out
    document = json.loads(mixplan("runs", "diff", str(first), str(second), "--json").stdout)
    assert [(p["channel"], p["content"]) for p in document["posts"]["moved"]] == [("ig_main", moved.content_id)]
    assert document["posts"]["removed"][0]["content"] == removed.content_id
    assert document["posts"]["added"][0]["content"] == "c1"
    assert document["posts"]["unchanged"] == 2
    delta = {row["channel"]: Decimal(row["delta"]) for row in document["spend"]}
    assert delta == {"gads": Decimal("10.00"), "ig_main": Decimal("0.00")}


def test_diff_lists_scenario_changes_budget_rules_items_channels(mixplan: Invoke, db_url: str) -> None:
    scenario = make_scenario()
    document = scenario.model_dump(mode="json")
    document["budget"]["total"] = "1800.00"
    document["content"] = [item for item in document["content"] if item["id"] != "c3"]
    document["content"][0]["max_uses"] = 3
    document["content"].append({"id": "c4", "title": "Gift guide", "category": "product", "formats": ["image"]})
    document["channels"].append({"id": "fb_page", "platform": "facebook"})
    document["rules"] = [{"kind": "post_count", "name": "weekly cap", "window_hours": 168, "max_posts": 5}]
    changed = Scenario.model_validate(document)
    plan = make_plan(scenario)
    with Store(db_url) as store:
        first = store.save_run(scenario, plan)
        second = store.save_run(changed, plan)
    result = mixplan("runs", "diff", str(first), str(second))
    assert result.exit_code == 0, result.output
    assert "~ budget.total: 1500.00 → 1800.00" in result.stdout
    assert "- content.c3:" in result.stdout and "+ content.c4:" in result.stdout
    assert "~ content.c1.max_uses: None → 3" in result.stdout  # unset: once per channel
    assert "+ channels.fb_page:" in result.stdout
    changes = json.loads(mixplan("runs", "diff", str(first), str(second), "--json").stdout)["scenario"]
    kinds = {(c["section"], c["item"], c["path"], c["kind"]) for c in changes}
    assert ("budget", "", "total", "changed") in kinds
    assert ("content", "c3", "", "removed") in kinds
    assert ("channels", "fb_page", "", "added") in kinds
    assert any(c["section"] == "rules" for c in changes)
    assert "MIXPLAN_TEST_IG_TOKEN" not in result.stdout  # credential references are not listed
    same = json.loads(mixplan("runs", "diff", str(first), str(first), "--json").stdout)["scenario"]
    assert same == []


def test_actuals_import_command_counts_and_exits_2_on_bad_rows(mixplan: Invoke, db_url: str, tmp_path: Path) -> None:
    good = tmp_path / "actuals.csv"
    good.write_text(
        "content,channel,published_at,impressions,revenue\nc1,ig_main,2026-11-23T18:00:00+01:00,900,12.00\n"
    )
    result = mixplan("actuals", "import", str(good))
    assert result.exit_code == 0, result.output
    assert "imported 1 post row(s) (1 new, 0 updated) and 0 channel-day row(s)" in result.stdout
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"days": [{"date": "2026-13-01", "channel": "gads", "spend": "1.00", "revenue": "2"}]}))
    failed = mixplan("actuals", "import", str(bad))
    assert failed.exit_code == 2
    assert "days[0], column date" in failed.stderr and len(failed.stderr.splitlines()) == 1
    with Store(db_url) as store:
        assert store.history() == [] and len(store.post_actuals()) == 1
