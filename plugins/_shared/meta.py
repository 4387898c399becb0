"""Meta's ad-buying rules, shared by the Instagram and Facebook plugins (one ads system, one auction)."""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import HillCurve
from mixplan.plugin_kit import Sourced
from mixplan.plugins._shared.curves import AdBenchmark, curve_source, hill_from_roas
from mixplan.plugins._shared.sources import AVERAGE_ORDER_VALUE, ECOMMERCE_CONVERSION_RATE, SPEND_STEP

MIN_DAILY_BUDGET = Decimal("5.00")
CPM = Decimal("6.59")
BENCHMARK = AdBenchmark(
    cpm=float(CPM),
    click_through_rate=0.0171,
    conversion_rate=ECOMMERCE_CONVERSION_RATE,
    average_order_value=float(AVERAGE_ORDER_VALUE),
)
HALF_SATURATION = 80.0
SHAPE = 1.6

META_ADS: dict[str, Sourced[object]] = {
    **SPEND_STEP,
    "min_daily_budget": Sourced(
        MIN_DAILY_BUDGET,
        "[O] Meta Business Help 'About minimum budgets' (mirror), corroborated by [3P] Smartly.io and "
        "StitcherAds: per ad set per day $1 when charged for impressions, $5 for clicks, engagement or "
        "video views, $40 for low-frequency events; half in some other currencies. 5.00 because shops run "
        "click- and conversion-optimised ad sets; override channels[].ads.min_daily_budget",
        2019,
    ),
    "max_daily_change": Sourced(
        None,
        "Meta publishes no threshold (nf); [3P] lionelz.com and onestopmarketing.agency say changes above "
        "20 % reset learning. No limit by default; set channels[].ads.max_daily_change: 0.2 to follow them",
        2026,
    ),
    "learning_phase_events": Sourced(
        50,
        "[O] Meta help 'About learning phase' (mirror): about 50 optimisation events after launch or a "
        "significant edit, within 7 days for a 7-day-click window (information only)",
    ),
    "daily_overdelivery": Sourced(
        0.25,
        "[O] Meta Marketing API 'Budgets': an ad set may spend up to 25 % more than its daily budget on a day",
        2025,
    ),
    "cpm": Sourced(CPM, "[3P] shno.co compilation of Facebook ads benchmarks (CPC $1.06, CPM $6.59)", 2026),
    "boost_min_budget": Sourced(
        MIN_DAILY_BUDGET,
        "[O] 'About minimum budgets': $5/day when optimising for post engagement, which boosting does",
        2019,
    ),
}
"""Meta's ad rules: $5/day minimum per ad set, 25 % daily overdelivery, ~50 events to leave learning."""


def meta_curve() -> HillCurve:
    """The default daily response curve of Meta ad spend (S-shaped: prospecting-heavy)."""
    return hill_from_roas(BENCHMARK.roas, half_saturation=HALF_SATURATION, shape=SHAPE)


META_CURVE = Sourced(
    meta_curve(),
    curve_source(
        BENCHMARK,
        "CPM [3P] shno.co 2026; CTR 1.71 % on traffic campaigns [3P] WordStream 2025; "
        "conversion rate and order value are assumptions",
        half_saturation=HALF_SATURATION,
        shape=SHAPE,
    ),
    2026,
)
"""Meta's default curve with its derivation."""
