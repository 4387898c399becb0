"""Errors mixplan reports to users: each carries the exit code the command line uses."""

from __future__ import annotations

from typing import Any, TypeVar

ErrorT = TypeVar("ErrorT", bound="MixplanError")


def _restore(kind: type[ErrorT], args: tuple[Any, ...], state: dict[str, Any]) -> ErrorT:
    """Rebuild a pickled mixplan error without calling its __init__ (whose arguments vary by subclass)."""
    error = kind.__new__(kind)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class MixplanError(Exception):
    """Base of mixplan's own errors. `exit_code` is what `mixplan` exits with (see docs/cli.md)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions pickle as ``type(*self.args)``, which breaks every subclass whose __init__ takes other
        # arguments (an InputError crossing a process pool could not be unpickled and broke the pool).
        # Restoring the attributes directly keeps the type, the fields and the exit code of any subclass.
        return (_restore, (self.__class__, self.args, self.__dict__.copy()))


class InputError(MixplanError):
    """Bad input: names the field (or file and field) and says what to fix. Exit code 2."""

    exit_code = 2

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)

    def in_source(self, source: str) -> InputError:
        """The same error with the file (or other source) it came from in front of the field."""
        if self.field.startswith(source):
            return self
        return InputError(f"{source}: {self.field}" if self.field else source, self.problem)


class PluginError(MixplanError):
    """A plugin failed to load or raised inside a hook; the message names the plugin. Exit code 1."""

    exit_code = 1

    def __init__(self, plugin: str, problem: str) -> None:
        self.plugin = plugin
        self.problem = problem
        super().__init__(f"plugin {plugin!r}: {problem}")


class InfeasibleError(MixplanError):
    """The rules cannot all hold at once; `conflicts` says which, in the user's terms. Exit code 3."""

    exit_code = 3

    def __init__(self, conflicts: list[str]) -> None:
        self.conflicts = conflicts
        detail = "; ".join(conflicts) if conflicts else "the rules cannot all be met"
        super().__init__(f"no plan satisfies every rule: {detail}")


class NoSolutionError(MixplanError):
    """No feasible plan was found within the time limit, and no proof that none exists. Exit code 4."""

    exit_code = 4


class RemoteError(MixplanError):
    """A platform API answered with an error or an unusable body. Exit code 5."""

    exit_code = 5


class PluginInputError(InputError):
    """A plugin rejected its input: names the plugin and is never blamed on the scenario file. Exit code 2."""

    def __init__(self, plugin: str, field: str, problem: str) -> None:
        self.plugin = plugin
        super().__init__(f"plugin {plugin!r}: {field}" if field else f"plugin {plugin!r}", problem)

    def in_source(self, source: str) -> InputError:
        """The same error: the plugin, not the file, is its source."""
        return self
