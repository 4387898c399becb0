"""`mixplan plan FILE`: validate, solve with live progress, store the run and print a summary."""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable
from pathlib import Path

import click
from mixplan import Progress
from mixplan.cli.app import about_file, current_app
from mixplan.cli.output import console, error_console, json_option, print_json
from mixplan.cli.plan_summary import channel_names, print_summary, summary_document
from mixplan.cli.post_list import posts_document, print_posts, show_posts
from mixplan.cli.solving import solve_with_progress
from mixplan.engine import PlanOptions
from mixplan.errors import InputError
from mixplan.loading import load_scenario
from mixplan.model.objective import MONEY_OBJECTIVES, OBJECTIVE_KINDS, Objective
from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario
from mixplan.sizing import parse_memory
from pydantic import ValidationError


def objective_override(scenario: Scenario, kind: str | None) -> Objective | None:
    """The scenario's objective with its kind replaced by `--objective`; its parameters stay."""
    if kind is None:
        return None
    try:
        return Objective.model_validate({**scenario.objective.model_dump(), "kind": kind})
    except ValidationError as exc:
        problem = exc.errors()[0]["msg"].removeprefix("Value error, ")
        raise InputError("--objective", f"{problem} in the scenario's objective section") from None


def _finite_seconds(value: float) -> float:
    """click's FloatRange lets nan and inf through (every comparison with nan is false)."""
    if not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of seconds; give e.g. 30", param_hint="'--time-limit'")
    return value


@click.command("plan")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.01),
    default=30.0,
    show_default=True,
    callback=lambda _ctx, _param, value: _finite_seconds(value),
    help="Seconds.",
)
@click.option(
    "--deadline",
    type=click.FloatRange(min=0.01),
    default=None,
    callback=lambda _ctx, _param, value: None if value is None else _finite_seconds(value),
    help="Wall-clock safety net in seconds [default: 3 × --time-limit + 10]; a plan it cuts says stopped_by: deadline.",
)
@click.option(
    "--fast",
    is_flag=True,
    help="Stop on the wall clock at --time-limit and use every core: quicker, but the plan may vary between runs.",
)
@click.option(
    "--max-memory",
    default="4GiB",
    show_default=True,
    help="Memory budget: a scenario estimated to need more is refused (exit 2) before solving.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same plan).")
@click.option("--objective", type=click.Choice(OBJECTIVE_KINDS), help="Replace the scenario's objective kind.")
@click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Solver threads [default: 2; --fast: every core]."
)
@click.option("--no-store", is_flag=True, help="Do not store the run in the database.")
@click.option(
    "--posts/--no-posts",
    "posts",
    default=None,
    help="Print the dated post list [default: shown for plans of up to 60 posts].",
)
@json_option("Print the run id, per-channel figures, the post list and the plan as JSON.")
def plan_command(
    file: Path,
    time_limit: float,
    deadline: float | None,
    fast: bool,
    max_memory: str,
    seed: int,
    objective: str | None,
    workers: int | None,
    no_store: bool,
    posts: bool | None,
    as_json: bool,
) -> None:
    """Plan FILE: the posting calendar and the ad spend that maximize the objective.

    Shows live progress on a terminal. Ctrl-C stops the solve and keeps the best plan found so
    far (stored and printed, marked interrupted); a second Ctrl-C aborts without storing anything.
    """
    app = current_app()
    scenario = load_scenario(file)
    engine = app.engine()
    store = None if no_store else app.store()
    with about_file(file):
        override = objective_override(scenario, objective)
        if override is not None:  # stored with the run, so the scenario says what was optimized
            scenario = scenario.model_copy(update={"objective": override})

        def run(on_progress: Callable[[Progress], None], stop: threading.Event) -> Plan:
            options = PlanOptions(
                time_limit_s=time_limit,
                deadline_s=deadline,
                max_memory_bytes=parse_memory(max_memory),
                deterministic=not fast,
                seed=seed,
                workers=workers if workers is not None else (max(1, os.cpu_count() or 1) if fast else 2),
                on_progress=on_progress,
                stop=stop,
            )
            return engine.plan(scenario, options, store)

        label = scenario.objective.kind
        unit = scenario.currency if label in MONEY_OBJECTIVES else ""
        plan = solve_with_progress(run, error_console(), label, time_limit, unit)
    from datetime import date

    from mixplan.surprises import run_warnings

    warnings = run_warnings(plan, scenario, date.today())
    run_id = store.save_run(scenario, plan, warnings=warnings) if store is not None else None
    order = [channel.id for channel in scenario.channels]
    if as_json or app.json:
        print_json(
            summary_document(plan, run_id, order) | {"posts": posts_document(plan, scenario), "warnings": warnings}
        )
        return
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    out = console()
    print_summary(out, plan, run_id, order, channel_names(plan, scenario))
    if show_posts(posts, plan):
        print_posts(out, plan, scenario)
