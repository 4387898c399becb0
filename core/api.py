"""The library entry points for embedding mixplan: plan and verify with no files or database needed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mixplan.engine import Engine, PlanOptions, cached_engine, plan_options
from mixplan.errors import InputError
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
    Every failure is a :class:`mixplan.errors.MixplanError`: arguments of the wrong kind and unknown
    options are an :class:`~mixplan.errors.InputError` (exit code 2), a plan that cannot exist an
    :class:`~mixplan.errors.InfeasibleError` or :class:`~mixplan.errors.NoSolutionError`.
    """
    _require(
        scenario, Scenario, "scenario", "build it with mixplan.load_scenario(path) or Scenario.model_validate(data)"
    )
    if options is None:
        options = plan_options(option_values)
    elif option_values:
        raise InputError("options", "give either options= or keyword options, not both")
    _require(options, PlanOptions, "options", "pass a mixplan.PlanOptions or keyword options")
    return (engine or cached_engine()).plan(scenario, options, data)


def _require(value: object, kind: type, name: str, fix: str) -> None:
    """An InputError naming the argument when `value` is not a `kind`."""
    if not isinstance(value, kind):
        raise InputError(name, f"must be a mixplan.{kind.__name__}, not {type(value).__name__}; {fix}")


def verify(
    plan: Plan, scenario: Scenario, *, engine: Engine | None = None, data: ChannelDataSource | None = None
) -> Verification:
    """Re-check every rule and total of `plan` against `scenario`, independently of the solver.

    Arguments of the wrong kind are an :class:`~mixplan.errors.InputError`."""
    _require(plan, Plan, "plan", "pass the Plan that mixplan.plan returned, or Plan.model_validate_json(text)")
    _require(
        scenario, Scenario, "scenario", "build it with mixplan.load_scenario(path) or Scenario.model_validate(data)"
    )
    return (engine or cached_engine()).verify(plan, scenario, data)


def plan_many(jobs: Sequence[BatchJob | Scenario], **batch_options: Any) -> BatchReport:
    """Plan many brands at once (see :func:`mixplan.batch.plan_many` and docs/scale.md).

    Imported on first use, so ``import mixplan`` does not load the storage and batch machinery.
    """
    from mixplan.batch import plan_many as run_batch

    return run_batch(jobs, **batch_options)
