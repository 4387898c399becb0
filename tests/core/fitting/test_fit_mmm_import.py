"""Curves from the files Robyn, Meridian and PyMC-Marketing write, mapped onto mixplan's daily Hill curve.

Each fixture is built in the shape its tool writes (the file and version are named per test). The
mapping is checked against the tool's own model simulated at a constant spend (adstock applied to
the media, then saturation), which mixplan's curve (saturation, then carry-over of revenue) must
reproduce exactly (Hill) or within the documented bound (PyMC-Marketing's logistic).
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from mixplan.errors import InputError
from mixplan.fitting.curve_import import import_curves
from mixplan.fitting.mmm_import import MmmOptions
from mixplan.fitting.mmm_mapping import LOGISTIC_AS_HILL
from mixplan.model.curves import HillCurve
from mixplan.model.history import HistoryRow
from scipy.optimize import least_squares
from support.mmm_files import MERIDIAN_SUMMARY, PYMC_SUMMARY, ROBYN_JSON, write_robyn


def mixplan_daily_steady(curve: HillCurve, spend: float) -> float:
    """Revenue per day at a constant daily spend, carry-over included (steady state)."""
    s, h, k = spend, float(curve.half_saturation), curve.shape
    return float(curve.max_revenue) * s**k / (s**k + h**k) / (1.0 - curve.carryover)


def simulate(spend_per_period: float, decay: float, normalized: bool, saturation, periods: int = 400) -> float:  # type: ignore[no-untyped-def]
    """The tool's own model: geometric adstock of constant media, then saturation; response per period."""
    if normalized:  # Meridian / PyMC-Marketing: weights decay^l / sum(decay^l), l < l_max
        weights = decay ** np.arange(periods)
        adstocked = spend_per_period * weights.sum() / weights.sum()
    else:  # Robyn: x_t + theta * adstocked_{t-1}
        adstocked = 0.0
        for _ in range(periods):
            adstocked = spend_per_period + decay * adstocked
    return float(saturation(adstocked))


def robyn_saturation(alpha: float, gamma: float, low: float, high: float):  # type: ignore[no-untyped-def]
    inflexion = low + gamma * (high - low)  # Robyn's saturation_hill: range(x) %*% c(1 - gamma, gamma)
    return lambda x: x**alpha / (x**alpha + inflexion**alpha)


def test_robyn_pareto_csv_weekly_model_matches_robyns_steady_state(tmp_path: Path) -> None:
    path = write_robyn(tmp_path)
    ranges = {"facebook_S": (1000.0, 9000.0), "search_S": (500.0, 4000.0)}
    options = MmmOptions(
        model_id="1_92_3",
        period_days=7,
        spend_ranges=ranges,
        channel_names={"facebook_S": "fb_ads", "search_S": "google_ads"},
    )
    curves = {fitted.channel_id: fitted for fitted in import_curves(path, None, options)}  # auto-detected
    assert set(curves) == {"fb_ads", "google_ads"}
    fb = curves["fb_ads"]
    assert fb.source == "import:robyn:pareto_hyperparameters.csv"
    assert fb.curve.shape == 2.1
    assert fb.curve.carryover == pytest.approx(0.3 ** (1 / 7))
    # half saturation: inflexion 1000 + 0.55·8000 = 5400 adstocked per week → 5400·(1−0.3)/7 per day
    assert fb.curve.half_saturation == Decimal("540.00")
    assert len(fb.samples) == 1 and fb.samples[0].shape == 1.9  # the other pareto model
    saturation = robyn_saturation(2.1, 0.55, *ranges["facebook_S"])
    for daily in (100.0, 540.0, 2000.0):
        weekly = 52000.5 * simulate(7 * daily, 0.3, False, saturation)
        assert mixplan_daily_steady(fb.curve, daily) == pytest.approx(weekly / 7, rel=2e-4)  # cents rounding


def test_robyn_spend_range_from_the_stored_daily_history(tmp_path: Path) -> None:
    path = write_robyn(tmp_path)
    start = date(2025, 1, 1)
    rows = [
        HistoryRow(day=start + timedelta(days=n), channel_id="search_S", spend=Decimal(100 + 10 * (n % 7)), revenue=1)
        for n in range(70)
    ]
    options = MmmOptions(model_id="2_40_1", period_days=1, spend_ranges={"facebook_S": (1000.0, 9000.0)})
    curves = {f.channel_id: f for f in import_curves(path, "robyn", options, history=lambda ch: rows)}
    # Daily adstock with theta 0.12 over spend 100..160: min is the first day's 100, the max approached
    # is where a 160 day follows a run: computed here with Robyn's recursion.
    adstocked, values = 0.0, []
    for row in rows:
        adstocked = float(row.spend) + 0.12 * adstocked
        values.append(adstocked)
    inflexion = min(values) + 0.45 * (max(values) - min(values))
    assert float(curves["search_S"].curve.half_saturation) == pytest.approx(inflexion * 0.88, abs=0.005)


