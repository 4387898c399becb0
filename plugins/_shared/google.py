"""Google Ads' budget rules, shared by the Google Ads plugin and YouTube (whose ads are bought in Google Ads)."""

from __future__ import annotations

from decimal import Decimal

from mixplan.model import AdRules, SourcedFact
from mixplan.plugins._shared.sources import sourced

MIN_DAILY_BUDGET = Decimal("1.00")


def google_ad_rules(*, cpm: Decimal) -> AdRules:
    """Google Ads' rules: per-currency minimum (1.00 assumed), up to 2× a day's budget, ~50 conversions to learn."""
    return AdRules(
        supports_ads=True,
        supports_boost=False,
        min_daily_budget=MIN_DAILY_BUDGET,
        spend_step=Decimal("1.00"),
        max_daily_change=None,
        learning_phase_events=50,
        daily_overdelivery=1.0,
        cpm=cpm,
    )


def google_ad_facts() -> list[SourcedFact]:
    """Where the Google Ads budget defaults come from."""
    return [
        sourced(
            "ads.min_daily_budget",
            MIN_DAILY_BUDGET,
            "No universal minimum is published (nf): [O] the Google Ads API enforces a per-currency daily "
            "minimum and reports it in BudgetPerDayMinimumErrorDetails (API v24–v26). 1.00 is a conservative "
            "default; override channels[].ads.min_daily_budget",
            2026,
        ),
        sourced(
            "ads.max_daily_change",
            None,
            "Google publishes no day-over-day budget limit (nf); no limit by default",
        ),
        sourced(
            "ads.learning_phase_events",
            50,
            "[3P] whitead.digital citing Google help: target ROAS needs >= 50 conversions in 30 days "
            "(target CPA / Maximize Conversions >= 30); learning takes about 7 days (information only)",
            2025,
        ),
        sourced(
            "ads.daily_overdelivery",
            1.0,
            "[O] Google Ads help 6385083 and 6312: up to 2× the average daily budget on one day, at most "
            "30.4× the daily budget in a month",
        ),
    ]
