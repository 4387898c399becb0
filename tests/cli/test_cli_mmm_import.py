"""`mixplan curves import` of MMM tools' files and `history import --max-rows` through click's CliRunner.

The fixture files are tests/support/mmm_files.py's (Robyn 3.10-3.12
pareto_hyperparameters.csv + pareto_aggregated.csv; PyMC-Marketing az.summary CSV).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from mixplan.cli.data_commands import register
from mixplan.storage import Store
from support.mmm_files import PYMC_SUMMARY, write_robyn


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from mixplan.cli.main import cli

    if "history" not in cli.commands:
        register(cli)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'data.db'}"

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--db", db, *args], catch_exceptions=False)

    invoke.db = db  # type: ignore[attr-defined]
    return invoke


def test_robyn_csv_needs_a_model_and_a_spend_range_then_stores_renamed_curves(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_robyn(tmp_path)
    several = run("curves", "import", str(path), "--period-days", "7")
    assert several.exit_code == 2 and "choose one with --model-id" in several.output
    no_range = run("curves", "import", str(path), "--period-days", "7", "--model-id", "1_92_3")
    assert no_range.exit_code == 2 and "--spend-range facebook_S=MIN:MAX" in no_range.output
    assert "Traceback" not in no_range.output and len(no_range.output.strip().splitlines()) == 1
    done = run(
        "curves", "import", str(path), "--from", "robyn", "--period-days", "7", "--model-id", "1_92_3",
        "--spend-range", "facebook_S=1000:9000", "--spend-range", "search_S=500:4000",
        "--channel", "facebook_S=fb_ads", "--json",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    channels = {entry["channel_id"]: entry for entry in json.loads(done.output)}
    assert set(channels) == {"fb_ads", "search_S"}
    assert channels["fb_ads"]["curve"]["half_saturation"] == "540.00" and channels["fb_ads"]["samples"] == 1
    with Store(run.db) as store:
        stored = store.latest_fitted_curve("fb_ads")
        assert stored is not None and stored.source == "import:robyn:pareto_hyperparameters.csv"


def test_pymc_summary_scales_are_required_and_bad_values_named(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "summary.csv"
    path.write_text(PYMC_SUMMARY, encoding="utf-8")
    missing = run(
        "curves", "import", str(path), "--period-days", "1", "--spend-scale", "x1=900", "--revenue-scale", "9"
    )
    assert missing.exit_code == 2 and "--spend-scale x2=AMOUNT" in missing.output
    bad = run("curves", "import", str(path), "--period-days", "1", "--spend-scale", "x1=lots")
    assert bad.exit_code == 2 and "--spend-scale" in bad.output and "not a number" in bad.output
    done = run(
        "curves", "import", str(path), "--period-days", "1", "--spend-scale", "x1=900",
        "--spend-scale", "x2=400", "--revenue-scale", "12000", "--samples", "5",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "stored 2 curve(s)" in done.output
    with Store(run.db) as store:
        stored = store.latest_fitted_curve("x2")
        assert stored is not None and len(stored.samples) == 5


def test_history_import_row_limit(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "h.csv"
    path.write_text("date,channel,spend,revenue\n2025-01-01,ig,1,2\n2025-01-02,ig,1,2\n", encoding="utf-8")
    refused = run("history", "import", str(path), "--max-rows", "1")
    assert refused.exit_code == 2 and "more than 1 data rows" in refused.output
    with Store(run.db) as store:
        assert store.history() == []
    assert run("history", "import", str(path), "--max-rows", "2").exit_code == 0
