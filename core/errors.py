"""Errors mixplan reports to users: each carries the exit code the command line uses."""

from __future__ import annotations

from typing import Any

MAX_INPUT_MESSAGE_CHARS = 300
"""Longest message of an :class:`InputError` (field and problem); longer ones are cut in the middle."""

MAX_ROWS_MESSAGE_CHARS = MAX_INPUT_MESSAGE_CHARS
"""Longest message of a bad-rows :class:`InputError` (:meth:`InputError.bad_rows`), which lists whole rows."""

MAX_ROW_PROBLEM_CHARS = 160
"""Longest description of one bad row in a bad-rows message."""


def shorten(text: str, limit: int = 60) -> str:
    """`text` cut in the middle to at most `limit` characters (``'EEEE…EEEE'``), so an error line stays short."""
    if len(text) <= limit:
        return text
    keep = max(limit - 1, 2)
    return text[: keep - keep // 2] + "…" + text[len(text) - keep // 2 :]


class MixplanError(Exception):
    """Base of mixplan's own errors. `exit_code` is what `mixplan` exits with (see docs/cli.md)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by state, so every subclass crosses processes (pools, Dask) with its message and fields."""
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


def _rebuild(cls: type[MixplanError], args: tuple[Any, ...], state: dict[str, Any]) -> MixplanError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class InputError(MixplanError):
    """Bad input: names the field (or file and field) and says what to fix. Exit code 2."""

    exit_code = 2

    def __init__(self, field: str, problem: str, *, limit: int = MAX_INPUT_MESSAGE_CHARS) -> None:
        self.field = shorten(field, 120)
        self.problem = shorten(problem, limit - len(self.field) - 2)
        super().__init__(f"{self.field}: {self.problem}" if field else self.problem)

    @classmethod
    def bad_rows(cls, source: str, problems: list[str], count: int | None = None) -> InputError:
        """ "N bad row(s), nothing imported: …" naming as many whole rows as fit, then "and K more".

        A row list is never cut in the middle (that would hide which rows are bad): each row's
        problem is shortened on its own, and rows that do not fit are counted instead.
        """
        total = len(problems) if count is None else count
        field = shorten(source, 120)
        budget = MAX_ROWS_MESSAGE_CHARS - len(field) - 2
        head = f"{total} bad row(s), nothing imported: "
        shown: list[str] = []
        for problem in problems:
            text = shorten(problem, MAX_ROW_PROBLEM_CHARS)
            rest = total - len(shown) - 1
            tail = f"; and {rest} more" if rest > 0 else ""
            if shown and len(head) + len("; ".join([*shown, text])) + len(tail) > budget:
                break
            shown.append(text)
        more = total - len(shown)
        message = head + "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
        return cls(source, message, limit=MAX_ROWS_MESSAGE_CHARS)

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
