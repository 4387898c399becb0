"""Fixtures for the platform-plugin tests: a plugin host with the built-ins only."""

from __future__ import annotations

import pytest
from mixplan.plugin_host import PluginHost


@pytest.fixture(scope="module")
def builtin_host() -> PluginHost:
    """A host with mixplan's built-in plugins only: no entry points, no environment restrictions."""
    return PluginHost(load_entry_points=False, environ={})
