"""Chart helpers: axis ticks and number labels."""

from __future__ import annotations

import itertools
import math

import pytest
from mixplan.report.svg import nice_ticks, short_number


@pytest.mark.parametrize("maximum", [0.7, 1, 9.5, 17, 99, 101, 163.2, 999, 4321, 87_654])
def test_ticks_start_at_zero_cover_the_maximum_and_are_evenly_spaced(maximum: float) -> None:
    ticks = nice_ticks(maximum)
    assert ticks[0] == 0 and ticks[-1] >= maximum
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    (step,) = steps
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1.0, 2.0, 2.5, 5.0)
    assert 3 <= len(ticks) - 1 <= 10
    assert ticks[-2] < maximum, "no empty tick interval at the top"


def test_degenerate_maximum_gives_a_unit_axis() -> None:
    assert nice_ticks(0) == [0.0, 1.0]
    assert nice_ticks(float("nan")) == [0.0, 1.0]


def test_short_numbers() -> None:
    assert [short_number(v) for v in (0, 50, 2.5, 1200, 35_000, 1_500_000)] == ["0", "50", "2.5", "1.2k", "35k", "1.5M"]
