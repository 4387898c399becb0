"""`--brand` on the data commands: an agency loads each brand's data from the command line, kept apart."""

from __future__ import annotations

import json
from pathlib import Path

import mixplan as mixplan_lib
import yaml
from mixplan.history import history_csv_text
from mixplan.storage import Store
from support.cli_invoke import Invoke
from support.plans import make_scenario
from support.synthetic import DEFAULT_CHANNELS, generate_history


def _history(tmp_path: Path, name: str, seed: int, days: int) -> Path:
    path = tmp_path / f"{name}.csv"
    path.write_text(history_csv_text(generate_history(DEFAULT_CHANNELS[:2], days=days, seed=seed)), encoding="utf-8")
    return path


def test_history_and_fit_of_two_brands_stay_apart(mixplan: Invoke, db_url: str, tmp_path: Path) -> None:
    north = mixplan("history", "import", str(_history(tmp_path, "north", 1, 60)), "--brand", "north")
    assert north.exit_code == 0, north.output
    assert "(brand north)" in north.stdout
    south = mixplan("history", "import", str(_history(tmp_path, "south", 2, 45)), "--brand", "south")
    assert south.exit_code == 0, south.output

    shown = {
        brand: json.loads(mixplan("history", "show", "--brand", brand, "--json").stdout) for brand in ("north", "south")
    }
    assert {entry["days"] for entry in shown["north"]} == {60}
    assert {entry["days"] for entry in shown["south"]} == {45}
    assert "no history stored" in mixplan("history", "show").stdout  # the default brand has none

    fitted = mixplan("fit", "--samples", "0", "--brand", "north", "--json")
    assert fitted.exit_code == 0, fitted.output
    with Store(db_url) as store:
        channel = DEFAULT_CHANNELS[0].channel_id
        assert store.for_brand("north").latest_fitted_curve(channel) is not None
        assert store.for_brand("south").latest_fitted_curve(channel) is None
        assert store.latest_fitted_curve(channel) is None
        assert len(store.for_brand("north").history()) == 120 and len(store.for_brand("south").history()) == 90
        assert store.history() == []
    refused = mixplan("fit", "--brand", "west")
    assert refused.exit_code == 2 and "(brand west)" in refused.stderr


def test_imported_curves_reach_only_their_brands_plans(mixplan: Invoke, tmp_path: Path) -> None:
    curves = tmp_path / "curves.json"
    curves.write_text(
        json.dumps(
            {
                "source": "Robyn",
                "curves": [{"channel": "meta_ads", "max_revenue": 900, "half_saturation": 140, "shape": 1.8}],
            }
        ),
        encoding="utf-8",
    )
    imported = mixplan("curves", "import", str(curves), "--brand", "north")
    assert imported.exit_code == 0, imported.output
    assert "(brand north)" in imported.stdout
    document = {
        "name": "fitted curves",
        "horizon": {"start": "2025-05-01", "days": 7, "timezone": "UTC"},
        "channels": [
            {"id": "meta_ads", "platform": "facebook", "organic": False, "ads": {"curve": {"kind": "fitted"}}},
        ],
        "budget": {"total": "500"},
    }
    for brand in ("north", "south"):
        (tmp_path / f"{brand}.yaml").write_text(yaml.safe_dump({**document, "brand": brand}), encoding="utf-8")
    planned = mixplan("plan", str(tmp_path / "north.yaml"), "--time-limit", "5", "--json")
    assert planned.exit_code == 0, planned.output
    messages = json.loads(planned.stdout)["plan"]["report"]["messages"]
    assert any(message.startswith("meta_ads: response curve") for message in messages)
    other = mixplan("plan", str(tmp_path / "south.yaml"), "--time-limit", "5")
    assert other.exit_code == 2 and "no curve is stored for channel 'meta_ads'" in other.output


def test_actuals_of_two_brands_stay_apart_and_track_reads_the_runs_brand(
    mixplan: Invoke, db_url: str, tmp_path: Path
) -> None:
    actuals = tmp_path / "actuals.csv"
    actuals.write_text("date,channel,spend,revenue\n2026-11-23,gads,10.00,30.00\n", encoding="utf-8")
    assert mixplan("actuals", "import", str(actuals), "--brand", "north").exit_code == 0
    with Store(db_url) as store:
        assert len(store.for_brand("north").history()) == 1
        assert store.history() == [] and store.for_brand("south").history() == []
        south = make_scenario().model_copy(update={"brand": "south"})
        north = make_scenario().model_copy(update={"brand": "north"})
        south_id = store.save_run(south, mixplan_lib.plan(south, time_limit_s=3))
        north_id = store.save_run(north, mixplan_lib.plan(north, time_limit_s=3))
    tracked = {
        run_id: json.loads(mixplan("track", str(run_id), "--as-of", "2026-11-25", "--json").stdout)
        for run_id in (south_id, north_id)
    }
    assert tracked[north_id]["has_actuals"] and not tracked[south_id]["has_actuals"]


def test_audience_show_and_sync_per_brand(mixplan: Invoke, tmp_path: Path) -> None:
    assert "no audience snapshots" in mixplan("audience", "show", "--brand", "north").stdout
    scenario = tmp_path / "north.yaml"
    scenario.write_text(
        yaml.safe_dump(
            {
                "name": "north",
                "brand": "north",
                "horizon": {"start": "2025-05-01", "days": 7, "timezone": "UTC"},
                "channels": [{"id": "ig", "platform": "instagram", "account": "@north"}],
                "budget": {"total": "100"},
            }
        ),
        encoding="utf-8",
    )
    mismatch = mixplan("audience", "sync", "ig", "--scenario", str(scenario), "--brand", "south")
    assert mismatch.exit_code == 2
    assert "--brand" in mismatch.stderr and "'north'" in mismatch.stderr and len(mismatch.stderr.splitlines()) == 1


def test_a_bad_brand_name_exits_2(mixplan: Invoke, tmp_path: Path) -> None:
    result = mixplan("history", "show", "--brand", "no spaces please")
    assert result.exit_code == 2
    assert "brand" in result.stderr and len(result.stderr.splitlines()) == 1
