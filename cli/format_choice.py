"""`--format`: a click Choice of every registered exporter, plugins' included, loaded only when needed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click


class ExporterChoice(click.Choice):
    """A Choice whose choices are the exporters' names, read from the plugins the first time they are needed.

    Building the command line does not load any plugin; `export --help`, completion and the check of
    a given value do.
    """

    def __init__(self) -> None:
        self.case_sensitive = True
        self._names: tuple[str, ...] | None = None

    @property  # type: ignore[override]
    def choices(self) -> Sequence[str]:
        """The registered exporter names, sorted."""
        if self._names is None:
            from mixplan.cli.app import current_app

            self._names = tuple(sorted(_exporter_names(current_app())))
        return self._names

    @choices.setter
    def choices(self, value: Sequence[Any]) -> None:
        self._names = tuple(str(name) for name in value)

    def reset(self) -> None:
        """Forget the names read so far (another set of plugins may be loaded next time)."""
        self._names = None


def _exporter_names(app: Any) -> list[str]:
    """The exporters of the engine if it exists, else of a host without the platform plugins.

    The platform plugins register no exporter (``mixplan.plugin_host.BUILTIN_PLUGINS_ADD_COMMANDS``)
    and import httpx; the engine would import the solver. So `export --help` loads neither.
    """
    if app._engine is not None:
        return list(app._engine.exporters)
    from mixplan.plugin_host import PluginHost

    return list(PluginHost(plugins_dir=app.plugins_dir, load_entry_points=True, platform_plugins=False).exporters)