def test_robyn_refusals_say_what_is_missing(tmp_path: Path) -> None:
    path = write_robyn(tmp_path)
    with pytest.raises(InputError, match="holds 2 models; choose one with --model-id"):
        import_curves(path, "robyn", MmmOptions(period_days=7))
    with pytest.raises(InputError, match=r"needs its adstocked spend range: give --spend-range facebook_S=MIN:MAX"):
        import_curves(path, "robyn", MmmOptions(model_id="1_92_3", period_days=7))
    with pytest.raises(InputError, match=r"--period-days 1 .*or 7"):
        import_curves(path, "robyn", MmmOptions(model_id="1_92_3"))
    with pytest.raises(InputError, match="has no model 'nope'"):
        import_curves(path, "robyn", MmmOptions(model_id="nope", period_days=7))
    weibull = tmp_path / "w"
    weibull.mkdir()
    weibull_path = write_robyn(weibull, "solID,tv_S_alphas,tv_S_gammas,tv_S_shapes,tv_S_scales\n1_1_1,2,0.5,1.5,0.2\n")
    with pytest.raises(InputError, match=r"Weibull adstock.*adstock = 'geometric'"):
        import_curves(weibull_path, None, MmmOptions(period_days=7))


def test_robyn_write_json_daily_model(tmp_path: Path) -> None:
    path = tmp_path / "RobynModel-3_15_2.json"
    path.write_text(json.dumps(ROBYN_JSON), encoding="utf-8")
    [fitted] = import_curves(path, None, MmmOptions(spend_ranges={"tiktok_S": (0.0, 800.0)}))
    assert fitted.channel_id == "tiktok_S" and fitted.samples == []
    assert fitted.curve.carryover == pytest.approx(0.2)
    assert fitted.curve.half_saturation == Decimal("320.00")  # 400 · (1 − 0.2) / 1
    assert fitted.curve.max_revenue == Decimal("1440.20")  # 1800.25 · (1 − 0.2)
    saturation = robyn_saturation(1.6, 0.5, 0.0, 800.0)
    for daily in (50.0, 320.0, 900.0):
        assert mixplan_daily_steady(fitted.curve, daily) == pytest.approx(
            1800.25 * simulate(daily, 0.2, False, saturation), rel=1e-4
        )
    ROBYN_JSON["InputCollect"]["dep_var_type"] = ["conversion"]  # type: ignore[index]
    path.write_text(json.dumps(ROBYN_JSON), encoding="utf-8")
    ROBYN_JSON["InputCollect"]["dep_var_type"] = ["revenue"]  # type: ignore[index]
    with pytest.raises(InputError, match="dependent variable is 'conversion'"):
        import_curves(path, None, MmmOptions(spend_ranges={"tiktok_S": (0.0, 800.0)}))


def test_meridian_summary_weekly_log_normal_effects(tmp_path: Path) -> None:
    path = tmp_path / "meridian_summary.csv"
    path.write_text(MERIDIAN_SUMMARY, encoding="utf-8")
    options = MmmOptions(
        period_days=7, media_scales={"Channel0": 7000.0, "Channel1": 2100.0}, revenue_scale=50000.0, samples=30
    )
    curves = {f.channel_id: f for f in import_curves(path, None, options)}
    tv = curves["Channel0"]
    assert tv.curve.shape == 1.3 and tv.curve.carryover == pytest.approx(0.45 ** (1 / 7))
    assert tv.curve.half_saturation == Decimal("1800.00")  # ec 1.8 × median 7000 per week / 7 days
    effect = math.exp(0.35) * 50000.0
    for daily in (300.0, 1800.0, 6000.0):
        hill = simulate(7 * daily / 7000.0, 0.45, True, lambda x: x**1.3 / (x**1.3 + 1.8**1.3))
        assert mixplan_daily_steady(tv.curve, daily) == pytest.approx(effect * hill / 7, rel=1e-4)
    assert len(tv.samples) == 30
    assert all(0 <= s.carryover < 1 and s.shape > 0 for s in tv.samples)
    shapes = [s.shape for s in tv.samples]
    assert 1.1 < float(np.mean(shapes)) < 1.5 and float(np.std(shapes)) > 0.1
    # a negative beta_m is a positive effect exp(beta_m) with log-normal effects ...
    assert curves["Channel1"].curve.max_revenue > 0
    # ... and no positive effect at all when the effects are normal
    with pytest.raises(InputError, match="must all be positive"):
        import_curves(path, "meridian", MmmOptions(**{**options.__dict__, "meridian_effects": "normal"}))
    with pytest.raises(InputError, match="--spend-scale Channel0=AMOUNT"):
        import_curves(path, "meridian", MmmOptions(period_days=7, revenue_scale=1.0))


