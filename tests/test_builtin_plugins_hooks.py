"""The built-in plugins add no commands and the platform plugins no exporters: listing them skips those plugins."""

from __future__ import annotations

import importlib

import pytest
from mixplan.plugin_host import BUILTIN_PLUGINS_ADD_COMMANDS, CORE_PLUGINS, DEFAULT_PLUGINS, PluginHost


@pytest.mark.parametrize("module_name", [*CORE_PLUGINS, *DEFAULT_PLUGINS])
def test_no_builtin_plugin_registers_commands(module_name: str) -> None:
    assert BUILTIN_PLUGINS_ADD_COMMANDS is False
    assert not hasattr(importlib.import_module(module_name), "mixplan_register_commands")


@pytest.mark.parametrize("module_name", DEFAULT_PLUGINS)
def test_no_platform_plugin_registers_exporters(module_name: str) -> None:
    assert not hasattr(importlib.import_module(module_name), "mixplan_register_exporters")


def test_a_host_without_platform_plugins_has_the_same_exporters_and_no_platforms() -> None:
    full = PluginHost(load_entry_points=False)
    light = PluginHost(load_entry_points=False, platform_plugins=False)
    assert light.platforms == {}
    assert sorted(light.exporters) == sorted(full.exporters)
    assert "xlsx" in light.exporters


def test_a_command_listing_host_loads_no_builtin_plugin() -> None:
    host = PluginHost(load_entry_points=False, core_plugins=False, platform_plugins=False)
    assert host.plugins == {} and host.platforms == {} and host.exporters == {}
