"""The engine: plugins loaded once, then validate → resolve → compile → solve → decode → verify."""

from __future__ import annotations

import dataclasses
import math
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mixplan.compile import CompiledProblem, compile_problem
from mixplan.decode import build_plan
from mixplan.errors import InfeasibleError, InputError, MixplanError, NoSolutionError, PluginError
from mixplan.exporters import Exporter
from mixplan.hashing import scenario_hash
from mixplan.model.constraints import ExtraConstraint
from mixplan.model.content import ContentItem
from mixplan.model.objective import MONEY_OBJECTIVES, Objective
from mixplan.model.plan import Plan
from mixplan.model.platform import FormatSpec, PlatformSpec
from mixplan.model.scenario import Scenario
from mixplan.plugin_host import PluginHost, PluginInfo, RegisteredPlatform
from mixplan.resolve import ChannelDataSource, ResolvedChannel, resolve_channels
from mixplan.sizing import DEFAULT_MAX_MEMORY, check_size
from mixplan.solver import Progress, SolveOptions, SolveStatus
from pydantic import TypeAdapter, ValidationError

if TYPE_CHECKING:
    from mixplan.verification import Verification

_EXTRA_RULES = TypeAdapter(list[ExtraConstraint])


@dataclass
class PlanOptions:
    """How to solve: work limit, wall-clock deadline, seed, threads, an objective override, progress and stop hooks.

    ``time_limit_s`` sets the counted work budget (deterministic mode: the same plan on any machine);
    ``deadline_s`` is the wall-clock safety net (None: 3 × the limit + 10 s; see docs/solver.md);
    ``deterministic=False`` (the CLI's ``--fast``) stops on the wall clock at the limit instead.
    """

    time_limit_s: float = 30.0
    deadline_s: float | None = None
    seed: int = 0
    workers: int = 2
    relative_gap: float = 1e-4
    deterministic: bool = True
    objective: Objective | None = None
    on_progress: Callable[[Progress], None] | None = None
    stop: threading.Event | None = None
    verify: bool = True
    max_memory_bytes: int = DEFAULT_MAX_MEMORY
    """Memory budget of the solve: a scenario estimated to need more is refused with exit 2 (docs/solver.md)."""

    def __post_init__(self) -> None:
        for name, kinds in _OPTION_KINDS.items():
            value = getattr(self, name)
            if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
                expected = " or ".join("None" if kind is type(None) else kind.__name__ for kind in kinds)
                raise InputError(name, f"must be {expected}, not {type(value).__name__} {value!r}"[:200])
        if self.on_progress is not None and not callable(self.on_progress):
            raise InputError("on_progress", "must be a callable receiving a mixplan.Progress")
        if not (math.isfinite(self.time_limit_s) and self.time_limit_s > 0):
            raise InputError("time_limit_s", f"must be a positive number of seconds, not {self.time_limit_s!r}")
        if self.deadline_s is not None and not (math.isfinite(self.deadline_s) and self.deadline_s > 0):
            raise InputError("deadline_s", f"must be a positive number of seconds, not {self.deadline_s!r}")
        if self.max_memory_bytes <= 0:
            raise InputError("max_memory_bytes", f"must be a positive number of bytes, not {self.max_memory_bytes!r}")
        if self.workers < 1:
            raise InputError("workers", f"must be at least 1, not {self.workers!r}")
        if not (math.isfinite(self.relative_gap) and 0 <= self.relative_gap < 1):
            raise InputError("relative_gap", f"must be at least 0 and below 1, not {self.relative_gap!r}")

    def solve_options(self, on_progress: Callable[[Progress], None] | None = None) -> SolveOptions:
        """The solver's options: every ``SolveOptions`` field taken from this object by name, with
        ``on_progress`` replaced (the engine passes one that reports in the user's units)."""
        shared = {option.name: getattr(self, option.name) for option in dataclasses.fields(SolveOptions)}
        return SolveOptions(**(shared | {"on_progress": on_progress}))


