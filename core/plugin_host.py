"""Loads plugins into a fresh pluggy manager per engine and calls their hooks safely.

Plugins come from three places, in this order: the built-in modules in ``DEFAULT_PLUGINS``,
installed distributions exposing the entry-point group ``mixplan``, and ``*.py`` files in a
plugins directory. ``MIXPLAN_LOAD_PLUGINS`` (comma-separated plugin names) restricts which
platform plugins load; ``MIXPLAN_TRACE_PLUGINS=1`` logs every hook call to stderr.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import importlib
import importlib.util
import logging
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import mixplan
import pluggy
from mixplan import hookspecs
from mixplan.errors import InputError, PluginError, PluginInputError, RemoteError

if TYPE_CHECKING:
    # Imported where used: a host loading only command plugins (`mixplan --help`) needs neither
    # the models nor pydantic.
    from mixplan.exporters import Exporter
    from mixplan.model.platform import PlatformSpec

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
"""Plugins that are part of mixplan itself (the built-in exporters); loaded unless ``builtin=False``."""

BUILTIN_PLUGINS_ADD_COMMANDS = False
"""No module of ``CORE_PLUGINS`` or ``DEFAULT_PLUGINS`` implements ``mixplan_register_commands``, and no
module of ``DEFAULT_PLUGINS`` implements ``mixplan_register_exporters`` (a test checks both). So listing
the commands plugins add (`mixplan --help`) loads third-party plugins only, and listing the exporters
(`export --help`) skips the platform plugins, which import httpx."""

logger = logging.getLogger("mixplan.plugins")
_T = TypeVar("_T")
_R = TypeVar("_R")


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
        core_plugins: bool = True,
        platform_plugins: bool = True,
    ) -> None:
        """Load the plugins: core, built-in platform ones, entry points, the plugins directory, extras.

        ``core_plugins=False`` and ``platform_plugins=False`` are for listing plugin commands or
        exporters cheaply (:data:`BUILTIN_PLUGINS_ADD_COMMANDS`): importing the platform plugins
        costs httpx, the core ones the models and pydantic. Platforms are then collected only with
        ``platform_plugins``, exporters only with ``core_plugins``.
        """
        # Only the two settings the host reads are kept: the engine must never hold (and so never pickle or
        # ship to a worker) the process environment, which carries secrets.
        source = os.environ if environ is None else environ
        self._environ = {name: source[name] for name in (LOAD_ENV, TRACE_ENV) if name in source}
        self.manager = pluggy.PluginManager("mixplan")
        self.manager.add_hookspecs(hookspecs)
        self.plugins: dict[str, PluginInfo] = {}
        self._subsets: dict[tuple[str, str], Any] = {}
        if self._environ.get(TRACE_ENV, "").strip().lower() not in ("", "0", "false", "no"):
            self.manager.add_hookcall_monitoring(_trace_before, _trace_after)
        allowed = self._allowed_names()
        for module_name in CORE_PLUGINS if core_plugins else ():
            self._register(_import(module_name), module_name, "core", mixplan.__version__)
        for module_name in DEFAULT_PLUGINS if platform_plugins else ():
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
        # A listing host collects only what it loaded the built-in plugins for: collecting imports the models.
        self.platforms = self._collect_platforms() if platform_plugins else {}
        self.exporters = self._collect_exporters() if core_plugins else {}

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
        for caller in self.manager.get_hookcallers(plugin) or []:
            for implementation in caller.get_hookimpls():
                if implementation.plugin is plugin:
                    # pluggy computed the argument names from the original; it then calls `.function`,
                    # so the guard is installed there (typed Final in pluggy, which never reassigns it)
                    guarded = _guard_implementation(name, caller.name, implementation.function)
                    implementation.function = guarded  # type: ignore[misc]
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
        self,
        hook_name: str,
        *,
        only: str | None = None,
        time_limit: float | None = None,
        **kwargs: Any,
    ) -> list[tuple[str, Any]]:
        """Call every implementation of a hook, newest plugin first; returns (plugin name, result) pairs.

        Results that are ``None`` are dropped. A hook specified ``firstresult`` (the live hooks)
        stops at the first non-None result, as pluggy does. With ``only`` just that plugin is
        called. An exception inside a plugin becomes a :class:`PluginError` naming it, its text
        masked of credentials. With `time_limit` (seconds, for the whole call) an implementation
        still running when it runs out is abandoned with a PluginError naming the plugin.
        """
        caller = getattr(self.manager.hook, hook_name) if only is None else self._only(hook_name, only)
        first_result = bool(caller.spec is not None and caller.spec.opts.get("firstresult"))
        state = _CallState(ends=None if time_limit is None else _monotonic() + time_limit)
        token = _CALL.set(state)
        try:
            outcome = caller(**{name: _isolated(value) for name, value in kwargs.items()})
        finally:
            _CALL.reset(token)
        if first_result:
            return [] if outcome is None else [(state.answered[-1], outcome)]
        return list(zip(state.answered, outcome, strict=True))

    def _only(self, hook_name: str, plugin_name: str) -> Any:
        """A hook caller that reaches only `plugin_name`'s implementation (pluggy's subset caller)."""
        key = (hook_name, plugin_name)
        if key not in self._subsets:
            others = [plugin for name, plugin in self.manager.list_name_plugin() if name != plugin_name]
            self._subsets[key] = self.manager.subset_hook_caller(hook_name, remove_plugins=others)
        return self._subsets[key]

    def _collect(
        self, hook_name: str, kind: type[_R], key: Callable[[_R], str], what: str
    ) -> dict[str, tuple[_R, PluginInfo]]:
        """Call a ``register``-style hook on each plugin; every name may be registered by one plugin only."""
        declared: list[tuple[str, _R]] = []

        def register(item: _R) -> None:
            if not isinstance(item, kind):
                raise TypeError(f"register() takes a {kind.__name__}, not {type(item).__name__}")
            declared.append((_CURRENT_PLUGIN.get(), item))

        self.call(hook_name, register=register)
        found: dict[str, tuple[_R, PluginInfo]] = {}
        for plugin_name, item in declared:
            plugin = self.plugins[plugin_name]
            name = key(item)
            if name in found:
                other = found[name][1].name
                raise PluginError(plugin.name, f"registers {what} {name!r}, which plugin {other!r} already registers")
            found[name] = (item, plugin)
        return dict(sorted(found.items()))

    def _collect_platforms(self) -> dict[str, RegisteredPlatform]:
        from mixplan.model.platform import PlatformSpec

        collected = self._collect("mixplan_register_platforms", PlatformSpec, lambda spec: spec.id, "platform")
        return {name: RegisteredPlatform(spec=spec, plugin=plugin) for name, (spec, plugin) in collected.items()}

    def _collect_exporters(self) -> dict[str, tuple[Exporter, PluginInfo]]:
        from mixplan.exporters import Exporter

        return self._collect("mixplan_register_exporters", Exporter, lambda exporter: exporter.name, "exporter")

    def platform(self, platform_id: str) -> RegisteredPlatform:
        """The registered platform with this id; KeyError if no plugin declares it."""
        return self.platforms[platform_id]


@dataclass
class _CallState:
    """One :meth:`PluginHost.call`: when it must end, and which plugins answered, in pluggy's order."""

    ends: float | None
    answered: list[str] = field(default_factory=list)


