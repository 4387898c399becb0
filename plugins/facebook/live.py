"""Facebook / Meta ads live data: the ad account's minimum daily budget over the Marketing API.

- ``mixplan_fetch_limits``: ``GET /act_{ad-account-id}/minimum_budgets`` returns, per currency,
  ``min_daily_budget_imp`` / ``_high_freq`` / ``_low_freq`` / ``_video_views`` in the currency's
  smallest unit (cents; whole units for currencies without minor units such as JPY). mixplan
  uses ``min_daily_budget_high_freq`` (ad sets charged per click, like or video view, or
  optimising for frequent events), the same basis as the plugin's $5 default. Permission:
  ``ads_read``.
- No audience hook: Facebook Pages offer no hour-of-day audience data any more
  (``page_fans_online`` belonged to the retired "page fans" metrics), so the platform default
  activity stays in use.

- ``mixplan_fetch_actuals``: ``GET /act_{ad-account-id}/insights`` by day: delivered spend and
  the purchase value Meta attributes to the ads.

The channel's ``account`` is the ad account id (``act_123`` or ``123``); its credentials need
``access_token``.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

from mixplan.actuals.importing import Actuals
from mixplan.errors import InputError, RemoteError
from mixplan.live.graph import GRAPH_URL, graph_get, graph_pages
from mixplan.live.hooks import LiveCall, live_hook
from mixplan.live.remote import parse_body
from mixplan.model import Channel
from mixplan.model.history import HistoryRow
from mixplan.model.live import LiveLimits
from pydantic import BaseModel, ConfigDict, Field

PLATFORM = "facebook"
ZERO_DECIMAL_CURRENCIES = frozenset({"CLP", "COP", "CRC", "HUF", "IDR", "ISK", "JPY", "KRW", "PYG", "TWD", "VND"})
"""Currencies whose Marketing API amounts are whole units (Meta's currency offset 1); all others are cents."""


class MinimumBudgetIn(BaseModel):
    """One currency's minimum daily budgets, in the currency's smallest unit."""

    model_config = ConfigDict(extra="ignore")

    currency: str = Field(pattern=r"^[A-Z]{3}$")
    min_daily_budget_imp: int | None = Field(default=None, ge=0)
    min_daily_budget_high_freq: int = Field(ge=0)
    min_daily_budget_low_freq: int | None = Field(default=None, ge=0)
    min_daily_budget_video_views: int | None = Field(default=None, ge=0)


class MinimumBudgetsIn(BaseModel):
    """``/act_{id}/minimum_budgets``."""

    model_config = ConfigDict(extra="ignore")

    data: list[MinimumBudgetIn] = Field(min_length=1)


def to_money(amount: int, currency: str) -> Decimal:
    """An amount in the currency's smallest unit as money (cents → 12.34; JPY stays whole)."""
    if currency in ZERO_DECIMAL_CURRENCIES:
        return Decimal(amount).quantize(Decimal("0.01"))
    return (Decimal(amount) / 100).quantize(Decimal("0.01"))


def _ad_account(channel: Channel) -> str:
    account = channel.account.strip().removeprefix("act_")
    if not account.isdigit():
        raise InputError(
            f"channel {channel.id} account",
            "must be the Meta ad account id (act_123… or the digits) to fetch the minimum budget",
        )
    return f"act_{account}"


def fetch_limits(call: LiveCall) -> LiveLimits:
    """The ad account's minimum daily budget per ad set, from Meta's Marketing API."""
    body = graph_get(
        call.client,
        f"{GRAPH_URL}/{_ad_account(call.channel)}/minimum_budgets",
        call.token,
        platform=PLATFORM,
        what="minimum_budgets",
    )
    budgets = parse_body(MinimumBudgetsIn, body, platform=PLATFORM, what="minimum_budgets").data
    entry = budgets[0]
    if len({b.currency for b in budgets}) > 1:
        raise RemoteError(
            "facebook returned minimum budgets in several currencies "
            f"({', '.join(b.currency for b in budgets)}); expected the ad account's one currency"
        )
    return LiveLimits(
        channel_id=call.channel.id,
        platform=PLATFORM,
        fetched_at=datetime.now(UTC),
        source="facebook:minimum_budgets",
        min_daily_budget=to_money(entry.min_daily_budget_high_freq, entry.currency),
        currency=entry.currency,
    )


PURCHASE_ACTIONS = ("omni_purchase", "purchase", "offsite_conversion.fb_pixel_purchase")
"""Purchase action types in order of preference; only the first one present counts (they overlap)."""


class ActionIn(BaseModel):
    """One ``actions`` / ``action_values`` entry of an insights row: a type and a decimal string."""

    model_config = ConfigDict(extra="ignore")

    action_type: str
    value: Decimal = Field(ge=0)


class AdInsightsDayIn(BaseModel):
    """One row of ``/act_{id}/insights?time_increment=1``: one day of the account (amounts are strings)."""

    model_config = ConfigDict(extra="ignore")

    date_start: date
    spend: Decimal = Field(default=Decimal("0"), ge=0)
    impressions: int | None = Field(default=None, ge=0)
    clicks: int | None = Field(default=None, ge=0)
    actions: list[ActionIn] = Field(default_factory=list)
    action_values: list[ActionIn] = Field(default_factory=list)


class AdInsightsPageIn(BaseModel):
    """One page of ``/act_{id}/insights``."""

    model_config = ConfigDict(extra="ignore")

    data: list[AdInsightsDayIn]


def purchase_total(entries: list[ActionIn]) -> Decimal | None:
    """The value of the preferred purchase action type present in `entries`; None when there is none."""
    by_type = {entry.action_type: entry.value for entry in entries}
    return next((by_type[kind] for kind in PURCHASE_ACTIONS if kind in by_type), None)


def fetch_actuals(call: LiveCall, since: date, until: date) -> Actuals:
    """Delivered spend and attributed purchase value per day of the ad account (Meta ad insights).

    ``GET /act_{id}/insights?level=account&time_increment=1&time_range={since,until}`` with
    ``spend,impressions,clicks,actions,action_values``, following ``paging.next``. Revenue is the
    purchase value (``omni_purchase``, else ``purchase``, else the pixel purchase), orders the
    purchase count. Amounts are in the ad account's currency.
    """
    days: dict[date, HistoryRow] = {}
    for page in graph_pages(
        call.client,
        f"{GRAPH_URL}/{_ad_account(call.channel)}/insights",
        call.token,
        platform=PLATFORM,
        what="ad insights",
        params={
            "level": "account",
            "time_increment": 1,
            "time_range": json.dumps({"since": since.isoformat(), "until": until.isoformat()}),
            "fields": "spend,impressions,clicks,actions,action_values",
        },
    ):
        for row in parse_body(AdInsightsPageIn, page, platform=PLATFORM, what="ad insights").data:
            orders = purchase_total(row.actions)
            days[row.date_start] = HistoryRow(
                day=row.date_start,
                channel_id=call.channel.id,
                spend=row.spend.quantize(Decimal("0.01")),
                revenue=(purchase_total(row.action_values) or Decimal(0)).quantize(Decimal("0.01")),
                impressions=row.impressions,
                clicks=row.clicks,
                conversions=None if orders is None else int(orders),
            )
    return Actuals(posts=[], days=[days[day] for day in sorted(days) if since <= day <= until])


mixplan_fetch_limits = live_hook("mixplan_fetch_limits", PLATFORM, fetch_limits)
mixplan_fetch_actuals = live_hook("mixplan_fetch_actuals", PLATFORM, fetch_actuals)
