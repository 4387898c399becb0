"""The issue's claims on a seeded instance: fitted curves recover the true revenue at the planned
spend within 10 % for every channel (90+ days of history), and a plan made on the fitted curves
earns, on the true curves, within 3 % of the plan made on the true curves."""

from __future__ import annotations

import pytest
from mixplan.model.curves import HillCurve
from support.recovery import horizon_revenue, recovery_study


def test_horizon_revenue_counts_carry_over_inside_the_horizon_only() -> None:
    curve = HillCurve(max_revenue="200", half_saturation="100", shape=1.0, carryover=0.5)
    # 100 spend earns 100 on its day; on day 0 of 3 it also earns 50 and 25 on the next two days.
    assert horizon_revenue(curve, [100.0, 0.0, 0.0]) == pytest.approx(175.0)
    assert horizon_revenue(curve, [0.0, 0.0, 100.0]) == pytest.approx(100.0)
    no_carry = HillCurve(max_revenue="200", half_saturation="100", shape=1.0)
    assert horizon_revenue(no_carry, [100.0, 100.0, 0.0]) == pytest.approx(200.0)


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "history_days"), [(0, 90), (1, 120)])
def test_fitted_curves_recover_revenue_and_plan_nearly_as_well(seed: int, history_days: int) -> None:
    report = recovery_study(seed=seed, history_days=history_days, time_limit_s=20.0)
    spent = [channel for channel in report.channels if channel.planned_spend > 0]
    assert len(spent) >= 3, report
    for channel in report.channels:
        assert abs(channel.error) < 0.10, channel
    assert report.plan_ratio >= 0.97, report
    assert report.plan_ratio <= 1.0 + 1e-6  # the true-curve plan is optimal on the true curves (within the gap)
