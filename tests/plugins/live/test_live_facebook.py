"""Facebook / Meta ads live data: minimum_budgets of the ad account; no hour-of-day audience."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest
from mixplan.errors import InputError, RemoteError
from mixplan.live import NoLiveDataError, fetch_audience, fetch_limits
from mixplan.plugin_host import PluginHost
from support.live_shapes import TOKEN, Router, client_for, graph_error, live_scenario, minimum_budgets


@pytest.mark.parametrize(
    ("currency", "amount", "expected"), [("USD", 500, "5.00"), ("EUR", 250, "2.50"), ("JPY", 150, "150.00")]
)
def test_minimum_budget_in_the_account_currency(
    token: str, host: PluginHost, currency: str, amount: int, expected: str
) -> None:
    router = Router({"/act_1234567890/minimum_budgets": [httpx.Response(200, json=minimum_budgets(currency, amount))]})
    with client_for(router) as client:
        limits = fetch_limits(host, live_scenario(), "fb", client)
    assert limits is not None
    assert limits.min_daily_budget == Decimal(expected) and limits.currency == currency
    assert limits.source == "facebook:minimum_budgets" and limits.publish_quota is None
    assert TOKEN not in str(router.requests[0].url)
    assert router.requests[0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_account_id_without_prefix_is_accepted(token: str, host: PluginHost) -> None:
    scenario = live_scenario()
    scenario.channels[1].account = "1234567890"
    router = Router({"/act_1234567890/minimum_budgets": [httpx.Response(200, json=minimum_budgets("USD", 500))]})
    with client_for(router) as client:
        assert fetch_limits(host, scenario, "fb", client) is not None


def test_facebook_offers_no_audience(token: str, host: PluginHost) -> None:
    with client_for(Router({})) as client, pytest.raises(NoLiveDataError) as caught:
        fetch_audience(host, live_scenario(), "fb", client)
    assert "facebook offers no hour-of-day audience data; the platform default is used" in str(caught.value)


def test_error_and_malformed_bodies(token: str, host: PluginHost) -> None:
    expired = graph_error(190, "Error validating access token: The session has been invalidated")
    router = Router({"/minimum_budgets": [httpx.Response(401, json=expired)]})
    with client_for(router) as client, pytest.raises(RemoteError, match="facebook rejected the access token"):
        fetch_limits(host, live_scenario(), "fb", client)
    missing = {"data": [{"currency": "USD", "min_daily_budget_imp": 100}]}
    router = Router({"/minimum_budgets": [httpx.Response(200, json=missing)]})
    with client_for(router) as client, pytest.raises(RemoteError) as caught:
        fetch_limits(host, live_scenario(), "fb", client)
    assert "field data.0.min_daily_budget_high_freq: Field required" in str(caught.value)
    two = {"data": [minimum_budgets("USD", 500)["data"][0], minimum_budgets("EUR", 500)["data"][0]]}
    router = Router({"/minimum_budgets": [httpx.Response(200, json=two)]})
    with client_for(router) as client, pytest.raises(RemoteError, match="several currencies"):
        fetch_limits(host, live_scenario(), "fb", client)


def test_account_must_be_an_ad_account(token: str, host: PluginHost) -> None:
    scenario = live_scenario()
    scenario.channels[1].account = "my page"
    with client_for(Router({})) as client, pytest.raises(InputError, match="Meta ad account id"):
        fetch_limits(host, scenario, "fb", client)