def test_pymc_summary_logistic_within_the_documented_bound(tmp_path: Path) -> None:
    path = tmp_path / "pymc_summary.csv"
    path.write_text(PYMC_SUMMARY, encoding="utf-8")
    options = MmmOptions(period_days=1, media_scales={"x1": 900.0, "x2": 400.0}, revenue_scale=12000.0, samples=10)
    curves = {f.channel_id: f for f in import_curves(path, None, options)}
    x1 = curves["x1"]
    assert x1.curve.carryover == pytest.approx(0.4) and x1.curve.shape == LOGISTIC_AS_HILL[2]
    ceiling = 0.35 * 12000.0
    worst = 0.0
    for daily in np.linspace(1.0, 6.0 * 900.0 / 3.2, 60):  # up to u = lam·x = 6
        exact = ceiling * simulate(
            daily / 900.0, 0.4, True, lambda x: (1 - math.exp(-3.2 * x)) / (1 + math.exp(-3.2 * x))
        )
        worst = max(worst, abs(mixplan_daily_steady(x1.curve, float(daily)) - exact) / ceiling)
    assert worst < 0.035  # documented: 3.4 % of the logistic's ceiling (+ cents rounding)
    assert len(x1.samples) == 10


def test_pymc_hill_saturation_maps_exactly(tmp_path: Path) -> None:
    # PyMC-Marketing HillSaturation: beta · x^slope / (x^slope + kappa^slope), rows saturation_kappa/_slope.
    path = tmp_path / "pymc_hill.csv"
    path.write_text(
        ",mean,sd,hdi_3%,hdi_97%\n"
        "saturation_kappa[tv],0.5,0.05,0.4,0.6\nsaturation_slope[tv],2.0,0.2,1.6,2.4\n"
        "saturation_beta[tv],0.3,0.03,0.25,0.35\nadstock_alpha[tv],0.3,0.05,0.2,0.4\n",
        encoding="utf-8",
    )
    options = MmmOptions(period_days=1, media_scales={"tv": 1000.0}, revenue_scale=10000.0, samples=0)
    [tv] = import_curves(path, "pymc", options)
    assert tv.curve.half_saturation == Decimal("500.00") and tv.curve.shape == 2.0
    assert mixplan_daily_steady(tv.curve, 500.0) == pytest.approx(3000.0 * 0.5, rel=1e-4)
    with pytest.raises(InputError, match="--revenue-scale"):
        import_curves(path, "pymc", MmmOptions(period_days=1, media_scales={"tv": 1000.0}))


def test_logistic_as_hill_constants_are_the_least_squares_fit() -> None:
    u = np.linspace(0.0, 6.0, 4001)
    logistic = (1 - np.exp(-u)) / (1 + np.exp(-u))
    fit = least_squares(
        lambda p: p[0] * u ** p[2] / (u ** p[2] + p[1] ** p[2]) - logistic,
        [1.2, 1.5, 1.5],
        bounds=([0.1, 0.01, 0.1], [10, 50, 10]),
    )
    assert fit.x == pytest.approx(LOGISTIC_AS_HILL, abs=2e-4)
    ceiling, half, shape = LOGISTIC_AS_HILL
    error = np.abs(ceiling * u**shape / (u**shape + half**shape) - logistic).max()
    assert 0.03 < error < 0.035


def test_mixplan_own_layouts_still_import(tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    path.write_text("channel,max_revenue,half_saturation,shape\nig,100,20,1.5\n", encoding="utf-8")
    [fitted] = import_curves(path)
    assert fitted.source == "import:own.csv"
