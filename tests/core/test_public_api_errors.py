"""Arguments of the wrong kind never escape mixplan.plan or mixplan.verify as a bare TypeError or
pydantic error: each is an InputError naming the argument; PlanOptions derives the SolveOptions."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import Any

import mixplan
import pytest
from mixplan import MixplanError, PlanOptions, load_scenario
from mixplan.errors import InputError
from mixplan.solver import SolveOptions

SHOP = Path(__file__).resolve().parents[2] / "examples" / "shop" / "scenario.yaml"


@pytest.fixture(scope="module")
def scenario() -> mixplan.Scenario:
    return load_scenario(SHOP)


@pytest.mark.parametrize(
    ("arguments", "field", "words"),
    [
        ({"scenario": {"name": "a dict"}}, "scenario", "must be a mixplan.Scenario, not dict"),
        ({"bogus": 1}, "options", "unknown option 'bogus'"),
        ({"time_limit_s": "10"}, "time_limit_s", "must be int or float, not str"),
        ({"seed": 1.5}, "seed", "must be int, not float"),
        ({"workers": True}, "workers", "must be int, not bool"),
        ({"on_progress": "print"}, "on_progress", "callable"),
        ({"options": "fast"}, "options", "must be a mixplan.PlanOptions, not str"),
        ({"options": PlanOptions(), "seed": 2}, "options", "not both"),
    ],
)
def test_wrong_arguments_to_plan_are_input_errors(
    scenario: mixplan.Scenario, arguments: dict[str, Any], field: str, words: str
) -> None:
    given = {"scenario": scenario, **arguments}
    with pytest.raises(InputError) as raised:
        mixplan.plan(given.pop("scenario"), **given)
    assert isinstance(raised.value, MixplanError) and raised.value.exit_code == 2
    assert raised.value.field == field
    assert words in raised.value.problem


def test_wrong_arguments_to_verify_are_input_errors(scenario: mixplan.Scenario) -> None:
    with pytest.raises(InputError, match=r"plan: must be a mixplan\.Plan, not str"):
        mixplan.verify("plan.json", scenario)  # type: ignore[arg-type]


def test_plan_options_hold_every_solver_option_and_hand_them_on() -> None:
    stop = threading.Event()
    options = PlanOptions(
        time_limit_s=7.0, deadline_s=30.0, seed=5, workers=3, relative_gap=0.01, deterministic=False, stop=stop
    )

    def report(progress: object) -> None:
        """A progress callback."""

    derived = options.solve_options(report)
    for option in dataclasses.fields(SolveOptions):
        assert hasattr(options, option.name), f"PlanOptions lacks the solver option {option.name}"
    assert derived == SolveOptions(
        time_limit_s=7.0,
        deadline_s=30.0,
        seed=5,
        workers=3,
        relative_gap=0.01,
        deterministic=False,
        stop=stop,
        on_progress=report,
    )
