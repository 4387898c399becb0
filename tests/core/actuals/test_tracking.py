"""`track`: plan against actual for a stored run, with and without actuals, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from mixplan.actuals.tracking import track_figures
from mixplan.cli.main import cli
from mixplan.model.actuals import PostActual
from mixplan.model.history import HistoryRow
from mixplan.storage import Store
from support.plans import make_plan, make_scenario

AS_OF = date(2026, 11, 25)  # two of the seven days have passed


def _row(figures: object, channel: str, kpi: str) -> object:
    return next(f for f in figures.figures if f.channel_id == channel and f.kpi == kpi)  # type: ignore[attr-defined]


def test_without_actuals_everything_actual_is_zero_and_projection_is_the_rest(store: Store) -> None:
    scenario = make_scenario()
    plan = make_plan(scenario)
    run_id = store.save_run(scenario, plan)
    stored = store.get_run(run_id)
    figures = track_figures(stored.plan, scenario.budget.total, AS_OF, store.post_actuals(), store.history())
    assert not figures.has_actuals and figures.delivered == 0 and figures.pacing == 0.0
    gads = _row(figures, "gads", "spend")
    assert gads.planned_to_date == Decimal("247.00")  # 120.00 + 127.00
    assert gads.actual_to_date == 0 and gads.variance == Decimal("-247.00")
    assert gads.planned_total == sum((r.amount for r in plan.spend), Decimal(0))
    assert gads.projected_total == gads.planned_total - Decimal("247.00")
    assert figures.short_posts == []


def test_with_actuals_variance_pacing_short_posts_and_projection(store: Store, tmp_path: Path) -> None:
    scenario = make_scenario()
    plan = make_plan(scenario)
    run_id = store.save_run(scenario, plan)
    first = plan.posts[0]  # c1 on ig_main, day 0, 1234.5 impressions and 41.17 expected
    store.upsert_actuals(
        [
            PostActual(
                content_id=first.content_id,
                channel_id=first.channel_id,
                published_at=first.start + timedelta(minutes=10),
                impressions=1000,
                clicks=20,
                revenue=Decimal("50.00"),
            )
        ],
        [
            HistoryRow(day=date(2026, 11, 23), channel_id="gads", spend=Decimal("100.00"), revenue=Decimal("300.00")),
            HistoryRow(day=date(2026, 11, 24), channel_id="gads", spend=Decimal("130.00"), revenue=Decimal("400.00")),
            HistoryRow(day=date(2026, 11, 26), channel_id="gads", spend=Decimal("999.00"), revenue=Decimal("1.00")),
        ],
    )
    figures = track_figures(plan, scenario.budget.total, AS_OF, store.post_actuals(), store.history())
    assert figures.has_actuals
    gads = _row(figures, "gads", "spend")
    assert (gads.actual_to_date, gads.variance) == (Decimal("230.00"), Decimal("-17.00"))  # the 26th is not counted
    assert figures.delivered == Decimal("230.00")
    assert figures.pacing == pytest.approx((230 / 1500) / (2 / 7))
    revenue = _row(figures, "gads", "revenue")
    assert revenue.actual_to_date == Decimal("700.00")
    assert revenue.projected_total == Decimal("700.00") + (revenue.planned_total - revenue.planned_to_date)
    assert _row(figures, "ig_main", "impressions").actual_to_date == 1000
    assert [(p.content_id, p.actual_impressions) for p in figures.short_posts] == [("c1", 1000)]

    runner = CliRunner()
    result = runner.invoke(cli, ["--db", store.url, "track", str(run_id), "--as-of", "2026-11-25", "--json"])
    if "***" in store.url:  # a URL with a hidden password cannot be passed back; the library figures suffice
        return
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["has_actuals"] is True and Decimal(document["delivered"]) == Decimal("230.00")
    assert document["short_posts"][0]["published"] is True
    text = runner.invoke(cli, ["--db", store.url, "track", str(run_id), "--as-of", "2026-11-25"])
    assert text.exit_code == 0 and "pacing: 15.3% of the budget delivered in 28.6% of the window" in text.stdout
