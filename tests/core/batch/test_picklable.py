"""What crosses a process boundary: errors keep their type, fields and exit code; engines and stores re-open."""

from __future__ import annotations

import os
import pickle
from datetime import UTC, datetime

import pytest
from mixplan.engine import Engine, cached_engine
from mixplan.errors import (
    InfeasibleError,
    InputError,
    MixplanError,
    NoSolutionError,
    PluginError,
    PluginInputError,
    RemoteError,
)
from mixplan.fitting.checks import FitRefusedError
from mixplan.storage import StorageError, Store
from support.plans import make_fitted_curve, make_history

ERRORS: list[MixplanError] = [
    InputError("budget.total", "must be positive"),
    PluginError("acme", "hook exploded"),
    PluginInputError("acme", "format", "too long"),
    InfeasibleError(["a conflicts with b"]),
    NoSolutionError("no plan in 3 s"),
    RemoteError("HTTP 500"),
    StorageError("cannot open"),
    FitRefusedError("gads", "too few days"),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda error: type(error).__name__)
def test_errors_survive_a_pickle_round_trip(error: MixplanError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.exit_code == error.exit_code
    assert copy.__dict__ == error.__dict__


def test_an_engine_pickles_without_the_environment_and_rebuilds_once_per_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MIXPLAN_TEST_SECRET", "s3cr3t-token-value")
    engine = Engine()
    data = pickle.dumps(engine)
    assert b"s3cr3t-token-value" not in data
    assert b"MIXPLAN_TEST_SECRET" not in data
    assert "MIXPLAN_TEST_SECRET" not in engine.host._environ
    first, second = pickle.loads(data), pickle.loads(data)
    assert first is second  # one cached engine per process
    assert set(first.platforms) == set(engine.platforms)


def test_plan_without_an_engine_reuses_the_cached_engine() -> None:
    assert cached_engine() is cached_engine()


def test_an_engine_with_in_process_plugins_refuses_to_pickle_with_a_clear_reason() -> None:
    engine = Engine(extra_plugins={"inline": object()})
    with pytest.raises(TypeError, match="extra_plugins"):
        pickle.dumps(engine)


def test_a_store_pickles_as_its_address_and_reopens(database_url: str) -> None:
    with Store(database_url, brand="north") as store:
        store.upsert_history(make_history("ig_shop", 3))
        copy = pickle.loads(pickle.dumps(store))
        try:
            assert copy.brand == "north"
            assert copy.engine is not store.engine
            assert pickle.loads(pickle.dumps(store)).engine is copy.engine  # one pool per process
            assert copy.history() == store.history()
        finally:
            copy.close()


def test_a_forked_child_opens_its_own_pool(database_url: str) -> None:
    with Store(database_url) as store:
        store.save_fitted_curve(make_fitted_curve("gads", datetime(2026, 1, 1, tzinfo=UTC)))
        parent_engine = store.engine
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: a different pid, so the store must open a new engine
            ok = store.engine is not parent_engine and store.latest_fitted_curve("gads") is not None
            os.write(write, b"1" if ok else b"0")
            os._exit(0)
        os.close(write)
        assert os.read(read, 1) == b"1"
        os.waitpid(pid, 0)
        assert store.engine is parent_engine
        assert store.latest_fitted_curve("gads") is not None  # the parent's pool still works