_CALL: contextvars.ContextVar[_CallState | None] = contextvars.ContextVar("mixplan_hook_call", default=None)
_CURRENT_PLUGIN: contextvars.ContextVar[str] = contextvars.ContextVar("mixplan_current_plugin", default="?")


def _guard_implementation(plugin: str, hook_name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a hook implementation as pluggy will call it: guarded, named, time-limited, its answer recorded."""

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        state = _CALL.get()

        def run() -> Any:
            token = _CURRENT_PLUGIN.set(plugin)
            try:
                return _guarded(plugin, f"raised in {hook_name}", lambda: function(*args, **kwargs))
            finally:
                _CURRENT_PLUGIN.reset(token)

        if state is not None and state.ends is not None:
            result = _within(plugin, hook_name, state.ends - _monotonic(), run)
        else:
            result = run()
        if result is not None and state is not None:
            state.answered.append(plugin)
        return result

    return guarded


def _trace_before(hook_name: str, hook_impls: Any, kwargs: Any) -> None:
    """``MIXPLAN_TRACE_PLUGINS``: the implementations a call reaches, in order (never the arguments)."""
    for implementation in reversed(hook_impls):
        print(f"mixplan: hook {hook_name} -> {implementation.plugin_name}", file=sys.stderr)


def _trace_after(outcome: Any, hook_name: str, hook_impls: Any, kwargs: Any) -> None:
    """``MIXPLAN_TRACE_PLUGINS``: what the hook call returned (or raised), shortened."""
    exception = outcome.exception
    shown = f"raised {type(exception).__name__}" if exception is not None else f"{outcome.get_result()!r:.200}"
    print(f"mixplan: hook {hook_name} <- {_masked(shown)}", file=sys.stderr)


def _monotonic() -> float:
    import time

    return time.monotonic()


HOOK_GRACE_SECONDS = 2.0
"""How long past its time limit a hook may take to end by itself (e.g. with the deadline's own RemoteError)."""


def _within(plugin: str, hook_name: str, seconds: float, run: Callable[[], _T]) -> _T:
    """`run()` in a worker thread (in this context, so the sync's deadline and scope hold there too).

    When it has not finished :data:`HOOK_GRACE_SECONDS` after `seconds`, it is abandoned (a thread
    cannot be stopped; the sync's deadline refuses its further requests) and a PluginError names
    the plugin.
    """
    outcome: list[Any] = []
    context = contextvars.copy_context()

    def work() -> None:
        try:
            outcome.append((True, context.run(run)))
        except BaseException as exc:  # handed to the caller's thread below
            outcome.append((False, exc))

    worker = threading.Thread(target=work, name=f"mixplan-plugin-{plugin}-{hook_name}", daemon=True)
    worker.start()
    worker.join(max(seconds, 0.0) + HOOK_GRACE_SECONDS)
    if not outcome:
        raise PluginError(
            plugin,
            f"{hook_name} did not finish within {max(seconds, 0):.1f} s (the sync's deadline) and was abandoned; "
            "a live hook must make its requests through the given client and return",
        )
    finished, value = outcome[0]
    if not finished:
        raise value
    return value


def _masked(text: str) -> str:
    from mixplan.live.scrub import mask_secrets  # not at import: mixplan.live imports this module

    return mask_secrets(text)


def _import(module_name: str) -> ModuleType:
    return _guarded(module_name, "failed to import", lambda: importlib.import_module(module_name))


def _guarded(plugin: str, failure: str, run: Callable[[], _T]) -> _T:
    """Run plugin code: its stdout goes to stderr, and anything it raises becomes a PluginError naming it.

    ``BaseException`` is caught on purpose: a plugin's ``sys.exit(0)`` must not end mixplan with
    success. A plugin's ``InputError`` stays bad input (exit 2) but names the plugin, not the
    user's scenario file. A plugin's
    ``RemoteError`` (the documented way to report a platform's error) and a ``PluginError`` naming
    the plugin itself pass through unchanged.
    Every message is masked of credentials (:func:`mixplan.live.scrub.mask_secrets`).
    """
    try:
        with _stdout_to_stderr():
            return run()
    except RemoteError as exc:
        masked = _masked(str(exc))
        if masked == str(exc):
            raise
        raise RemoteError(masked) from None
    except PluginInputError as exc:
        if _masked(str(exc)) == str(exc):
            raise
        raise PluginInputError(exc.plugin, _masked(exc.field), _masked(exc.problem)) from None
    except InputError as exc:
        _raise_from(PluginInputError(plugin, _masked(exc.field), _masked(exc.problem)), exc)
    except PluginError as exc:
        if exc.plugin == plugin and _masked(str(exc)) == str(exc):
            raise
        _raise_from(PluginError(plugin, f"{failure}: PluginError: {_masked(str(exc))}"), exc)
    except BaseException as exc:
        _raise_from(PluginError(plugin, f"{failure}: {type(exc).__name__}: {_masked(str(exc))}"), exc)


def _raise_from(error: BaseException, cause: BaseException) -> NoReturn:
    """Raise `error` chained to the plugin's exception, unless that one's text held a credential."""
    if _masked(str(cause)) != str(cause):
        raise error from None  # --debug's traceback would show the cause's text
    raise error from cause


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """Send what plugin code prints to stderr, so it never mixes into a command's stdout (e.g. ``--json``)."""
    with contextlib.redirect_stdout(sys.stderr):
        yield


COPY_CACHE_SIZE = 64
"""Model arguments whose private copies each thread keeps for the next call (see :func:`_isolated`)."""
_COPIES = threading.local()


def _isolated(value: Any) -> Any:
    """A private deep copy of a model argument, so a hook that changes it cannot change mixplan's own data.

    The same argument passed again (compile asks a platform about every item on every channel and
    format, with the same channel and platform spec each time) gets the copy made last time, after
    checking that it still equals the original: comparing costs a fraction of copying, and a copy a
    hook changed (or an original mixplan changed) is made afresh. Copies are per thread.
    """
    pydantic = sys.modules.get("pydantic")  # no value can be a model before pydantic was imported
    if pydantic is None or not isinstance(value, pydantic.BaseModel):
        return value
    cache: OrderedDict[int, tuple[Any, Any]] | None = getattr(_COPIES, "cache", None)
    if cache is None:
        cache = _COPIES.cache = OrderedDict()
    entry = cache.get(id(value))
    if entry is not None and entry[0] is value and entry[1] == value:
        cache.move_to_end(id(value))
        return entry[1]
    copy = value.model_copy(deep=True)
    cache[id(value)] = (value, copy)
    if len(cache) > COPY_CACHE_SIZE:
        cache.popitem(last=False)
    return copy
