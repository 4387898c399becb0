"""Commands that plugins add through the `mixplan_register_commands` hook, loaded when first needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

_CACHE_KEY = "mixplan_plugin_commands"


def plugin_commands(ctx: click.Context) -> dict[str, click.Command]:
    """The commands plugins register, collected on a group that refuses the built-in names.

    Built on the engine of this invocation (so `--plugins-dir` counts); cached per invocation.
    """
    root = ctx.find_root()
    cached = root.meta.get(_CACHE_KEY)
    if cached is not None:
        return dict(cached)
    from mixplan.cli.app import App

    app = root.find_object(App)
    if app is None:
        plugins_dir = root.params.get("plugins_dir")
        app = App(plugins_dir=Path(plugins_dir) if plugins_dir else None)
    root_command = root.command
    built_in = set(root_command.commands) if isinstance(root_command, click.Group) else set()
    from mixplan.cli.main import BUILT_IN_COMMANDS

    collector = _Collector(built_in | set(BUILT_IN_COMMANDS))
    _plugin_host(app).call("mixplan_register_commands", cli=collector)
    root.meta[_CACHE_KEY] = dict(collector.commands)
    return dict(collector.commands)


def _plugin_host(app: Any) -> Any:
    """The engine's plugin host if the engine exists, else a host of the plugins that may add commands.

    The built-in plugins add none (``mixplan.plugin_host.BUILTIN_PLUGINS_ADD_COMMANDS``), so the
    bare host loads only entry points and `--plugins-dir`: `mixplan --help` then imports neither
    the models, pydantic, httpx nor the solver.
    """
    if app._engine is not None:
        return app._engine.host
    from mixplan.plugin_host import PluginHost

    return PluginHost(plugins_dir=app.plugins_dir, load_entry_points=True, core_plugins=False, platform_plugins=False)


class CommandCollision(Exception):
    """A plugin added a command whose name is built in; the plugin host names the plugin."""


class _Collector(click.Group):
    """The group handed to plugins: collects their commands and refuses names that are built in."""

    def __init__(self, built_in: set[str]) -> None:
        super().__init__("mixplan")
        self._built_in = built_in

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Add a plugin's command; a built-in name raises CommandCollision."""
        command_name = name or cmd.name
        if command_name in self._built_in:
            raise CommandCollision(f"registers command {command_name!r}, which is built in")
        super().add_command(cmd, name)
