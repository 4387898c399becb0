"""`mixplan runs list|show|diff`: the stored plan runs."""

from __future__ import annotations

import textwrap
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click
from mixplan.cli.app import current_app
from mixplan.cli.output import console, fitted_table, json_option, money, percent, print_json, ratio, table
from mixplan.cli.plan_summary import channel_names, print_summary, summary_document
from mixplan.cli.post_list import posts_document, print_posts, show_posts
from mixplan.cli.run_ref import RUN_ID
from mixplan.report.diff import PlanDiff, PostChange, ScenarioChange, diff_plans, diff_scenarios
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from mixplan.storage.results import RunSummary


@click.group("runs")
def runs_group() -> None:
    """Stored plan runs: list them, show one, compare two."""


@runs_group.command("list")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Newest runs to list.")
@click.option("--brand", default=None, help="Only this brand's runs (default: every brand's).")
@json_option()
def list_runs(limit: int, brand: str | None, as_json: bool) -> None:
    """List the newest stored runs of every brand (or of one with --brand)."""
    app = current_app()
    runs = app.store().list_runs(limit, brand=brand)
    if as_json or app.json:
        print_json([vars(run) for run in runs])
        return
    if not runs:
        click.echo(f"no runs stored in {app.store().url}; make one with `mixplan plan FILE`")
        return
    out = console()
    out.print(runs_table(runs, out.width))


WIDE_LISTING = 120
"""From this width on, `runs list` also shows objective, gap and currency columns and full dates and times
(narrower: month and day; the id orders runs of one day)."""


def runs_table(runs: list[RunSummary], width: int) -> Table:
    """The `runs list` table for a console `width` wide: long scenario names are cut with an ellipsis."""
    wide = width >= WIDE_LISTING
    currencies = {run.currency for run in runs}
    with_currency = wide or len(currencies) > 1
    columns = ["id", "created", "scenario", "status"]
    columns += ["objective"] if wide else []
    columns += ["spend", "revenue"] + (["cur"] if with_currency else []) + ["ROAS"]
    columns += ["gap"] if wide else []
    columns += ["posts", "warn"]
    rows = []
    for run in runs:
        cells = [str(run.id), _local(run.created_at, wide), run.scenario_name, run.status]
        cells += [run.objective_kind] if wide else []
        cells += [money(run.spend), money(run.revenue)] + ([run.currency] if with_currency else []) + [ratio(run.roas)]
        cells += [percent(run.gap)] if wide else []
        cells += [str(run.posts), "–" if run.warnings is None else str(run.warnings)]
        rows.append(cells)
    numeric = ("id", "spend", "revenue", "ROAS", "gap", "posts", "warn")
    listing = fitted_table(columns, rows, width, name_column=columns.index("scenario"), right=numeric)
    amounts = "" if with_currency else f"amounts in {next(iter(currencies))} · "
    listing.caption = amounts + "warn: the run's warnings (`mixplan runs show ID` lists them)"
    return listing


@runs_group.command("show")
@click.argument("run_id", type=RUN_ID)
@click.option(
    "--posts/--no-posts",
    "posts",
    default=None,
    help="Print the dated post list [default: shown for plans of up to 60 posts].",
)
@json_option("Print the run id, per-channel figures, the post list and the plan as JSON.")
def show_run(run_id: int, posts: bool | None, as_json: bool) -> None:
    """Show the summary of a stored run (RUN: an id, `latest` or `latest~N`)."""
    app = current_app()
    stored = app.store().get_run(run_id)
    order = [channel.id for channel in stored.scenario.channels]
    warnings = stored.warnings
    if as_json or app.json:
        print_json(
            summary_document(stored.plan, stored.id, order)
            | {"posts": posts_document(stored.plan, stored.scenario), "warnings": warnings}
        )
        return
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    out = console()
    print_summary(out, stored.plan, stored.id, order, channel_names(stored.plan, stored.scenario))
    if show_posts(posts, stored.plan):
        print_posts(out, stored.plan, stored.scenario)
    click.echo(f"stored {_local(stored.created_at)}")


