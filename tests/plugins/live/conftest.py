"""Fixtures for the live-data tests: the token in the environment and the built-in plugins."""

from __future__ import annotations

import pytest
from mixplan.plugin_host import PluginHost
from support.live_shapes import TOKEN, TOKEN_ENV


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> str:
    """The distinctive token, put into the environment variable the scenario names."""
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    return TOKEN


@pytest.fixture(scope="session")
def host() -> PluginHost:
    """The built-in plugins (no entry points, no environment restrictions)."""
    return PluginHost(load_entry_points=False, environ={})
