"""Google Ads' budget rules, shared by the Google Ads plugin and YouTube (whose ads are bought in Google Ads)."""

from __future__ import annotations

from decimal import Decimal

from mixplan.plugin_kit import Sourced
from mixplan.plugins._shared.sources import SPEND_STEP

MIN_DAILY_BUDGET = Decimal("1.00")

GOOGLE_ADS: dict[str, Sourced[object]] = {
    **SPEND_STEP,
    "min_daily_budget": Sourced(
        MIN_DAILY_BUDGET,
        "No universal minimum is published (nf): [O] the Google Ads API enforces a per-currency daily "
        "minimum and reports it in BudgetPerDayMinimumErrorDetails (API v24–v26). 1.00 is a conservative "
        "default; override channels[].ads.min_daily_budget",
        2026,
    ),
    "max_daily_change": Sourced(None, "Google publishes no day-over-day budget limit (nf); no limit by default"),
    "learning_phase_events": Sourced(
        50,
        "[3P] whitead.digital citing Google help: target ROAS needs >= 50 conversions in 30 days "
        "(target CPA / Maximize Conversions >= 30); learning takes about 7 days (information only)",
        2025,
    ),
    "daily_overdelivery": Sourced(
        1.0,
        "[O] Google Ads help 6385083 and 6312: up to 2× the average daily budget on one day, at most "
        "30.4× the daily budget in a month",
    ),
}
"""Google Ads' rules (per-currency minimum, 1.00 assumed; up to 2× a day's budget; ~50 conversions to learn);
a platform adds its own ``cpm``."""
