"""Loading the platform plugins through PluginHost: restriction, conflicts, failures, local files, tracing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from mixplan import hookimpl
from mixplan.errors import PluginError
from mixplan.model import PlatformSpec
from mixplan.plugin_host import PluginHost
from mixplan.plugins.email.spec import platform_spec as email_spec


class Copycat:
    """A plugin that declares a platform id a built-in already owns."""

    @hookimpl
    def mixplan_register_platforms(self, register: Callable[[PlatformSpec], None]) -> None:
        register(email_spec().model_copy(update={"id": "instagram", "name": "Not Instagram"}))


class Broken:
    """A plugin whose registration hook raises."""

    @hookimpl
    def mixplan_register_platforms(self, register: Callable[[PlatformSpec], None]) -> None:
        raise RuntimeError("spec file missing")


class Misspelled:
    """A plugin implementing a hook that does not exist (singular 'platform')."""

    @hookimpl
    def mixplan_register_platform(self, register: Callable[[PlatformSpec], None]) -> None:
        raise AssertionError("never called")


def test_load_plugins_restricts_the_builtins() -> None:
    host = PluginHost(load_entry_points=False, environ={"MIXPLAN_LOAD_PLUGINS": "instagram, tiktok"})
    assert set(host.platforms) == {"instagram", "tiktok"}
    assert {name for name, info in host.plugins.items() if info.source == "built-in"} == {"instagram", "tiktok"}


def test_a_duplicate_platform_id_names_both_plugins() -> None:
    with pytest.raises(PluginError) as raised:
        PluginHost(load_entry_points=False, environ={}, extra_plugins={"copycat": Copycat()})
    message = str(raised.value)
    assert "'instagram'" in message and "'copycat'" in message
    assert "already registers" in message


def test_a_plugin_raising_while_registering_is_named() -> None:
    environ = {"MIXPLAN_LOAD_PLUGINS": "email"}
    with pytest.raises(PluginError) as raised:
        PluginHost(load_entry_points=False, environ=environ, extra_plugins={"broken": Broken()})
    assert raised.value.plugin == "broken"
    assert "mixplan_register_platforms" in str(raised.value)
    assert "spec file missing" in str(raised.value)


def test_a_misspelled_hook_is_caught_by_check_pending() -> None:
    with pytest.raises(PluginError) as raised:
        PluginHost(load_entry_points=False, environ={}, extra_plugins={"misspelled": Misspelled()})
    assert raised.value.plugin == "misspelled"
    assert "mixplan_register_platform" in str(raised.value)


def test_a_plugin_file_in_the_plugins_dir_loads_like_any_plugin(tmp_path: Path) -> None:
    (tmp_path / "shopline.py").write_text(
        '"""A local plugin: a regional marketplace."""\n'
        "from mixplan import hookimpl\n"
        "from mixplan.plugins.email.spec import platform_spec\n\n\n"
        "@hookimpl\n"
        "def mixplan_register_platforms(register):\n"
        '    register(platform_spec().model_copy(update={"id": "shopline", "name": "Shopline"}))\n',
        encoding="utf-8",
    )
    (tmp_path / "_helper.py").write_text("raise RuntimeError('files starting with _ are not plugins')\n")
    host = PluginHost(load_entry_points=False, plugins_dir=tmp_path, environ={"MIXPLAN_LOAD_PLUGINS": "shopline"})
    assert set(host.platforms) == {"shopline"}
    registered = host.platform("shopline")
    assert registered.plugin.source == "plugins dir"
    assert registered.spec.name == "Shopline"


def test_trace_prints_hook_calls_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    PluginHost(load_entry_points=False, environ={"MIXPLAN_LOAD_PLUGINS": "x", "MIXPLAN_TRACE_PLUGINS": "1"})
    err = capsys.readouterr().err
    assert "mixplan: hook mixplan_register_platforms -> x" in err
    PluginHost(load_entry_points=False, environ={"MIXPLAN_LOAD_PLUGINS": "x", "MIXPLAN_TRACE_PLUGINS": "0"})
    assert "mixplan: hook" not in capsys.readouterr().err
