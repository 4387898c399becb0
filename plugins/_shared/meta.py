"""Meta's ad-buying rules, shared by the Instagram and Facebook plugins (one ads system, one auction)."""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import AdRules, HillCurve, SourcedFact
from mixplan.plugins._shared.curves import AdBenchmark, curve_source, describe_curve, hill_from_roas
from mixplan.plugins._shared.sources import AVERAGE_ORDER_VALUE, ECOMMERCE_CONVERSION_RATE, sourced

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


def meta_ad_rules() -> AdRules:
    """Meta's ad rules: $5/day minimum per ad set, 25 % daily overdelivery, ~50 events to leave learning."""
    return AdRules(
        supports_ads=True,
        supports_boost=True,
        min_daily_budget=MIN_DAILY_BUDGET,
        spend_step=Decimal("1.00"),
        max_daily_change=None,
        learning_phase_events=50,
        daily_overdelivery=0.25,
        cpm=CPM,
        boost_min_budget=MIN_DAILY_BUDGET,
    )


def meta_curve() -> HillCurve:
    """The default daily response curve of Meta ad spend (S-shaped: prospecting-heavy)."""
    return hill_from_roas(BENCHMARK.roas, half_saturation=HALF_SATURATION, shape=SHAPE)


def meta_ad_facts() -> list[SourcedFact]:
    """Where Meta's ad defaults come from."""
    return [
        sourced(
            "ads.min_daily_budget",
            MIN_DAILY_BUDGET,
            "[O] Meta Business Help 'About minimum budgets' (mirror), corroborated by [3P] Smartly.io and "
            "StitcherAds: per ad set per day $1 when charged for impressions, $5 for clicks, engagement or "
            "video views, $40 for low-frequency events; half in some other currencies. 5.00 because shops run "
            "click- and conversion-optimised ad sets; override channels[].ads.min_daily_budget",
            2019,
        ),
        sourced(
            "ads.max_daily_change",
            None,
            "Meta publishes no threshold (nf); [3P] lionelz.com and onestopmarketing.agency say changes above "
            "20 % reset learning. No limit by default; set channels[].ads.max_daily_change: 0.2 to follow them",
            2026,
        ),
        sourced(
            "ads.learning_phase_events",
            50,
            "[O] Meta help 'About learning phase' (mirror): about 50 optimisation events after launch or a "
            "significant edit, within 7 days for a 7-day-click window (information only)",
        ),
        sourced(
            "ads.daily_overdelivery",
            0.25,
            "[O] Meta Marketing API 'Budgets': an ad set may spend up to 25 % more than its daily budget on a day",
            2025,
        ),
        sourced("ads.cpm", CPM, "[3P] shno.co compilation of Facebook ads benchmarks (CPC $1.06, CPM $6.59)", 2026),
        sourced(
            "ads.boost_min_budget",
            MIN_DAILY_BUDGET,
            "[O] 'About minimum budgets': $5/day when optimising for post engagement, which boosting does",
            2019,
        ),
        sourced(
            "default_curve",
            describe_curve(meta_curve()),
            curve_source(
                BENCHMARK,
                "CPM [3P] shno.co 2026; CTR 1.71 % on traffic campaigns [3P] WordStream 2025; "
                "conversion rate and order value are assumptions",
                half_saturation=HALF_SATURATION,
                shape=SHAPE,
            ),
            2026,
        ),
    ]
