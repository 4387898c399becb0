"""`mixplan history import|show`, `fit`, `curves import`, `audience sync|show` through click's CliRunner."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import click
import httpx
import pytest
import yaml
from click.testing import CliRunner, Result
from mixplan.cli.data_commands import register
from mixplan.history import history_csv_text
from mixplan.live import RetryPolicy, make_client
from mixplan.storage import Store
from support.live_shapes import (
    TOKEN,
    TOKEN_ENV,
    Router,
    graph_error,
    live_scenario,
    minimum_budgets,
    online_followers,
    publishing_limit,
    tiktok_business,
)
from support.synthetic import DEFAULT_CHANNELS, generate_history

Invoke = Callable[..., Result]


def _mixplan() -> click.Group:
    from mixplan.cli.main import cli

    if "history" not in cli.commands:  # until the main group registers the data commands itself
        register(cli)
    return cli


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'data.db'}"


@pytest.fixture
def run(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(_mixplan(), ["--db", db, *args], catch_exceptions=False)

    return invoke


@pytest.fixture
def history_file(tmp_path: Path) -> Path:
    path = tmp_path / "history.csv"
    path.write_text(history_csv_text(generate_history(DEFAULT_CHANNELS[:3], days=60, seed=1)), encoding="utf-8")
    return path


def test_history_import_and_reimport(run: Invoke, history_file: Path, db: str) -> None:
    first = run("history", "import", str(history_file))
    assert first.exit_code == 0, first.output
    assert "imported 180 rows (180 new, 0 updated) for 3 channel(s)" in first.output
    again = run("history", "import", str(history_file))
    assert "imported 180 rows (0 new, 180 updated)" in again.output
    with Store(db) as store:
        assert len(store.history()) == 180
    as_json = json.loads(run("history", "import", str(history_file), "--json").output)
    assert as_json["updated"] == 180 and as_json["channels"] == ["instagram_ads", "meta_ads", "tiktok_ads"]


def test_history_import_bad_rows_exit_2_with_line_numbers(run: Invoke, tmp_path: Path, db: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("date,channel,spend,revenue\n2025-01-01,ig,10,20\n2025-01-02,ig,ten,20\n", encoding="utf-8")
    result = run("history", "import", str(bad))
    assert result.exit_code == 2
    assert "line 3, column spend" in result.output and "nothing imported" in result.output
    assert "Traceback" not in result.output
    with Store(db) as store:
        assert store.history() == []
    missing = run("history", "import", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "file not found" in missing.output


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("2025-01-02,ig,1e400,20,", "line 3, column spend: amount 1E+400 is too large"),
        ("2025-01-02,ig,99999999999999999999999999,20,", "line 3, column spend"),
        ("2025-01-02,ig,10,20,99999999999999999999999", "line 3, column clicks: is larger than"),
    ],
)
def test_history_import_huge_numbers_exit_2_and_store_nothing(
    run: Invoke, tmp_path: Path, db: str, row: str, expected: str
) -> None:
    bad = tmp_path / "huge.csv"
    bad.write_text(f"date,channel,spend,revenue,clicks\n2025-01-01,ig,10,20,5\n{row}\n", encoding="utf-8")
    result = run("history", "import", str(bad))
    assert result.exit_code == 2, result.output
    assert expected in result.output and "internal error" not in result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) == 1
    with Store(db) as store:
        assert store.history() == []


def test_history_show(run: Invoke, history_file: Path) -> None:
    assert "no history stored" in run("history", "show").output
    run("history", "import", str(history_file))
    shown = run("history", "show")
    assert shown.exit_code == 0
    assert "meta_ads" in shown.output and "tiktok_ads" in shown.output and "none" in shown.output
    document = json.loads(run("history", "show", "--json", "--channel", "meta_ads").output)
    assert [entry["channel_id"] for entry in document] == ["meta_ads"]
    assert document[0]["days"] == 60 and document[0]["curve"] is None


def test_fit_prints_quality_and_stores_curves(run: Invoke, history_file: Path, db: str) -> None:
    run("history", "import", str(history_file))
    result = run("fit", "--samples", "3")
    assert result.exit_code == 0, result.output
    assert "R²" in result.output and "MAPE" in result.output and "held-out" in result.output
    with Store(db) as store:
        for channel in ("meta_ads", "instagram_ads", "tiktok_ads"):
            stored = store.latest_fitted_curve(channel)
            assert stored is not None and stored.quality is not None and len(stored.samples) == 3
    document = json.loads(run("history", "show", "--json").output)
    assert all(entry["curve"]["source"] == "fit" for entry in document)


def test_fit_refuses_with_the_reason(run: Invoke, tmp_path: Path) -> None:
    assert run("fit").exit_code == 2
    short = tmp_path / "short.csv"
    rows = generate_history(DEFAULT_CHANNELS[:1], days=90, seed=2) + generate_history(DEFAULT_CHANNELS[1:2], days=10)
    short.write_text(history_csv_text(rows), encoding="utf-8")
    run("history", "import", str(short))
    mixed = run("fit", "--samples", "0")
    assert mixed.exit_code == 0
    assert "channel instagram_ads: no curve fitted: only 10 days of history; at least 28" in mixed.output
    alone = run("fit", "--channel", "instagram_ads")
    assert alone.exit_code == 2
    assert alone.output.strip() == (
        "error: channel instagram_ads: no curve fitted: only 10 days of history; "
        "at least 28 are needed (90+ for a reliable fit)"
    )


def test_curves_import(run: Invoke, tmp_path: Path, db: str) -> None:
    path = tmp_path / "mmm.json"
    path.write_text(
        json.dumps(
            {"source": "Robyn", "curves": [{"channel": "ig", "max_revenue": 900, "half_saturation": 140, "shape": 1.8}]}
        ),
        encoding="utf-8",
    )
    result = run("curves", "import", str(path))
    assert result.exit_code == 0 and "stored 1 curve(s)" in result.output
    with Store(db) as store:
        stored = store.latest_fitted_curve("ig")
        assert stored is not None and stored.source == "import:Robyn"
    bad = tmp_path / "bad.csv"
    bad.write_text("channel,max_revenue,half_saturation,shape\nig,1,0,1\n", encoding="utf-8")
    failed = run("curves", "import", str(bad))
    assert failed.exit_code == 2 and "half_saturation" in failed.output


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("huge.csv", "channel,max_revenue,half_saturation,shape\nig,1e400,140,1.8\n", "column max_revenue"),
        (
            "huge.json",
            '[{"channel": "ig", "max_revenue": "1e400", "half_saturation": 140, "shape": 1.8}]',
            "max_revenue",
        ),
        ("draw.csv", "channel,max_revenue,half_saturation,shape,draw\nig,900,140,1.8,abc\n", "line 2, column draw"),
    ],
)
def test_curves_import_rejects_huge_numbers_and_bad_draws(
    run: Invoke, tmp_path: Path, db: str, name: str, text: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run("curves", "import", str(path))
    assert result.exit_code == 2, result.output
    assert expected in result.output and "internal error" not in result.output
    with Store(db) as store:
        assert store.latest_fitted_curve("ig") is None


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(live_scenario().model_dump(mode="json")), encoding="utf-8")
    return path


def network(monkeypatch: pytest.MonkeyPatch, router: Router) -> None:
    """Point the command's HTTP client at `router` (the network boundary only; retries stay real)."""
    monkeypatch.setattr(
        "mixplan.live.sync.make_client",
        lambda: make_client(transport=httpx.MockTransport(router), policy=RetryPolicy(sleep=lambda _: None)),
    )