_OPTION_KINDS: dict[str, tuple[type, ...]] = {
    "time_limit_s": (int, float),
    "deadline_s": (int, float, type(None)),
    "seed": (int,),
    "workers": (int,),
    "relative_gap": (int, float),
    "deterministic": (bool,),
    "verify": (bool,),
    "max_memory_bytes": (int,),
}


def plan_options(values: dict[str, Any]) -> PlanOptions:
    """``PlanOptions(**values)``, with an unknown name an InputError listing the known ones."""
    known = [option.name for option in dataclasses.fields(PlanOptions)]
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise InputError("options", f"unknown option {unknown[0]!r}; the options are {', '.join(known)}")
    return PlanOptions(**values)


@dataclass(frozen=True)
class EngineSettings:
    """What an engine is made from, as plain data: the key of the per-process engine cache."""

    plugins_dir: str | None = None
    load_entry_points: bool = True
    plugin_environ: tuple[tuple[str, str], ...] = ()
    """Only mixplan's own plugin settings (MIXPLAN_LOAD_PLUGINS, MIXPLAN_TRACE_PLUGINS), never secrets."""

    def build(self) -> Engine:
        """A fresh engine with these settings."""
        return Engine(
            plugins_dir=None if self.plugins_dir is None else Path(self.plugins_dir),
            load_entry_points=self.load_entry_points,
            environ=dict(self.plugin_environ),
        )


_ENGINES: dict[tuple[int, EngineSettings], Engine] = {}
_ENGINES_LOCK = threading.Lock()


def cached_engine(settings: EngineSettings | None = None) -> Engine:
    """This process's engine for `settings` (the default: the current environment's plugins), made once.

    Keyed by process id too, so a forked child builds its own instead of sharing the parent's.
    """
    if settings is None:
        settings = EngineSettings(plugin_environ=_plugin_environ(os.environ))
    key = (os.getpid(), settings)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = _ENGINES[key] = settings.build()
        return engine


