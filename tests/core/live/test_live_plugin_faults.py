"""A live hook that hangs or leaks its token in an exception: named, bounded, masked, nothing stored."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from mixplan import hookimpl
from mixplan.errors import PluginError, RemoteError
from mixplan.live import sync_live
from mixplan.live.scope import Deadline, sync_deadline
from mixplan.model import Scenario
from mixplan.storage import Store
from support.live_shapes import TOKEN, TOKEN_ENV, Router, client_for
from support.testnet import engine_with_testnet

RELEASE = threading.Event()


class SleepingLive:
    """A live hook that waits until the test releases it (a hook that "sleeps forever")."""

    @hookimpl
    def mixplan_fetch_audience(self, channel: Any) -> None:
        RELEASE.wait(60)


class LeakingLive:
    """A live hook whose exceptions quote the token in several spellings."""

    def __init__(self, kind: type[BaseException]) -> None:
        self.kind = kind

    @hookimpl
    def mixplan_fetch_audience(self, credentials: Any) -> None:
        token = credentials["access_token"].reveal()
        raise self.kind(f"bad header {('Bearer ' + token).encode()!r}, url ?access_token={token}&x=1, raw {token}")


def _scenario() -> Scenario:
    return Scenario.model_validate(
        {
            "name": "live faults",
            "horizon": {"start": "2026-11-02", "days": 7, "timezone": "Europe/Berlin"},
            "channels": [{"id": "a", "platform": "testnet", "credentials": {"access_token": f"$env:{TOKEN_ENV}"}}],
            "budget": {"total": "100"},
        }
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'faults.db'}")


def test_a_live_hook_that_hangs_is_abandoned_at_the_deadline(monkeypatch: pytest.MonkeyPatch, store: Store) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    engine = engine_with_testnet(sleeper=SleepingLive())
    RELEASE.clear()
    try:
        with (
            client_for(Router({})) as client,
            sync_deadline(Deadline("testnet", seconds=0.5)),
            pytest.raises(PluginError) as caught,
        ):
            sync_live(engine, _scenario(), "a", store, client, limits=False)
    finally:
        RELEASE.set()
    assert caught.value.plugin == "sleeper" and caught.value.exit_code == 1
    assert str(caught.value).startswith("plugin 'sleeper': mixplan_fetch_audience did not finish within 0.")
    assert store.audience_snapshots() == []


@pytest.mark.parametrize("kind", [RuntimeError, ValueError, KeyboardInterrupt, SystemExit, RemoteError])
def test_a_token_in_a_plugins_exception_is_masked(
    monkeypatch: pytest.MonkeyPatch, store: Store, kind: type[BaseException]
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    engine = engine_with_testnet(leaky=LeakingLive(kind))
    with client_for(Router({})) as client, pytest.raises((PluginError, RemoteError)) as caught:
        sync_live(engine, _scenario(), "a", store, client, limits=False)
    message = str(caught.value)
    assert TOKEN not in message and "7d1c9e55aa" not in message, message
    assert "***" in message
    if kind is not RemoteError:
        assert isinstance(caught.value, PluginError) and message.startswith("plugin 'leaky': raised in")
    chain = caught.value.__cause__
    assert chain is None or TOKEN not in str(chain), "a --debug traceback would show the token"
    assert store.audience_snapshots() == []


def test_a_quick_live_hook_under_a_time_limit_still_answers() -> None:
    """The worker thread sees the caller's context: results and errors come back as without a limit."""
    from support.testnet import TESTNET

    class Quick:
        @hookimpl
        def mixplan_fetch_limits(self, channel: Any) -> None:
            raise RemoteError("testnet said no")

    engine = engine_with_testnet(quick=Quick())
    with httpx.Client() as client, pytest.raises(RemoteError, match="testnet said no"):
        engine.host.call(
            "mixplan_fetch_limits",
            time_limit=5,
            channel=_scenario().channels[0],
            platform=TESTNET,
            client=client,
            credentials={},
        )
