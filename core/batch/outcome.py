"""How a failed item is classified: final (recorded, never retried) or retryable (retried with backoff)."""

from __future__ import annotations

from dataclasses import dataclass

from mixplan.errors import InfeasibleError, InputError, MixplanError, NoSolutionError, PluginError
from mixplan.storage import StorageError

FINAL_KINDS = ("input", "infeasible", "no_solution", "plugin", "internal")
"""Failures that would fail again the same way: recorded at once."""

RETRYABLE_KINDS = ("storage", "lost", "timeout")
"""Failures of the machinery, not of the brand: retried with backoff up to the attempt limit."""


@dataclass(frozen=True)
class Failure:
    """A failed attempt: its kind, exit code and one-line message."""

    kind: str
    exit_code: int
    message: str

    @property
    def retryable(self) -> bool:
        """Whether another attempt may succeed."""
        return self.kind in RETRYABLE_KINDS


def classify(error: BaseException) -> Failure:
    """The failure an exception raised while planning one item stands for."""
    message = " ".join(str(error).split())[:500] or type(error).__name__
    if isinstance(error, StorageError):
        return Failure("storage", error.exit_code, message)
    if isinstance(error, InputError):
        return Failure("input", error.exit_code, message)
    if isinstance(error, InfeasibleError):
        return Failure("infeasible", error.exit_code, message)
    if isinstance(error, NoSolutionError):
        return Failure("no_solution", error.exit_code, message)
    if isinstance(error, PluginError):
        return Failure("plugin", error.exit_code, message)
    if isinstance(error, MixplanError):
        return Failure("internal", error.exit_code, message)
    if isinstance(error, TimeoutError):
        return Failure("timeout", 1, message)
    return Failure("internal", 1, f"{type(error).__name__}: {message}")
