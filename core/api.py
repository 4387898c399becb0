"""The library entry points for embedding mixplan: plan and verify with no files or database needed."""

from __future__ import annotations

from typing import Any

from mixplan.engine import Engine, PlanOptions, cached_engine
from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario
from mixplan.resolve import ChannelDataSource
from mixplan.verify import Verification


def plan(
    scenario: Scenario,
    *,
    options: PlanOptions | None = None,
    engine: Engine | None = None,
    data: ChannelDataSource | None = None,
    **option_values: Any,
) -> Plan:
    """Plan a scenario: the posting calendar and the spend plan that maximize its objective.

    ``options`` (or keyword shortcuts such as ``time_limit_s=10, seed=1``) control the solve;
    ``engine`` reuses loaded plugins (otherwise this process's cached default engine is used, so the
    plugins load once per process, not once per call); ``data`` supplies
    stored fitted curves, audience snapshots and live limits (e.g. a ``mixplan.storage.Store``).
    Raises :class:`mixplan.errors.InfeasibleError` or :class:`mixplan.errors.NoSolutionError`.
    """
    if options is None:
        options = PlanOptions(**option_values)
    elif option_values:
        raise TypeError("give either options= or keyword options, not both")
    return (engine or cached_engine()).plan(scenario, options, data)


def verify(
    plan: Plan, scenario: Scenario, *, engine: Engine | None = None, data: ChannelDataSource | None = None
) -> Verification:
    """Re-check every rule and total of `plan` against `scenario`, independently of the solver."""
    return (engine or cached_engine()).verify(plan, scenario, data)
