"""mixplan: plan a brand's posting calendar and ad spend with an exact, explained optimization.

Embedding::

    import mixplan
    scenario = mixplan.load_scenario("scenario.yaml")
    plan = mixplan.plan(scenario, time_limit_s=10, seed=1)
    assert mixplan.verify(plan, scenario).ok
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mixplan")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

from typing import TYPE_CHECKING, Any

from mixplan.errors import (
    InfeasibleError,
    InputError,
    MixplanError,
    NoSolutionError,
    PluginError,
    RemoteError,
)
from mixplan.hookspecs import hookimpl

if TYPE_CHECKING:
    from mixplan.api import plan, plan_many, verify
    from mixplan.engine import Engine, PlanOptions, ValidationSummary
    from mixplan.exporters import Exporter
    from mixplan.loading import load_scenario, scenario_from_data
    from mixplan.model import Plan, PlatformSpec, Scenario
    from mixplan.replanning import ReplanResult, replan
    from mixplan.solver.options import Progress
    from mixplan.verification import Verification

_LAZY = {
    "plan": "mixplan.api",
    "verify": "mixplan.api",
    "plan_many": "mixplan.api",
    "Exporter": "mixplan.exporters",
    "replan": "mixplan.replanning",
    "ReplanResult": "mixplan.replanning",
    "Progress": "mixplan.solver.options",
    "Engine": "mixplan.engine",
    "PlanOptions": "mixplan.engine",
    "ValidationSummary": "mixplan.engine",
    "load_scenario": "mixplan.loading",
    "scenario_from_data": "mixplan.loading",
    "Plan": "mixplan.model",
    "PlatformSpec": "mixplan.model",
    "Scenario": "mixplan.model",
    "Verification": "mixplan.verification",
}
"""Public names imported on first use, so that `import mixplan` (and `mixplan --help`) stays cheap."""


def __getattr__(name: str) -> Any:
    """Import a public name's module on first access (PEP 562)."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mixplan' has no attribute {name!r}")


__all__ = [
    "Engine",
    "Exporter",
    "InfeasibleError",
    "InputError",
    "MixplanError",
    "NoSolutionError",
    "Plan",
    "PlanOptions",
    "PlatformSpec",
    "PluginError",
    "Progress",
    "RemoteError",
    "ReplanResult",
    "Scenario",
    "ValidationSummary",
    "Verification",
    "__version__",
    "hookimpl",
    "load_scenario",
    "plan",
    "plan_many",
    "replan",
    "scenario_from_data",
    "verify",
]