def test_audience_sync_stores_the_snapshot(
    run: Invoke, scenario_file: Path, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    page = online_followers([("2025-06-09T07:00:00+0000", {"18": 900, "10": 100})])
    network(
        monkeypatch,
        Router(
            {
                "/insights": [httpx.Response(200, json=page)],
                "/content_publishing_limit": [httpx.Response(200, json=publishing_limit(3, 100))],
                "/1784": [httpx.Response(200, json={"followers_count": 4321})],
            }
        ),
    )
    result = run("audience", "sync", "ig", "--scenario", str(scenario_file))
    assert result.exit_code == 0, result.output
    assert "stored audience snapshot for ig (instagram:online_followers" in result.output
    assert "4,321 followers" in result.output
    assert "busiest hours (Europe/Berlin): Sun 20:00" in result.output
    assert "stored live limits for ig (instagram:content_publishing_limit, fetched " in result.output
    assert "publishing quota 100 per 24 h, 3 used" in result.output
    assert TOKEN not in result.output
    with Store(db) as store:
        snapshot = store.latest_audience("ig")
        assert snapshot is not None and snapshot.activity[6][20] == 900
        limits = store.latest_limits("ig")
        assert limits is not None
        assert (limits.publish_quota, limits.publish_quota_window_hours, limits.quota_used) == (100, 24, 3)


def test_audience_sync_without_audience_data_keeps_the_default(
    run: Invoke, scenario_file: Path, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    network(monkeypatch, Router({"/minimum_budgets": [httpx.Response(200, json=minimum_budgets("USD", 500))]}))
    result = run("audience", "sync", "fb", "--scenario", str(scenario_file))
    assert result.exit_code == 0
    assert "note: fb: facebook offers no hour-of-day audience data; the platform default is used" in result.output
    assert "stored live limits for fb (facebook:minimum_budgets" in result.output
    assert "minimum daily budget 5.00 USD" in result.output
    with Store(db) as store:
        assert store.audience_snapshots() == []
        limits = store.latest_limits("fb")
        assert limits is not None and (limits.min_daily_budget, limits.currency) == (Decimal("5.00"), "USD")


def test_audience_sync_stores_nothing_when_the_limits_fetch_fails(
    run: Invoke, scenario_file: Path, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    page = online_followers([("2025-06-09T07:00:00+0000", {"18": 900})])
    router = Router(
        {
            "/insights": [httpx.Response(200, json=page)],
            "/content_publishing_limit": [httpx.Response(400, json=graph_error(190, "Session has expired"))],
            "/1784": [httpx.Response(200, json={"followers_count": 4321})],
        }
    )
    network(monkeypatch, router)
    result = run("audience", "sync", "ig", "--scenario", str(scenario_file))
    assert result.exit_code == 5
    assert "instagram rejected the access token for content_publishing_limit" in result.output
    assert TOKEN not in result.output
    assert any("/insights" in request.url.path for request in router.requests)  # the audience was fetched
    assert "stored" not in result.output
    with Store(db) as store:
        assert store.audience_snapshots() == [] and store.live_limits() == []


def test_audience_sync_without_limits_and_without_live_limits(
    run: Invoke, scenario_file: Path, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    page = online_followers([("2025-06-09T07:00:00+0000", {"18": 900})])
    tiktok = tiktok_business([{"date": "2025-06-02", "audience_activity": [{"hour": "9", "count": 9}]}])
    router = Router(
        {
            "/insights": [httpx.Response(200, json=page)],
            "/content_publishing_limit": [httpx.Response(200, json=publishing_limit(3, 100))],
            "/1784": [httpx.Response(200, json={})],
            "/business/get/": [httpx.Response(200, json=tiktok)],
        }
    )
    network(monkeypatch, router)
    skipped = run("audience", "sync", "ig", "--scenario", str(scenario_file), "--no-limits")
    assert skipped.exit_code == 0, skipped.output
    assert "stored audience snapshot for ig" in skipped.output and "live limits" not in skipped.output
    assert not any("content_publishing_limit" in request.url.path for request in router.requests)
    tiktok_run = run("audience", "sync", "tt", "--scenario", str(scenario_file), "--json")
    assert tiktok_run.exit_code == 0, tiktok_run.output
    document = json.loads(tiktok_run.output)
    assert document["snapshot"]["source"].startswith("tiktok:") and document["limits"] is None
    assert document["limits_note"] == "tiktok offers no live limits; the platform defaults apply"
    with Store(db) as store:
        assert [snapshot.channel_id for snapshot in store.audience_snapshots()] == ["tt", "ig"]
        assert store.live_limits() == []


def test_audience_show_lists_snapshots_and_limits_newest_first(
    run: Invoke, scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = run("audience", "show")
    assert empty.exit_code == 0 and "no audience snapshots or live limits stored" in empty.output
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    page = online_followers([("2025-06-09T07:00:00+0000", {"18": 900, "10": 100})])
    network(
        monkeypatch,
        Router(
            {
                "/insights": [httpx.Response(200, json=page)],
                "/content_publishing_limit": [httpx.Response(200, json=publishing_limit(3, 100))],
                "/1784": [httpx.Response(200, json={"followers_count": 4321})],
                "/minimum_budgets": [httpx.Response(200, json=minimum_budgets("USD", 500))],
            }
        ),
    )
    assert run("audience", "sync", "ig", "--scenario", str(scenario_file)).exit_code == 0
    assert run("audience", "sync", "fb", "--scenario", str(scenario_file)).exit_code == 0

    shown = run("audience", "show")
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert "audience snapshots" in lines and "live limits" in lines
    snapshot_row = next(line for line in lines if "instagram:online_followers" in line)
    assert "4,321" in snapshot_row and "Sun 20:00" in snapshot_row
    quota_row = next(line for line in lines if "instagram:content_publishing_limit" in line)
    assert "100 per 24 h" in quota_row
    budget_row = next(line for line in lines if "facebook:minimum_budgets" in line)
    assert "5.00 USD" in budget_row
    assert lines.index(budget_row) < lines.index(quota_row)  # fb was fetched after ig

    document = json.loads(run("audience", "show", "--json").output)
    assert [limits["channel_id"] for limits in document["limits"]] == ["fb", "ig"]
    assert document["limits"][0]["min_daily_budget"] == "5.00"
    assert [snapshot["channel_id"] for snapshot in document["snapshots"]] == ["ig"]
    one = json.loads(run("audience", "show", "ig", "--json", "--limit", "1").output)
    assert [limits["channel_id"] for limits in one["limits"]] == ["ig"] and len(one["snapshots"]) == 1
    nothing = run("audience", "show", "tt")
    assert "no audience snapshots or live limits stored for channel tt" in nothing.output


def test_audience_sync_errors(run: Invoke, scenario_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    network(monkeypatch, Router({"/insights": [httpx.Response(400, json=graph_error(190, "Session has expired"))]}))
    expired = run("audience", "sync", "ig", "--scenario", str(scenario_file))
    assert expired.exit_code == 5
    assert "instagram rejected the access token" in expired.output and TOKEN not in expired.output
    unknown = run("audience", "sync", "nope", "--scenario", str(scenario_file))
    assert unknown.exit_code == 2 and "no channel 'nope'" in unknown.output
    monkeypatch.delenv(TOKEN_ENV)
    unset = run("audience", "sync", "ig", "--scenario", str(scenario_file))
    assert unset.exit_code == 2 and f"environment variable {TOKEN_ENV} is not set" in unset.output


def test_plan_uses_the_fitted_curves(run: Invoke, tmp_path: Path, db: str) -> None:
    history = tmp_path / "fit_history.csv"
    channels = [c for c in DEFAULT_CHANNELS if c.channel_id in ("meta_ads", "google_ads")]
    history.write_text(history_csv_text(generate_history(channels, days=90, seed=5)), encoding="utf-8")
    scenario = tmp_path / "fitted.yaml"
    scenario.write_text(
        yaml.safe_dump(
            {
                "name": "fitted curves",
                "horizon": {"start": "2025-05-01", "days": 7, "timezone": "UTC"},
                "channels": [
                    {"id": "meta_ads", "platform": "facebook", "organic": False, "ads": {"curve": {"kind": "fitted"}}},
                    {"id": "google_ads", "platform": "google_ads", "organic": False},
                ],
                "budget": {"total": "2500"},
            }
        ),
        encoding="utf-8",
    )
    before = run("plan", str(scenario), "--time-limit", "10")
    assert before.exit_code == 2 and "no curve is stored for channel 'meta_ads'" in before.output
    run("history", "import", str(history))
    assert run("fit", "--samples", "2").exit_code == 0
    planned = run("plan", str(scenario), "--time-limit", "10", "--json")
    assert planned.exit_code == 0, planned.output
    messages = json.loads(planned.stdout)["plan"]["report"]["messages"]
    assert any(m.startswith("meta_ads: response curve fitted") for m in messages)
    assert any(m.startswith("google_ads: response curve fitted") for m in messages)
    with Store(db) as store:
        fitted = store.latest_fitted_curve("meta_ads")
    assert fitted is not None
    run_document = json.loads(planned.stdout)
    spent = {c["channel"]: c for c in run_document["channels"]}
    assert set(spent) == {"meta_ads", "google_ads"}


def test_plan_uses_the_synced_live_limits(
    run: Invoke, scenario_file: Path, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    network(monkeypatch, Router({"/minimum_budgets": [httpx.Response(200, json=minimum_budgets("EUR", 8000))]}))
    assert run("audience", "sync", "fb", "--scenario", str(scenario_file)).exit_code == 0
    planned = run("plan", str(scenario_file), "--time-limit", "10", "--json")
    assert planned.exit_code == 0, planned.output
    plan = json.loads(planned.stdout)["plan"]
    note = next(m for m in plan["report"]["messages"] if m.startswith("fb: minimum daily budget 80.00 EUR"))
    assert "from facebook:minimum_budgets, fetched " in note and "(platform default 5.00)" in note
    paid = [Decimal(row["amount"]) for row in plan["spend"] if row["channel_id"] == "fb" and Decimal(row["amount"]) > 0]
    assert paid and min(paid) >= Decimal("80.00")
    unstored = json.loads(run("plan", str(scenario_file), "--time-limit", "10", "--json", "--no-store").stdout)
    assert not any(m.startswith("fb: minimum daily budget") for m in unstored["plan"]["report"]["messages"])
    default = [Decimal(row["amount"]) for row in unstored["plan"]["spend"] if row["channel_id"] == "fb"]
    assert min(amount for amount in default if amount > 0) < Decimal("80.00")  # the default minimum is 5.00
