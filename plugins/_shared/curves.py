"""Default response curves derived from ad benchmarks: CPM × CTR × CVR × AOV gives ROAS at low spend.

A benchmark says what one unit of spend buys where the curve is at its most efficient:
``1000 / CPM`` impressions, of which ``CTR`` click, of which ``CVR`` order, each worth ``AOV``.
That is the curve's best average ROAS. We give the Hill curve a half-saturation spend and a
shape, and solve for the ``max_revenue`` whose best average ROAS equals that benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from mixplan.model import HillCurve
from mixplan.plugin_kit import Sourced
from mixplan.plugins._shared.sources import AVERAGE_ORDER_VALUE, ECOMMERCE_CONVERSION_RATE

CENT = Decimal("0.01")


@dataclass(frozen=True)
class AdBenchmark:
    """The inputs of the derivation; ``cpm`` and ``average_order_value`` in the scenario's currency."""

    cpm: float
    click_through_rate: float
    conversion_rate: float
    average_order_value: float

    @property
    def roas(self) -> float:
        """Revenue per unit of spend at the curve's most efficient point: 1000/CPM × CTR × CVR × AOV."""
        return 1000.0 / self.cpm * self.click_through_rate * self.conversion_rate * self.average_order_value


def best_average_roas_spend(half_saturation: float, shape: float) -> float:
    """Daily spend at which a Hill curve's average ROAS, revenue(s)/s, is highest (0 when shape <= 1)."""
    if shape <= 1.0:
        return 0.0
    return half_saturation * (shape - 1.0) ** (1.0 / shape)


def best_average_roas(curve: HillCurve) -> float:
    """The highest revenue(s)/s a Hill curve reaches (its limit at s → 0 when shape == 1)."""
    top = float(curve.max_revenue)
    half = float(curve.half_saturation)
    if curve.shape < 1.0:
        return float("inf")
    if curve.shape == 1.0:
        return top / half
    spend = best_average_roas_spend(half, curve.shape)
    return top * (curve.shape - 1.0) / (curve.shape * spend)


def hill_from_roas(roas: float, *, half_saturation: float, shape: float) -> HillCurve:
    """The Hill curve with this half-saturation and shape whose best average ROAS equals ``roas``.

    For shape k > 1 the best average ROAS is reached at s* = h·(k−1)^(1/k) and equals
    M·(k−1)/(k·s*), so M = roas·k·s*/(k−1). For k = 1 it is M/h at s → 0, so M = roas·h.
    Shapes below 1 have no finite best average ROAS and are refused.
    """
    if roas <= 0 or half_saturation <= 0:
        raise ValueError("roas and half_saturation must be positive")
    if shape < 1.0:
        raise ValueError("shape must be at least 1 for a benchmark-derived curve")
    if shape == 1.0:
        top = roas * half_saturation
    else:
        spend = best_average_roas_spend(half_saturation, shape)
        top = roas * shape * spend / (shape - 1.0)
    return HillCurve(
        max_revenue=Decimal(repr(top)).quantize(CENT),
        half_saturation=Decimal(repr(half_saturation)).quantize(CENT),
        shape=shape,
    )


def hill_revenue(curve: HillCurve, spend: float) -> float:
    """Expected daily revenue of ``spend`` on a Hill curve (float; for documentation and tests)."""
    if spend <= 0:
        return 0.0
    top, half, shape = float(curve.max_revenue), float(curve.half_saturation), curve.shape
    return top * spend**shape / (spend**shape + half**shape)


def curve_source(benchmark: AdBenchmark, inputs: str, *, half_saturation: float, shape: float) -> str:
    """The source text of a derived curve: the arithmetic, where each input comes from, and the assumptions."""
    return (
        f"derived: best average ROAS = 1000/{benchmark.cpm:g} × {benchmark.click_through_rate:.2%} × "
        f"{benchmark.conversion_rate:.2%} × {benchmark.average_order_value:.2f} = {benchmark.roas:.2f} ({inputs}); "
        f"half-saturation {half_saturation:g}/day and shape {shape:g} are assumptions for a shop spending "
        "10–200 a day; set channels[].ads.curve or fit your own with `mixplan fit`"
    )


def benchmark_curve(
    cpm: Decimal,
    click_through_rate: float,
    inputs: str,
    *,
    half_saturation: float,
    shape: float,
    year: int | None,
    conversion_rate: float = ECOMMERCE_CONVERSION_RATE,
) -> Sourced[HillCurve]:
    """The default curve derived from an ad benchmark, declared with its derivation as the source.

    ``inputs`` says where the CPM and CTR come from; the order value is the shared placeholder.
    """
    benchmark = AdBenchmark(
        cpm=float(cpm),
        click_through_rate=click_through_rate,
        conversion_rate=conversion_rate,
        average_order_value=float(AVERAGE_ORDER_VALUE),
    )
    curve = hill_from_roas(benchmark.roas, half_saturation=half_saturation, shape=shape)
    return Sourced(curve, curve_source(benchmark, inputs, half_saturation=half_saturation, shape=shape), year)
