"""mixplan: plan a brand's posting calendar and ad spend with an exact, explained optimization.

Embedding::

    import mixplan
    scenario = mixplan.load_scenario("scenario.yaml")
    plan = mixplan.plan(scenario, time_limit_s=10, seed=1)
    assert mixplan.verify(plan, scenario).ok
"""

from importlib.metadata import PackageNotFoundError, version

import pluggy

try:
    __version__ = version("mixplan")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

hookimpl = pluggy.HookimplMarker("mixplan")
"""Marker for plugin hook implementations: ``@hookimpl`` on functions named after the hooks."""

# The public API is imported after `hookimpl` exists, because plugins import it from here.
from mixplan.api import plan, verify  # noqa: E402
from mixplan.engine import Engine, PlanOptions, ValidationSummary  # noqa: E402
from mixplan.errors import (  # noqa: E402
    InfeasibleError,
    InputError,
    MixplanError,
    NoSolutionError,
    PluginError,
    RemoteError,
)
from mixplan.loading import load_scenario, scenario_from_data  # noqa: E402
from mixplan.model import Plan, PlatformSpec, Scenario  # noqa: E402
from mixplan.verify import Verification  # noqa: E402

__all__ = [
    "Engine",
    "InfeasibleError",
    "InputError",
    "MixplanError",
    "NoSolutionError",
    "Plan",
    "PlanOptions",
    "PlatformSpec",
    "PluginError",
    "RemoteError",
    "Scenario",
    "ValidationSummary",
    "Verification",
    "__version__",
    "hookimpl",
    "load_scenario",
    "plan",
    "scenario_from_data",
    "verify",
]
