"""The objective kinds are spelled out once for mixplan (mixplan.model.objective.ObjectiveKind); the
independent solver package states the same Literal for its Problem."""

from __future__ import annotations

from typing import get_args

from mixplan.cli.cmd_plan import plan_command
from mixplan.model import objective as model_objective
from mixplan.model.objective import Objective
from mixplan.solver import problem as solver_problem


def test_the_model_and_the_solver_agree() -> None:
    assert Objective.model_fields["kind"].annotation is model_objective.ObjectiveKind
    assert get_args(model_objective.ObjectiveKind) == get_args(solver_problem.ObjectiveKind)


def test_the_command_line_offers_exactly_those_kinds() -> None:
    option = next(parameter for parameter in plan_command.params if parameter.name == "objective")
    assert option.type.choices is model_objective.OBJECTIVE_KINDS  # type: ignore[attr-defined]
