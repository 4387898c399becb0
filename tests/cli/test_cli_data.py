"""`mixplan history import|show`, `fit`, `curves import`, `audience sync` through click's CliRunner."""

from __future__ import annotations

import json
from collections.abc import Callable
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
from mixplan.synthetic import DEFAULT_CHANNELS, generate_history
from support.live_shapes import (
    TOKEN,
    TOKEN_ENV,
    Router,
    graph_error,
    live_scenario,
    minimum_budgets,
    online_followers,
    publishing_limit,
)

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
    assert "publishing quota 100 per 24 h, 3 used" in result.output
    assert TOKEN not in result.output
    with Store(db) as store:
        snapshot = store.latest_audience("ig")
        assert snapshot is not None and snapshot.activity[6][20] == 900


def test_audience_sync_without_audience_data_keeps_the_default(
    run: Invoke, scenario_file: Path, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    network(monkeypatch, Router({"/minimum_budgets": [httpx.Response(200, json=minimum_budgets("USD", 500))]}))
    result = run("audience", "sync", "fb", "--scenario", str(scenario_file))
    assert result.exit_code == 0
    assert "note: fb: facebook offers no hour-of-day audience data; the platform default is used" in result.output
    assert "minimum daily budget 5.00 USD" in result.output
    with Store(db) as store:
        assert store.audience_snapshots() == []


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
