"""The value definitions in mixplan.metrics."""

from __future__ import annotations

import itertools
import math
from datetime import date

import pytest
from mixplan.metrics import (
    boost_revenue,
    carryover_factor,
    curve_revenue,
    decayed_factors,
    event_uplift,
    hill_revenue,
)
from mixplan.model import CalendarEvent, CurvePoint, HillCurve, PiecewiseCurve


def test_hill_is_half_of_max_at_half_saturation_and_s_shaped_above_shape_one() -> None:
    curve = HillCurve(max_revenue="1000", half_saturation="100", shape=3)
    assert curve_revenue(curve, 100) == pytest.approx(500)
    assert curve_revenue(curve, 0) == 0
    # S-shape: average return rises before the inflection point, then falls
    average = [curve_revenue(curve, s) / s for s in (20, 60, 100, 300)]
    assert average[0] < average[1] < average[2]
    assert average[3] < average[2]


def test_hill_is_stable_for_extreme_ratios() -> None:
    assert hill_revenue(1000, 1e6, 3.0, 1e-3) == pytest.approx(0.0, abs=1e-12)
    assert hill_revenue(1000, 1e300, 3.0, 1e-300) == 0.0
    assert hill_revenue(1000, 1.0, 3.0, 1e9) == pytest.approx(1000)


def test_piecewise_interpolates_from_origin_and_is_flat_after_last_point() -> None:
    curve = PiecewiseCurve(points=[CurvePoint(spend="10", revenue="30"), CurvePoint(spend="30", revenue="50")])
    assert curve_revenue(curve, 5) == pytest.approx(15)
    assert curve_revenue(curve, 20) == pytest.approx(40)
    assert curve_revenue(curve, 100) == pytest.approx(50)


def test_carryover_sums_the_geometric_tail_inside_the_horizon() -> None:
    assert carryover_factor(0.0, 3, 10) == 1.0
    assert carryover_factor(0.5, 9, 10) == pytest.approx(1.0)  # last day: nothing carried inside
    assert carryover_factor(0.5, 8, 10) == pytest.approx(1.5)
    assert carryover_factor(0.5, 0, 10) == pytest.approx(sum(0.5**k for k in range(10)))


def test_overlapping_events_multiply_and_channel_uplift_replaces_default() -> None:
    events = [
        CalendarEvent(
            name="BF", start=date(2026, 11, 27), end=date(2026, 11, 30), uplift=2.0, channel_uplift={"mail": 3.0}
        ),
        CalendarEvent(name="Payday", start=date(2026, 11, 30), end=date(2026, 11, 30), uplift=1.5, applies_to="paid"),
    ]
    assert event_uplift(events, "ig", date(2026, 11, 27), "paid") == 2.0
    assert event_uplift(events, "mail", date(2026, 11, 27), "organic") == 3.0
    assert event_uplift(events, "ig", date(2026, 11, 30), "paid") == pytest.approx(3.0)
    assert event_uplift(events, "ig", date(2026, 11, 30), "organic") == 2.0
    assert event_uplift(events, "ig", date(2026, 11, 26), "paid") == 1.0


def test_boost_revenue_is_concave_and_saturates() -> None:
    values = [boost_revenue(b, 2.0, 40.0, 1.5) for b in (0, 10, 20, 40, 80)]
    assert values[0] == 0
    assert values[1] == pytest.approx(1.5 * 2 * 10 * (1 - 10 / 80))
    increments = [b - a for a, b in itertools.pairwise(values)]
    assert increments[0] > increments[1] / 1 - 1e-9
    assert values[4] == values[3] == pytest.approx(1.5 * 2 * 20)


def test_decay_goes_to_the_weaker_posts() -> None:
    assert decayed_factors([5.0, 9.0, 7.0], [1.0, 0.7, 0.5]) == [0.5, 1.0, 0.7]
    assert decayed_factors([1.0, 1.0, 1.0, 1.0], [1.0, 0.5]) == [1.0, 0.5, 0.5, 0.5]
    assert math.isclose(sum(decayed_factors([3.0, 3.0], [1.0, 0.4])), 1.4)
