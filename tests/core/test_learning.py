"""Learning from actuals before a re-plan: the curve's scale refitted by least squares (by hand),
per-format rates shrunk toward the observed ones (by hand), stored with the new run and named in
its notes, and off with the flags; on SQLite and the test PostgreSQL server."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import mixplan
import pytest
from click.testing import CliRunner
from mixplan.cli.main import cli
from mixplan.learning import PRIOR_IMPRESSIONS, curve_scale
from mixplan.metrics import hill_revenue
from mixplan.model.actuals import PostActual
from mixplan.model.curves import HillCurve
from mixplan.model.history import HistoryRow
from mixplan.storage import Store
from support.plans import make_scenario

START = date(2026, 11, 2)
OPTIONS = mixplan.PlanOptions(time_limit_s=3)
CURVE = HillCurve(max_revenue=Decimal("1000"), half_saturation=Decimal("100"), shape=1.0, carryover=0.5)


def observed(spends: list[float], factor: float) -> list[HistoryRow]:
    """Days from START whose revenue is ``factor`` × what CURVE predicts, carry-over included."""
    rows, carried = [], 0.0
    for offset, spend in enumerate(spends):
        predicted = hill_revenue(1000, 100, 1.0, spend) + 0.5 * carried
        carried = predicted
        rows.append(
            HistoryRow(
                day=START + timedelta(days=offset),
                channel_id="search",
                spend=Decimal(str(spend)),
                revenue=Decimal(str(round(predicted * factor, 2))),
            )
        )
    return rows


def test_the_curve_scale_is_the_least_squares_fit_by_hand() -> None:
    # by hand: spend 100, 0, 100 earns 500, 250, 625 (500 + 0.5·250): observed 650, 325, 812.5 is ×1.3
    rows = observed([100, 0, 100], 1.3)
    assert [float(r.revenue) for r in rows] == [650.0, 325.0, 812.5]
    scale, used = curve_scale(CURVE, rows) or (0.0, 0)
    assert scale == pytest.approx(1.3, abs=1e-6) and used == 2
    # with noise the fit is Σ y·u / Σ u²
    noisy = [
        r.model_copy(update={"revenue": r.revenue * Decimal(m)}) for r, m in zip(rows, ("1", "0.5", "1"), strict=True)
    ]
    u = [500.0, 250.0, 625.0]
    y = [650.0, 162.5, 812.5]
    expected = sum(a * b for a, b in zip(y, u, strict=True)) / sum(a * a for a in u)
    assert (curve_scale(CURVE, noisy) or (0.0, 0))[0] == pytest.approx(expected)


def paid_scenario() -> mixplan.Scenario:
    return mixplan.scenario_from_data(
        {
            "name": "learn",
            "currency": "EUR",
            "horizon": {"start": START.isoformat(), "days": 14, "timezone": "Europe/Berlin"},
            "channels": [
                {
                    "id": "search",
                    "platform": "google_ads",
                    "organic": False,
                    "ads": {"curve": {"kind": "hill", **CURVE.model_dump(mode="json", exclude={"kind"})}},
                }
            ],
            "budget": {"total": "2800.00"},
        }
    )


def test_replan_refits_the_curve_names_it_and_the_flag_turns_it_off() -> None:
    scenario = paid_scenario()
    parent = mixplan.plan(scenario, options=OPTIONS)
    days = observed([float(r.amount) for r in parent.spend if r.day < START + timedelta(days=7)], 1.3)
    assert len(days) == 7
    as_of = START + timedelta(days=7)
    result = mixplan.replan(parent, scenario, as_of, actual_days=days, options=OPTIONS)
    assert result.scenario is not None
    curve = result.scenario.channels[0].ads.curve
    assert isinstance(curve, HillCurve) and curve.max_revenue == Decimal("1300.00")
    assert curve.half_saturation == CURVE.half_saturation and curve.carryover == CURVE.carryover
    assert any(n.startswith("learned: search curve refitted on 7 day(s)") and "×1.300" in n for n in result.notes)
    assert any(m.startswith("learned: search") for m in result.plan.report.messages)
    # refitting again from the learned curve with the same days changes nothing
    again = mixplan.replan(result.plan, result.scenario, as_of, actual_days=days, options=OPTIONS)
    assert not any(n.startswith("learned:") for n in again.notes)
    off = mixplan.replan(parent, scenario, as_of, actual_days=days, options=OPTIONS, learn_curves=False)
    assert off.scenario == scenario and not any(n.startswith("learned:") for n in off.notes)


def test_replan_shrinks_the_post_rates_toward_the_observed_ones() -> None:
    scenario = make_scenario()
    parent = mixplan.plan(scenario, options=OPTIONS)
    as_of = date(2026, 11, 29)
    post = min(parent.posts, key=lambda p: p.start)
    assert post.start.date() < as_of
    actual = PostActual(
        content_id=post.content_id,
        channel_id=post.channel_id,
        published_at=post.start,
        impressions=10_000,
        engagements=900,
        clicks=300,
        orders=3,
        revenue=Decimal("40.00"),
    )
    prior = mixplan.Engine().resolve(scenario)[0].audience.rates[post.format]
    result = mixplan.replan(parent, scenario, as_of, actual_posts=[actual], options=OPTIONS)
    assert result.scenario is not None
    rates = result.scenario.channels[0].audience.rates
    assert rates is not None
    learned = rates[post.format]
    # by hand: (10,000 · prior + 300) / (10,000 + 10,000)
    assert learned.click_rate == pytest.approx((PRIOR_IMPRESSIONS * prior.click_rate + 300) / 20_000)
    assert learned.engagement_rate == pytest.approx((PRIOR_IMPRESSIONS * prior.engagement_rate + 900) / 20_000)
    assert learned.conversion_rate == prior.conversion_rate
    assert any(n.startswith(f"learned: ig_main {post.format} rates from 10,000 impressions") for n in result.notes)
    off = mixplan.replan(parent, scenario, as_of, actual_posts=[actual], options=OPTIONS, learn_rates=False)
    assert off.scenario == scenario


def test_the_cli_stores_what_was_learned_and_no_learn_turns_it_off(store: Store, database_url: str) -> None:
    scenario = paid_scenario()
    parent = mixplan.plan(scenario, options=OPTIONS)
    parent_id = store.save_run(scenario, parent)
    store.upsert_actuals(
        [], observed([float(r.amount) for r in parent.spend if r.day < START + timedelta(days=7)], 0.7)
    )
    runner = CliRunner()
    env = {"MIXPLAN_DB": database_url}
    args = ["replan", str(parent_id), "--as-of", "2026-11-09", "--time-limit", "3", "--json"]
    learned = json.loads(runner.invoke(cli, args, env=env, catch_exceptions=False).output)
    assert learned["replan"]["learned"] and "×0.700" in learned["replan"]["learned"][0]
    stored = store.get_run(learned["run_id"])
    curve = stored.scenario.channels[0].ads.curve
    assert isinstance(curve, HillCurve) and curve.max_revenue == Decimal("700.00")
    plain = json.loads(runner.invoke(cli, [*args, "--no-learn"], env=env, catch_exceptions=False).output)
    assert plain["replan"]["learned"] == []
    assert store.get_run(plain["run_id"]).scenario == scenario
