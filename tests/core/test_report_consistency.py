"""Solve options and the solve report: usable limits, and "optimal" only within the tolerance."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from mixplan import Engine, PlanOptions
from mixplan.cli.cmd_init import example_scenario
from mixplan.errors import InputError
from mixplan.model import Scenario


def test_a_huge_budget_does_not_hide_a_real_gap_as_rounding_noise() -> None:
    """The solver's rounding allowance once grew with the budget (1e-8 of 10^11 cents = 10 EUR), so a
    plan 3.6 EUR short of its bound was reported optimal with gap 0."""
    data = yaml.safe_load(example_scenario(date(2026, 11, 22)))  # what `mixplan init` writes
    data["budget"]["total"] = "1000000000"
    scenario = Scenario.model_validate(data)
    report = Engine(load_entry_points=False).plan(scenario, PlanOptions(time_limit_s=5)).report
    assert report.objective is not None and report.best_bound is not None
    real_gap = abs(report.best_bound - report.objective) / max(abs(report.best_bound), abs(report.objective))
    tolerance = float(report.parameters["relative_gap"])
    if report.status == "optimal":
        assert real_gap <= tolerance + 1e-9
    else:
        assert report.gap is not None and abs(report.gap - real_gap) < 1e-6


@pytest.mark.parametrize(
    ("field", "value"),
    [("time_limit_s", float("nan")), ("time_limit_s", 0.0), ("workers", 0), ("relative_gap", float("inf"))],
)
def test_plan_options_refuse_values_a_solve_cannot_use(field: str, value: float) -> None:
    with pytest.raises(InputError) as caught:
        PlanOptions(**{field: value})
    assert str(caught.value).startswith(f"{field}: must be")
