"""`mixplan replan RUN --as-of DATE`: re-plan a stored run from a date, the past locked to what happened."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click
from mixplan.cli.app import current_app
from mixplan.cli.output import console, print_json
from mixplan.cli.plan_summary import print_summary, summary_document
from mixplan.engine import PlanOptions
from mixplan.errors import InputError
from mixplan.loading import load_scenario
from mixplan.replanning import DEFAULT_LEAD_DAYS, DEFAULT_MOVE_THRESHOLD, replan


@click.command("replan")
@click.argument("run_id", type=int)
@click.option("--as-of", "as_of", required=True, type=click.DateTime(["%Y-%m-%d"]), help="First day re-planned.")
@click.option(
    "--scenario",
    "scenario_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="An edited scenario (e.g. a new budget) to re-plan against [default: the run's own].",
)
@click.option("--time-limit", type=click.FloatRange(min=0.01), default=30.0, show_default=True, help="Seconds.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same plan).")
@click.option(
    "--lead-days",
    type=click.IntRange(min=0),
    default=DEFAULT_LEAD_DAYS,
    show_default=True,
    help="Posts starting within this many days after --as-of are in the pipeline and kept.",
)
@click.option(
    "--move-threshold",
    type=click.FloatRange(min=0),
    default=DEFAULT_MOVE_THRESHOLD,
    show_default=True,
    help="Other posts move only if that raises expected revenue by more than this share.",
)
@click.option("--no-learn", is_flag=True, help="Use the scenario's curves and rates as they are (no learning).")
@click.option("--no-learn-curves", is_flag=True, help="Do not refit the response curves on the actuals.")
@click.option("--no-learn-rates", is_flag=True, help="Do not shrink the post rates toward the actuals.")
@click.option("--json", "as_json", is_flag=True, help="Print the new run id, the changes and the plan as JSON.")
def replan_command(
    run_id: int,
    as_of: datetime,
    scenario_file: Path | None,
    time_limit: float,
    seed: int,
    lead_days: int,
    move_threshold: float,
    no_learn: bool,
    no_learn_curves: bool,
    no_learn_rates: bool,
    as_json: bool,
) -> None:
    """Re-plan RUN from --as-of: published posts and delivered spend before it stand (see docs/loop.md)."""
    app = current_app()
    store = app.store()
    parent = store.get_run(run_id)
    scenario = load_scenario(scenario_file) if scenario_file is not None else parent.scenario
    if scenario.brand != parent.scenario.brand:
        raise InputError(
            "--scenario",
            f"{scenario_file} is brand {scenario.brand!r} but run {run_id} is brand {parent.scenario.brand!r}; "
            "re-plan a run with a scenario of its own brand",
        )
    store = store.for_brand(scenario.brand)  # actuals, history and curves of the run's own brand
    day: date = as_of.date()
    result = replan(
        parent.plan,
        scenario,
        day,
        actual_posts=store.post_actuals(),
        actual_days=store.history(),
        lead_days=lead_days,
        move_threshold=move_threshold,
        options=PlanOptions(time_limit_s=time_limit, seed=seed),
        engine=app.engine(),
        data=store,
        learn_curves=not (no_learn or no_learn_curves),
        learn_rates=not (no_learn or no_learn_rates),
    )
    if result.scenario is not None:
        scenario = result.scenario  # what was learned is stored with the new run
    new_id = store.save_run(scenario, result.plan, parent_run_id=run_id)
    order = [channel.id for channel in scenario.channels]
    changes = {
        "parent": run_id,
        "as_of": day,
        "kept": result.kept,
        "moved": result.moved,
        "added": result.added,
        "dropped": result.dropped,
        "delivered": result.delivered,
        "remaining_budget": result.remaining_budget,
        "learned": [note for note in result.notes if note.startswith("learned: ")],
        "spend": [
            {"channel": c.channel_id, "before": c.before, "after": c.after, "delta": c.delta} for c in result.diff.spend
        ],
    }
    if as_json or app.json:
        print_json({**summary_document(result.plan, new_id, order), "replan": changes})
        return
    print_summary(console(), result.plan, new_id, order)
    click.echo(
        f"re-planned run {run_id} from {day}: {result.kept} kept, {result.moved} moved, {result.added} added, "
        f"{result.dropped} dropped; delivered {result.delivered}, remaining budget {result.remaining_budget} "
        f"{scenario.currency}"
    )
    for change in result.diff.spend:
        if change.delta:
            click.echo(f"  spend {change.channel_id}: {change.before} → {change.after} ({change.delta:+})")
