"""Commands that plugins add through the `mixplan_register_commands` hook, loaded when first needed."""

from __future__ import annotations

from pathlib import Path

import click
from mixplan.errors import PluginError

_CACHE_KEY = "mixplan_plugin_commands"


def plugin_commands(ctx: click.Context) -> dict[str, click.Command]:
    """The commands plugins register, collected on a scratch group so they never replace built-ins.

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
    scratch = click.Group("plugins")
    host = app.engine().host
    for implementation in host.manager.hook.mixplan_register_commands.get_hookimpls():
        before = set(scratch.commands)
        try:
            implementation.function(cli=scratch)
        except Exception as exc:
            raise PluginError(
                implementation.plugin_name, f"raised in mixplan_register_commands: {type(exc).__name__}: {exc}"
            ) from exc
        for name in set(scratch.commands) - before:
            root_command = root.command
            if isinstance(root_command, click.Group) and name in root_command.commands:
                raise PluginError(implementation.plugin_name, f"registers command {name!r}, which is built in")
    root.meta[_CACHE_KEY] = dict(scratch.commands)
    return dict(scratch.commands)