@runs_group.command("diff")
@click.argument("before_id", type=RUN_ID)
@click.argument("after_id", type=RUN_ID)
@json_option()
def diff_runs(before_id: int, after_id: int, as_json: bool) -> None:
    """Compare two runs: spend by channel (before, after, delta) and posts added, removed or moved."""
    app = current_app()
    store = app.store()
    before, after = store.get_run(before_id), store.get_run(after_id)
    order = [channel.id for channel in before.scenario.channels]
    order += [channel.id for channel in after.scenario.channels if channel.id not in order]
    diff = diff_plans(before.plan, after.plan, order)
    scenario_changes = diff_scenarios(before.scenario, after.scenario)
    if as_json or app.json:
        document = diff_document(diff, before_id, after_id)
        document["scenario"] = [vars(change) for change in scenario_changes]
        print_json(document)
        return
    out = console()
    names = channel_names(before.plan, before.scenario) | channel_names(after.plan, after.scenario)
    currency = after.plan.currency
    out.print(f"run {before_id} → run {after_id} (amounts in {currency})")
    spend_table = table(
        "channel",
        f"run {before_id}",
        f"run {after_id}",
        "delta",
        right=(f"run {before_id}", f"run {after_id}", "delta"),
    )
    for change in diff.spend:
        spend_table.add_row(
            names.get(change.channel_id, change.channel_id),
            money(change.before),
            money(change.after),
            _signed(change.delta),
        )
    spend_table.add_section()
    spend_table.add_row(
        "total spend",
        money(diff.total_spend_before),
        money(diff.total_spend_after),
        _signed(diff.total_spend_after - diff.total_spend_before),
    )
    spend_table.add_row(
        "expected revenue",
        money(diff.revenue_before),
        money(diff.revenue_after),
        _signed(diff.revenue_after - diff.revenue_before),
    )
    out.print(spend_table)
    out.print(
        f"posts: {len(diff.added)} added, {len(diff.removed)} removed, "
        f"{len(diff.moved)} moved, {diff.unchanged_posts} unchanged"
    )
    for post_change in diff.added + diff.removed + diff.moved:
        _print_change(out, _describe(post_change, names))
    out.print(f"scenario: {len(scenario_changes)} change(s)" if scenario_changes else "scenario: unchanged")
    for scenario_change in scenario_changes:
        _print_change(out, _describe_scenario(scenario_change))


def _print_change(out: Console, text: str) -> None:
    """One change, indented, wrapped at word boundaries with its continuation under the text."""
    indent = "    "
    for line in textwrap.wrap(
        text, out.width, initial_indent="  ", subsequent_indent=indent, break_on_hyphens=False
    ) or [text]:
        out.print(line, markup=False, highlight=False, overflow="fold")


def _describe_scenario(change: ScenarioChange) -> str:
    where = ".".join(part for part in (change.section, change.item, change.path) if part)
    if change.kind == "added":
        return f"+ {where}: {change.after}"
    if change.kind == "removed":
        return f"- {where}: {change.before}"
    return f"~ {where}: {change.before} → {change.after}"


def _describe(change: PostChange, names: dict[str, str]) -> str:
    if change.kind == "moved":
        assert change.before is not None and change.after is not None
        channel = names.get(change.channel_id, change.channel_id)
        return f"~ moved    {channel}: {change.content_id} {_when(change.before)} → {_when(change.after)}"
    moment = change.after if change.kind == "added" else change.before
    assert moment is not None
    sign = "+" if change.kind == "added" else "-"
    channel = names.get(change.channel_id, change.channel_id)
    return f"{sign} {change.kind:<9}{channel}: {change.content_id} {_when(moment)} ({change.format})"


def diff_document(diff: PlanDiff, before_id: int, after_id: int) -> dict[str, Any]:
    """The JSON form of `runs diff`."""

    def post(change: PostChange) -> dict[str, Any]:
        return {
            "channel": change.channel_id,
            "content": change.content_id,
            "before": change.before,
            "after": change.after,
            "format": change.format,
        }

    return {
        "before": before_id,
        "after": after_id,
        "spend": [
            {"channel": c.channel_id, "before": c.before, "after": c.after, "delta": c.delta} for c in diff.spend
        ],
        "revenue": {"before": diff.revenue_before, "after": diff.revenue_after},
        "posts": {
            "added": [post(c) for c in diff.added],
            "removed": [post(c) for c in diff.removed],
            "moved": [post(c) for c in diff.moved],
            "unchanged": diff.unchanged_posts,
        },
    }


def _signed(amount: Any) -> str:
    text = money(amount)
    return text if text.startswith("-") or amount == 0 else f"+{text}"


def _when(moment: datetime) -> str:
    return moment.strftime("%a %Y-%m-%d %H:%M")


def _local(moment: datetime, with_year: bool = True) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M" if with_year else "%m-%d")
