"""live_hook: a fetch function becomes a hook with the spec's arguments, for one platform only."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from mixplan.actuals.importing import Actuals
from mixplan.errors import InputError
from mixplan.live.actuals_fetch import fetch_actuals
from mixplan.live.hooks import LiveCall, live_hook
from mixplan.model.actuals import PostActual
from mixplan.plugin_host import PluginHost
from pluggy._hooks import varnames
from support.live_shapes import TOKEN, TOKEN_ENV, Router, client_for, live_scenario

fetched: list[tuple[str, str, str, date, date]] = []


def _fetch(call: LiveCall, since: date, until: date) -> Actuals:
    """LinkedIn posts, as a third-party plugin might fetch them."""
    fetched.append((call.channel.id, call.platform.id, call.token.reveal(), since, until))
    when = datetime(2025, 6, 10, 9, tzinfo=UTC)
    return Actuals(posts=[PostActual(content_id="p1", channel_id=call.channel.id, published_at=when)], days=[])


HOOK = live_hook("mixplan_fetch_actuals", "linkedin", _fetch)


@pytest.fixture
def host() -> PluginHost:
    return PluginHost(
        load_entry_points=False, environ={}, extra_plugins={"li_actuals": SimpleNamespace(mixplan_fetch_actuals=HOOK)}
    )


def test_the_hook_has_the_specs_arguments_and_the_fetch_docstring() -> None:
    assert varnames(HOOK)[0] == ("channel", "platform", "client", "credentials", "since", "until")
    assert HOOK.__name__ == "mixplan_fetch_actuals" and HOOK.__doc__ == _fetch.__doc__


def test_only_the_named_platform_is_fetched(monkeypatch: pytest.MonkeyPatch, host: PluginHost) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    fetched.clear()
    with client_for(Router({})) as client:
        actuals = fetch_actuals(host, live_scenario(), "li", date(2025, 6, 9), date(2025, 6, 11), client)
    assert [post.content_id for post in actuals.posts] == ["p1"]
    assert fetched == [("li", "linkedin", TOKEN, date(2025, 6, 9), date(2025, 6, 11))]
    spec = SimpleNamespace(id="instagram")
    assert HOOK(channel=None, platform=spec, client=None, credentials={}, since=None, until=None) is None


def test_a_missing_token_names_the_channel(monkeypatch: pytest.MonkeyPatch, host: PluginHost) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    scenario = live_scenario().model_copy(deep=True)
    scenario.channels[3].credentials = {"api_key": f"$env:{TOKEN_ENV}"}
    with client_for(Router({})) as client, pytest.raises(InputError) as caught:
        fetch_actuals(host, scenario, "li", date(2025, 6, 9), date(2025, 6, 9), client)
    assert "channel li credentials" in str(caught.value) and "needs access_token: $env:NAME" in str(caught.value)


def test_only_live_hooks_can_be_made() -> None:
    with pytest.raises(ValueError, match="not a live hook"):
        live_hook("mixplan_validate_content", "linkedin", _fetch)
