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

from mixplan.api import plan, plan_many, verify
from mixplan.engine import Engine, PlanOptions, ValidationSummary
from mixplan.errors import (
    InfeasibleError,
    InputError,
    MixplanError,
    NoSolutionError,
    PluginError,
    RemoteError,
)
from mixplan.exporters import Exporter
from mixplan.hookspecs import hookimpl
from mixplan.loading import load_scenario, scenario_from_data
from mixplan.model import Plan, PlatformSpec, Scenario
from mixplan.replanning import ReplanResult, replan
from mixplan.solver.options import Progress
from mixplan.verify import Verification

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
