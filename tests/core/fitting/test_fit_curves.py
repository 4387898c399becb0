"""Curve fitting on synthetic history from known curves: recovery, quality, refusals, bootstrap."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest
from mixplan.fitting import FitOptions, FitOutcome, FitRefusedError, fit_channel, fit_channels
from mixplan.fitting.response import carry_over, hill, long_run_revenue, predict_revenue
from mixplan.model.curves import HillCurve
from mixplan.model.history import HistoryRow
from support.synthetic import DEFAULT_CHANNELS, SyntheticChannel, generate_history


def _long_run(curve: HillCurve, spend: float) -> float:
    return long_run_revenue(spend, float(curve.max_revenue), float(curve.half_saturation), curve.shape, curve.carryover)


def test_carry_over_is_the_geometric_sum_of_daily_revenue() -> None:
    daily = np.array([10.0, 0.0, 5.0, 0.0, 0.0])
    expected = [sum(0.5**k * daily[t - k] for k in range(t + 1)) for t in range(5)]
    assert carry_over(daily, 0.5) == pytest.approx(expected)


def test_hill_half_saturation_earns_half() -> None:
    assert hill(np.array([0.0, 50.0]), 300.0, 50.0, 2.5) == pytest.approx([0.0, 150.0])


def test_prediction_starts_from_a_steady_state() -> None:
    spend = np.full(10, 40.0)
    steady = _long_run(HillCurve(max_revenue="100", half_saturation="40", shape=1.0, carryover=0.6), 40.0)
    assert predict_revenue(spend, 100.0, 40.0, 1.0, 0.6) == pytest.approx(np.full(10, steady))


@pytest.mark.parametrize("seed", [0, 1])
def test_recovers_true_long_run_revenue_within_ten_percent(seed: int) -> None:
    rows = generate_history(DEFAULT_CHANNELS, days=120, seed=seed)
    for channel in DEFAULT_CHANNELS:
        fitted = fit_channel(channel.channel_id, rows, FitOptions(bootstrap_samples=0))
        half = float(channel.curve.half_saturation)
        for multiple in (0.5, 1.0, 1.5, 2.0):
            truth = _long_run(channel.curve, half * multiple)
            estimate = _long_run(fitted.curve, half * multiple)
            assert abs(estimate / truth - 1) < 0.10, (channel.channel_id, multiple, estimate, truth)


def test_quality_is_measured_on_the_held_out_tail() -> None:
    rows = generate_history(DEFAULT_CHANNELS[:1], days=100, seed=3)
    fitted = fit_channel("meta_ads", rows, FitOptions(bootstrap_samples=0))
    assert fitted.quality is not None
    assert fitted.quality.holdout_days == 20
    assert fitted.quality.train_days == 100 - 20 - 7  # the burn-in week only feeds the carry-over
    assert 0.5 < fitted.quality.r2 <= 1.0
    assert 0.0 < fitted.quality.mape < 0.2
    assert fitted.source == "fit"
    low, high = fitted.spend_range or (Decimal(0), Decimal(0))
    spends = [row.spend for row in rows if row.spend > 0]
    assert (low, high) == (min(spends), max(spends))


def test_bootstrap_samples_are_reproducible_and_spread_around_the_fit() -> None:
    rows = generate_history(DEFAULT_CHANNELS[1:2], days=90, seed=4)
    options = FitOptions(bootstrap_samples=12, seed=9)
    first = fit_channel("instagram_ads", rows, options)
    again = fit_channel("instagram_ads", rows, options)
    assert len(first.samples) == 12
    assert first.samples == again.samples
    at = float(DEFAULT_CHANNELS[1].curve.half_saturation)
    values = np.array([_long_run(sample, at) for sample in first.samples])
    assert values.std() > 0
    assert abs(np.median(values) / _long_run(first.curve, at) - 1) < 0.1


def _rows(channel: str, spends: list[float], revenues: list[float]) -> list[HistoryRow]:
    start = date(2025, 1, 1)
    return [
        HistoryRow(day=start + timedelta(days=i), channel_id=channel, spend=f"{s:.2f}", revenue=f"{r:.2f}")
        for i, (s, r) in enumerate(zip(spends, revenues, strict=True))
    ]


def test_refuses_too_little_history() -> None:
    rows = generate_history(DEFAULT_CHANNELS[:1], days=20, seed=0)
    with pytest.raises(FitRefusedError, match="only 20 days of history; at least 28"):
        fit_channel("meta_ads", rows)


def test_refuses_flat_spend() -> None:
    rows = _rows("flat", [100.0] * 60, [300.0 + (i % 7) for i in range(60)])
    with pytest.raises(FitRefusedError, match="daily spend is too flat") as caught:
        fit_channel("flat", rows)
    assert caught.value.exit_code == 2
    assert str(caught.value).startswith("channel flat: no curve fitted:")


def test_refuses_zero_revenue() -> None:
    rows = _rows("zero", [float(20 + 7 * (i % 9)) for i in range(60)], [0.0] * 60)
    with pytest.raises(FitRefusedError, match="revenue is zero on every day"):
        fit_channel("zero", rows)


def test_refuses_revenue_that_does_not_follow_spend() -> None:
    rng = np.random.default_rng(5)
    spends = [float(v) for v in rng.uniform(10, 200, size=90)]
    revenues = [float(v) for v in rng.permutation(np.linspace(100, 900, 90))]
    with pytest.raises(FitRefusedError, match="revenue does not follow spend"):
        fit_channel("noise", _rows("noise", spends, revenues))


def test_missing_days_are_tolerated() -> None:
    rows = generate_history(DEFAULT_CHANNELS[:1], days=120, seed=6)
    kept = [row for index, row in enumerate(rows) if index % 10 != 3]
    fitted = fit_channel("meta_ads", kept, FitOptions(bootstrap_samples=0))
    truth = DEFAULT_CHANNELS[0].curve
    at = float(truth.half_saturation)
    assert abs(_long_run(fitted.curve, at) / _long_run(truth, at) - 1) < 0.1


def test_fit_channels_reports_refusals_without_raising() -> None:
    good = SyntheticChannel("good", HillCurve(max_revenue="500", half_saturation="50", shape=1.2, carryover=0.2))
    rows = generate_history([good], days=60, seed=2) + generate_history(DEFAULT_CHANNELS[:1], days=10, seed=2)
    seen: list[FitOutcome] = []
    outcomes = fit_channels(rows, options=FitOptions(bootstrap_samples=2), on_result=seen.append)
    assert [o.channel_id for o in outcomes] == ["good", "meta_ads"]
    assert outcomes[0].curve is not None and outcomes[0].refused is None
    assert outcomes[1].curve is None and "only 10 days" in (outcomes[1].refused or "")
    assert seen == outcomes
    only = fit_channels(rows, channels=["missing"])
    assert only[0].refused is not None and "only 0 days" in only[0].refused