def _plugin_environ(environ: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    from mixplan.plugin_host import LOAD_ENV, TRACE_ENV

    return tuple(sorted((name, environ[name]) for name in (LOAD_ENV, TRACE_ENV) if name in environ))


@dataclass(frozen=True)
class ValidationSummary:
    """What a valid scenario contains, for `mixplan validate`."""

    scenario: Scenario
    channels: tuple[ResolvedChannel, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def lines(self) -> list[str]:
        """A short human summary, one fact per line."""
        scenario = self.scenario
        horizon = scenario.horizon
        categories = sorted({item.category for item in scenario.content})
        paid = [c.id for c in self.channels if c.ads_enabled]
        organic = [c.id for c in self.channels if c.organic_enabled]
        lines = [
            f"scenario {scenario.name!r} is valid",
            f"horizon: {horizon.start} to {horizon.end} ({horizon.days} days, {horizon.timezone}, "
            f"{horizon.slot_minutes}-minute slots)",
            f"channels: {len(self.channels)} ({', '.join(f'{c.id}={c.platform.id}' for c in self.channels)})",
            f"paid on: {', '.join(paid) or 'none'}; organic on: {', '.join(organic) or 'none'}",
            f"content: {len(scenario.content)} items in {len(categories)} categories ({', '.join(categories)})",
            f"budget: {scenario.budget.total} {scenario.currency}; objective: {scenario.objective.kind}",
            f"events: {', '.join(e.name for e in scenario.events) or 'none'}",
        ]
        lines += [f"warning: {warning}" for warning in self.warnings]
        return lines


def _in_user_units(
    on_progress: Callable[[Progress], None] | None, objective_kind: str
) -> Callable[[Progress], None] | None:
    """Wrap a progress callback so money objectives arrive in major units (the solver works in cents):
    the plan's figures always, the phase's own where they are money too."""
    if on_progress is None or objective_kind not in MONEY_OBJECTIVES:
        return on_progress

    def forward(progress: Progress) -> None:
        on_progress(
            replace(
                progress,
                objective=None if progress.objective is None else progress.objective / 100,
                best_bound=None if progress.best_bound is None else progress.best_bound / 100,
                plan_objective=None if progress.plan_objective is None else progress.plan_objective / 100,
                plan_bound=None if progress.plan_bound is None else progress.plan_bound / 100,
            )
        )

    return forward


class Engine:
    """One mixplan instance: its own plugin manager and everything that depends on the loaded plugins.

    An engine pickles as the settings it was made from (never the loaded plugins nor the process
    environment): unpickled in another process it is rebuilt there once and cached, so the tasks a worker
    runs share one engine (see :func:`cached_engine`).
    """

    def __init__(
        self,
        *,
        plugins_dir: Path | None = None,
        load_entry_points: bool = True,
        extra_plugins: Mapping[str, object] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.host = PluginHost(
            plugins_dir=plugins_dir,
            load_entry_points=load_entry_points,
            extra_plugins=extra_plugins,
            environ=environ,
        )
        self.settings = EngineSettings(
            plugins_dir=None if plugins_dir is None else str(plugins_dir),
            load_entry_points=load_entry_points,
            plugin_environ=tuple(sorted(self.host._environ.items())),
        )
        self._picklable = not extra_plugins

    def __reduce__(self) -> tuple[object, ...]:
        if not self._picklable:
            raise TypeError(
                "an Engine made with extra_plugins cannot be sent to another process; "
                "put the plugins in a plugins folder or an installed package instead"
            )
        return (cached_engine, (self.settings,))

    @property
    def platforms(self) -> dict[str, RegisteredPlatform]:
        """Registered platforms by id, with the plugin that declared each."""
        return self.host.platforms

    @property
    def exporters(self) -> dict[str, tuple[Exporter, PluginInfo]]:
        """Registered export formats by name, with the plugin that declared each."""
        return self.host.exporters

    def platform_specs(self) -> dict[str, PlatformSpec]:
        """Platform specs by id."""
        return {platform_id: registered.spec for platform_id, registered in self.platforms.items()}

    def resolve(self, scenario: Scenario, data: ChannelDataSource | None = None) -> list[ResolvedChannel]:
        """Merge channel overrides with platform defaults (and stored fits/snapshots from `data`).

        A store is scoped to the scenario's brand first, so one brand never uses another's curves.
        """
        for_brand = getattr(data, "for_brand", None)
        if for_brand is not None:
            data = for_brand(scenario.brand)
        return resolve_channels(scenario, self.platform_specs(), data)

    def content_problems(self, item: ContentItem, channel: ResolvedChannel, fmt: FormatSpec) -> list[str]:
        """Platform-specific problems of `item` in `fmt` on `channel`, from its platform plugin's validate hook."""
        problems: list[str] = []
        owner = self.platforms[channel.platform.id].plugin.name if channel.platform.id in self.platforms else None
        if owner is None:
            return problems
        results = self.host.call(
            "mixplan_validate_content",
            only=owner,  # only the plugin that declares the platform knows its limits
            item=item,
            channel=channel.channel,
            platform=channel.platform,
            format=fmt,
        )
        for plugin, found in results:
            if not isinstance(found, list) or not all(isinstance(p, str) for p in found):
                raise PluginError(plugin, "mixplan_validate_content must return a list of strings or None")
            problems += found
        return problems

    def extra_rules(self, scenario: Scenario) -> list[ExtraConstraint]:
        """Rules contributed by plugins through ``mixplan_extra_constraints``, validated."""
        rules: list[ExtraConstraint] = []
        for plugin, contributed in self.host.call("mixplan_extra_constraints", scenario=scenario):
            try:
                rules += _EXTRA_RULES.validate_python(contributed)
            except ValidationError as exc:
                raise PluginError(
                    plugin, f"mixplan_extra_constraints returned an invalid rule: {exc.errors()[0]['msg']}"
                ) from None
        return rules

    def compile(self, scenario: Scenario, data: ChannelDataSource | None = None) -> CompiledProblem:
        """Compile the scenario into the solver's Problem."""
        channels = self.resolve(scenario, data)
        return compile_problem(scenario, channels, self.extra_rules(scenario), self.content_problems)

    def validate(self, scenario: Scenario, data: ChannelDataSource | None = None) -> ValidationSummary:
        """Check everything that can be checked without solving; raises InputError / InfeasibleError."""
        check_size(scenario)
        compiled = self.compile(scenario, data)
        warnings = [f"{c.id}: {note}" for c in compiled.channels for note in c.notes]
        for item_index, item in enumerate(scenario.content):
            item_data = compiled.problem.items[item_index]
            if not any(value > 0 for value in item_data.value):
                warnings.append(f"content {item.id!r} fits no channel, so it is never posted")
            for channel in compiled.channels:
                problems = compiled.rejected_formats.get((item_index, channel.index), [])
                # Format mismatches are normal (a pin is not a newsletter); limit breaches deserve a word.
                breaches = [problem for problem in problems if problem.split(":", 1)[0] in item.formats]
                if breaches:
                    warnings.append(f"content {item.id!r} on {channel.id}: {'; '.join(breaches)}")
        return ValidationSummary(scenario=scenario, channels=compiled.channels, warnings=tuple(warnings))

    def plan(
        self, scenario: Scenario, options: PlanOptions | None = None, data: ChannelDataSource | None = None
    ) -> Plan:
        """Solve the scenario and return a verified Plan.

        Raises InfeasibleError (with the conflicting rules) or NoSolutionError (time limit without a
        feasible plan). A plan stopped early through ``options.stop`` has status ``interrupted``.
        """
        from mixplan.solver.solve_problem import solve

        options = options or PlanOptions()
        check_size(scenario, options.max_memory_bytes)
        if options.objective is not None:
            scenario = scenario.model_copy(update={"objective": options.objective})
        compiled = self.compile(scenario, data)
        solution = solve(
            compiled.problem,
            options.solve_options(_in_user_units(options.on_progress, compiled.problem.objective.kind)),
        )
        if solution.status is SolveStatus.INFEASIBLE:
            raise InfeasibleError(list(solution.conflicts))
        if solution.status is SolveStatus.NO_SOLUTION:
            raise NoSolutionError(_no_solution_message(solution.wall_time_s, options.time_limit_s, solution.stopped_by))
        if solution.status is SolveStatus.INTERRUPTED and solution.objective is None:
            raise NoSolutionError("stopped before a plan was found: the rules need a search, and it was interrupted")
        plan = build_plan(compiled, solution, scenario_hash(scenario), options.seed)
        if options.verify:
            verification = self.verify(plan, scenario, data)
            if not verification.ok:
                raise MixplanError(
                    "internal error: the solver's plan breaks rules it should keep: "
                    + "; ".join(verification.violations[:5])
                )
        return plan

    def verify(self, plan: Plan, scenario: Scenario, data: ChannelDataSource | None = None) -> Verification:
        """Re-check every rule and every reported total of `plan` against `scenario` (see mixplan.verification)."""
        from mixplan.verification import verify_plan

        return verify_plan(plan, scenario, self.resolve(scenario, data), self.extra_rules(scenario))


def _no_solution_message(searched_s: float, limit_s: float, stopped_by: str = "work_limit") -> str:
    """Why there is no plan: the deadline cut the search, the limit ran out, or every method finished early."""
    if stopped_by == "deadline":
        return (
            f"no feasible plan found before the wall-clock deadline ({searched_s:.1f} s; the work limit was "
            f"{limit_s:g} s): raise --deadline, or relax the rules"
        )
    if searched_s >= 0.8 * limit_s:
        return f"no feasible plan found within the time limit of {limit_s:g} s; raise --time-limit or relax the rules"
    return (
        f"no feasible plan found within the time limit of {limit_s:g} s: every method ended after {searched_s:.1f} s "
        "without a plan or a proof that none exists; relax the tightest rules (category mix, required items, "
        "post-count rules) or raise --time-limit"
    )
