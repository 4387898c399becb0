"""Every MixplanError crosses process boundaries (process pools, Dask) with its message, fields and exit code."""

from __future__ import annotations

import importlib
import pickle
import pkgutil

import mixplan
import pytest
from mixplan import errors
from mixplan.errors import MAX_INPUT_MESSAGE_CHARS, InputError, MixplanError, shorten
from mixplan.fitting.checks import FitRefusedError
from mixplan.live.sync import NoLiveDataError
from mixplan.storage.connection import StorageError

EXAMPLES: list[MixplanError] = [
    errors.MixplanError("plain"),
    errors.InputError("budget.total", "must not be negative"),
    errors.PluginError("bluesky", "raised in mixplan_register_platforms: RuntimeError: x"),
    errors.PluginInputError("bluesky", "channel account", "is not a handle"),
    errors.InfeasibleError(["a: min 5", "b: max 3"]),
    errors.NoSolutionError("no plan within 2 s"),
    errors.RemoteError("instagram answered 190"),
    NoLiveDataError("fb", "facebook offers no hour-of-day audience data"),
    StorageError("could not open sqlite:///x.db: unable to open database file"),
    FitRefusedError("ig", "only 2 days of history; at least 28 are needed"),
]


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda error: type(error).__name__)
def test_round_trip_keeps_type_message_fields_and_exit_code(error: MixplanError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error) and copy.exit_code == error.exit_code
    assert copy.__dict__ == error.__dict__


def _subclasses(cls: type[MixplanError]) -> set[type[MixplanError]]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_every_subclass_is_covered() -> None:
    """Every module of the package is imported first, so a subclass defined anywhere is seen."""
    for module in pkgutil.walk_packages(mixplan.__path__, "mixplan."):
        importlib.import_module(module.name)
    classes = {MixplanError} | _subclasses(MixplanError)
    assert {errors.InputError, StorageError, FitRefusedError} <= classes
    assert classes <= {type(error) for error in EXAMPLES}, classes - {type(error) for error in EXAMPLES}


def test_input_errors_are_bounded_with_the_value_cut_in_the_middle() -> None:
    error = InputError("currency", "bad value " + "E" * 10_000 + " use EUR")
    assert len(str(error)) <= errors.MAX_INPUT_MESSAGE_CHARS
    assert str(error).startswith("currency: bad value EEE") and str(error).endswith("E use EUR") and "…" in str(error)
    assert shorten("abcdefghij", 5) == "ab…ij" and shorten("short") == "short"


def test_a_bad_rows_error_names_whole_rows_within_the_bound_and_counts_the_rest() -> None:
    problems = [f"line {n}, column spend: amount {'9' * 40} is too large" for n in range(2, 40)]
    error = InputError.bad_rows("/some/folder/history.csv", problems)
    message = str(error)
    assert len(message) <= MAX_INPUT_MESSAGE_CHARS
    assert message.startswith("/some/folder/history.csv: 38 bad row(s), nothing imported: line 2, column spend")
    shown = message.count("column spend")
    assert 1 <= shown < 38 and message.endswith(f"; and {38 - shown} more")
    assert "…" not in message  # rows are dropped whole, never cut in the middle
