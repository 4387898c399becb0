"""The library entry points for embedding mixplan: plan and verify with no files or database needed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mixplan.engine import Engine, PlanOptions, cached_engine
from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario
from mixplan.resolve import ChannelDataSource
from mixplan.verification import Verification

if TYPE_CHECKING:
    from mixplan.batch import BatchJob, BatchReport


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


def plan_many(jobs: Sequence[BatchJob | Scenario], **batch_options: Any) -> BatchReport:
    """Plan many brands at once (see :func:`mixplan.batch.plan_many` and docs/scale.md).

    Imported on first use, so ``import mixplan`` does not load the storage and batch machinery.
    """
    from mixplan.batch import plan_many as run_batch

    return run_batch(jobs, **batch_options)
