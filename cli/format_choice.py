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

            self._names = tuple(sorted(current_app().engine().exporters))
        return self._names

    @choices.setter
    def choices(self, value: Sequence[Any]) -> None:
        self._names = tuple(str(name) for name in value)

    def reset(self) -> None:
        """Forget the names read so far (another set of plugins may be loaded next time)."""
        self._names = None
