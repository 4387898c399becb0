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

The channel's ``account`` is the ad account id (``act_123`` or ``123``); its credentials need
``access_token``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal

import httpx
from mixplan import hookimpl
from mixplan.credentials import Secret
from mixplan.errors import InputError, RemoteError
from mixplan.live.graph import GRAPH_URL, graph_get
from mixplan.live.remote import parse_body
from mixplan.model import Channel, PlatformSpec
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


@hookimpl
def mixplan_fetch_limits(
    channel: Channel,
    platform: PlatformSpec,
    client: httpx.Client,
    credentials: Mapping[str, Secret],
) -> LiveLimits | None:
    """The ad account's minimum daily budget per ad set, from Meta's Marketing API."""
    if platform.id != PLATFORM:
        return None
    token = credentials.get("access_token")
    if token is None:
        raise InputError(f"channel {channel.id} credentials", "needs access_token: $env:NAME (or $file:PATH)")
    body = graph_get(
        client,
        f"{GRAPH_URL}/{_ad_account(channel)}/minimum_budgets",
        token,
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
        channel_id=channel.id,
        platform=PLATFORM,
        fetched_at=datetime.now(UTC),
        source="facebook:minimum_budgets",
        min_daily_budget=to_money(entry.min_daily_budget_high_freq, entry.currency),
        currency=entry.currency,
    )
