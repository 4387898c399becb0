"""What every command shares: the global options, and the engine and store made from them on demand."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click
from mixplan.errors import InputError, PluginInputError

if TYPE_CHECKING:
    from mixplan.engine import Engine
    from mixplan.storage import Store


@dataclass
class App:
    """Global options of one `mixplan` invocation, with the engine and store created lazily."""

    debug: bool = False
    db: str | None = None
    plugins_dir: Path | None = None
    json: bool = False
    _engine: Engine | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)

    def engine(self) -> Engine:
        """The engine with every plugin loaded (built-in, entry points, `--plugins-dir`)."""
        if self._engine is None:
            from mixplan.engine import Engine

            self._engine = Engine(plugins_dir=self.plugins_dir, load_entry_points=True)
        return self._engine

    def platform_names(self) -> dict[str, str]:
        """Platform id -> its human name (``PlatformSpec.name``, e.g. "TikTok"), for the loaded plugins."""
        platforms = self.engine().platforms
        return {pid: str(getattr(getattr(value, "spec", value), "name", pid)) for pid, value in platforms.items()}

    def store(self) -> Store:
        """The database from `--db`, `$MIXPLAN_DB` or the default SQLite file, migrated on first use."""
        if self._store is None:
            from mixplan.storage import Store

            self._store = Store(self.db)
        return self._store

    def close(self) -> None:
        """Release the database connection, if one was opened."""
        if self._store is not None:
            self._store.close()
            self._store = None


def current_app() -> App:
    """The App of the running command (set up by the `mixplan` group)."""
    app = click.get_current_context().find_object(App)
    if app is None:  # a command invoked outside the mixplan group, e.g. in a plugin's own tests
        app = App()
        click.get_current_context().obj = app
    return app


@contextmanager
def about_file(path: Path) -> Iterator[None]:
    """Prefix input errors raised inside the block with the scenario file's name, unless they name it already."""
    try:
        yield
    except InputError as exc:
        if isinstance(exc, PluginInputError) or exc.field.startswith(str(path)):
            raise
        field_name = f"{path}: {exc.field}" if exc.field else str(path)
        raise InputError(field_name, exc.problem) from exc
