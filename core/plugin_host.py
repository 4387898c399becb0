"""Loads plugins into a fresh pluggy manager per engine and calls their hooks safely.

Plugins come from three places, in this order: the built-in modules in ``DEFAULT_PLUGINS``,
installed distributions exposing the entry-point group ``mixplan``, and ``*.py`` files in a
plugins directory. ``MIXPLAN_LOAD_PLUGINS`` (comma-separated plugin names) restricts which
platform plugins load; ``MIXPLAN_TRACE_PLUGINS=1`` logs every hook call to stderr.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import logging
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import mixplan
import pluggy
from mixplan import hookspecs
from mixplan.errors import InputError, PluginError, PluginInputError, RemoteError
from mixplan.exporters import Exporter
from mixplan.model.platform import PlatformSpec
from pydantic import BaseModel

ENTRY_POINT_GROUP = "mixplan"
LOAD_ENV = "MIXPLAN_LOAD_PLUGINS"
TRACE_ENV = "MIXPLAN_TRACE_PLUGINS"

DEFAULT_PLUGINS: tuple[str, ...] = (
    "mixplan.plugins.instagram",
    "mixplan.plugins.facebook",
    "mixplan.plugins.tiktok",
    "mixplan.plugins.linkedin",
    "mixplan.plugins.youtube",
    "mixplan.plugins.x",
    "mixplan.plugins.pinterest",
    "mixplan.plugins.google_ads",
    "mixplan.plugins.email",
)
"""Built-in platform plugins: plain modules using the public hooks, like any third-party plugin."""

CORE_PLUGINS: tuple[str, ...] = ("mixplan.export.builtin",)
"""Plugins that are part of mixplan itself (the built-in exporters); always loaded."""

logger = logging.getLogger("mixplan.plugins")


@dataclass(frozen=True)
class PluginInfo:
    """A loaded plugin: its name, version and where it came from."""

    name: str
    version: str
    source: str  # "built-in", "core", "entry point", "plugins dir"

    @property
    def builtin(self) -> bool:
        """Whether the plugin ships with mixplan."""
        return self.source in ("built-in", "core")


@dataclass(frozen=True)
class RegisteredPlatform:
    """A platform spec together with the plugin that declared it."""

    spec: PlatformSpec
    plugin: PluginInfo


class PluginHost:
    """One pluggy manager with mixplan's hooks and the plugins loaded for one engine instance."""

    def __init__(
        self,
        *,
        load_entry_points: bool = True,
        plugins_dir: Path | None = None,
        extra_plugins: Mapping[str, object] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        # Only the two settings the host reads are kept: the engine must never hold (and so never pickle or
        # ship to a worker) the process environment, which carries secrets.
        source = os.environ if environ is None else environ
        self._environ = {name: source[name] for name in (LOAD_ENV, TRACE_ENV) if name in source}
        self.manager = pluggy.PluginManager("mixplan")
        self.manager.add_hookspecs(hookspecs)
        self.plugins: dict[str, PluginInfo] = {}
        self._trace = self._environ.get(TRACE_ENV, "").strip().lower() not in ("", "0", "false", "no")
        allowed = self._allowed_names()
        for module_name in CORE_PLUGINS:
            self._register(_import(module_name), module_name, "core", mixplan.__version__)
        for module_name in DEFAULT_PLUGINS:
            short = module_name.rsplit(".", 1)[-1]
            if allowed is None or short in allowed or module_name in allowed:
                self._register(_import(module_name), short, "built-in", mixplan.__version__)
        if load_entry_points:
            self._load_entry_points(allowed)
        if plugins_dir is not None:
            self._load_directory(plugins_dir, allowed)
        for name, plugin in (extra_plugins or {}).items():
            self._register(plugin, name, "extra", "")
        try:
            self.manager.check_pending()
        except pluggy.PluginValidationError as exc:
            name = self.manager.get_name(exc.plugin) or "?"
            raise PluginError(name, f"implements an unknown hook: {exc}") from None
        self.platforms = self._collect_platforms()
        self.exporters = self._collect_exporters()

    # -- loading -------------------------------------------------------------------------
    def _allowed_names(self) -> set[str] | None:
        raw = self._environ.get(LOAD_ENV)
        if raw is None:
            return None
        return {name.strip() for name in raw.split(",") if name.strip()}

    def _register(self, plugin: object, name: str, source: str, version: str) -> None:
        if name in self.plugins:
            raise PluginError(name, f"a plugin of this name is already loaded ({self.plugins[name].source})")
        try:
            self.manager.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(name, str(exc)) from None
        self.plugins[name] = PluginInfo(name=name, version=version, source=source)

    def _load_entry_points(self, allowed: set[str] | None) -> None:
        for entry_point in entry_points(group=ENTRY_POINT_GROUP):
            if allowed is not None and entry_point.name not in allowed:
                continue
            plugin = _guarded(entry_point.name, "failed to import", entry_point.load)
            version = entry_point.dist.version if entry_point.dist is not None else ""
            self._register(plugin, entry_point.name, "entry point", version)

    def _load_directory(self, directory: Path, allowed: set[str] | None) -> None:
        if not directory.is_dir():
            raise PluginError(str(directory), "plugins directory does not exist")
        for path in sorted(directory.glob("*.py")):
            if path.name.startswith("_") or (allowed is not None and path.stem not in allowed):
                continue
            module_name = f"mixplan_local_plugins.{path.stem}"
            spec = importlib.util.spec_from_file_location(module_name, path)
            if spec is None or spec.loader is None:
                raise PluginError(path.stem, f"cannot load {path}")
            module = importlib.util.module_from_spec(spec)
            loader = spec.loader
            _guarded(path.stem, f"failed to import {path}", partial(loader.exec_module, module))
            self._register(module, path.stem, "plugins dir", "")

    # -- calling -------------------------------------------------------------------------
    def call(
        self, hook_name: str, *, first_result: bool = False, only: str | None = None, **kwargs: Any
    ) -> list[tuple[str, Any]]:
        """Call every implementation of a hook, newest plugin first; returns (plugin name, result) pairs.

        Results that are ``None`` are dropped. With ``first_result`` the call stops at the first
        non-None result. With ``only`` just that plugin is called. An exception inside a plugin
        becomes a :class:`PluginError` naming it.
        """
        hook = getattr(self.manager.hook, hook_name)
        kwargs = {name: _isolated(value) for name, value in kwargs.items()}
        results: list[tuple[str, Any]] = []
        for implementation in reversed(hook.get_hookimpls()):
            if only is not None and implementation.plugin_name != only:
                continue
            result = self._call_one(implementation, hook_name, **kwargs)
            if self._trace:
                print(f"mixplan: hook {hook_name} <- {implementation.plugin_name}: {result!r:.200}", file=sys.stderr)
            if result is not None:
                results.append((implementation.plugin_name, result))
                if first_result:
                    break
        return results

    def _collect_platforms(self) -> dict[str, RegisteredPlatform]:
        platforms: dict[str, RegisteredPlatform] = {}
        hook = self.manager.hook.mixplan_register_platforms
        for implementation in reversed(hook.get_hookimpls()):
            plugin = self.plugins[implementation.plugin_name]
            declared: list[PlatformSpec] = []

            def register(spec: PlatformSpec, _declared: list[PlatformSpec] = declared) -> None:
                if not isinstance(spec, PlatformSpec):
                    raise TypeError(f"register() takes a PlatformSpec, not {type(spec).__name__}")
                _declared.append(spec)

            self._call_one(implementation, "mixplan_register_platforms", register=register)
            for spec in declared:
                if spec.id in platforms:
                    other = platforms[spec.id].plugin.name
                    raise PluginError(
                        plugin.name, f"registers platform {spec.id!r}, which plugin {other!r} already registers"
                    )
                platforms[spec.id] = RegisteredPlatform(spec=spec, plugin=plugin)
        return dict(sorted(platforms.items()))

    def _collect_exporters(self) -> dict[str, tuple[Exporter, PluginInfo]]:
        exporters: dict[str, tuple[Exporter, PluginInfo]] = {}
        hook = self.manager.hook.mixplan_register_exporters
        for implementation in reversed(hook.get_hookimpls()):
            plugin = self.plugins[implementation.plugin_name]
            declared: list[Exporter] = []
            self._call_one(implementation, "mixplan_register_exporters", register=declared.append)
            for exporter in declared:
                if exporter.name in exporters:
                    other = exporters[exporter.name][1].name
                    raise PluginError(
                        plugin.name, f"registers exporter {exporter.name!r}, which plugin {other!r} already registers"
                    )
                exporters[exporter.name] = (exporter, plugin)
        return dict(sorted(exporters.items()))

    def _call_one(self, implementation: Any, hook_name: str, **kwargs: Any) -> Any:
        arguments = {name: kwargs[name] for name in implementation.argnames}
        if self._trace:
            print(f"mixplan: hook {hook_name} -> {implementation.plugin_name}", file=sys.stderr)
        return _guarded(
            implementation.plugin_name, f"raised in {hook_name}", lambda: implementation.function(**arguments)
        )

    def platform(self, platform_id: str) -> RegisteredPlatform:
        """The registered platform with this id; KeyError if no plugin declares it."""
        return self.platforms[platform_id]


def _import(module_name: str) -> ModuleType:
    return _guarded(module_name, "failed to import", lambda: importlib.import_module(module_name))


_T = TypeVar("_T")


def _guarded(plugin: str, failure: str, run: Callable[[], _T]) -> _T:
    """Run plugin code: its stdout goes to stderr, and anything it raises becomes a PluginError naming it.

    ``BaseException`` is caught on purpose: a plugin's ``sys.exit(0)`` must not end mixplan with
    success. A plugin's ``InputError`` stays bad input (exit 2) but names the plugin, not the
    user's scenario file. A plugin's
    ``RemoteError`` (the documented way to report a platform's error) and a ``PluginError`` naming
    the plugin itself pass through unchanged.
    """
    try:
        with _stdout_to_stderr():
            return run()
    except (RemoteError, PluginInputError):
        raise
    except InputError as exc:
        raise PluginInputError(plugin, exc.field, exc.problem) from exc
    except PluginError as exc:
        if exc.plugin == plugin:
            raise
        raise PluginError(plugin, f"{failure}: PluginError: {exc}") from exc
    except BaseException as exc:
        # TODO(live masking): plugin exception text is quoted here; mask secrets when core/live offers it.
        raise PluginError(plugin, f"{failure}: {type(exc).__name__}: {exc}") from exc


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """Send what plugin code prints to stderr, so it never mixes into a command's stdout (e.g. ``--json``)."""
    with contextlib.redirect_stdout(sys.stderr):
        yield


def _isolated(value: Any) -> Any:
    """A deep copy of a model argument, so a hook that changes it cannot change mixplan's own data."""
    if isinstance(value, BaseModel):
        return value.model_copy(deep=True)
    return value
