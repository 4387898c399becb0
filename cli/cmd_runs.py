"""`mixplan runs list|show|diff`: the stored plan runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click
from mixplan.cli.app import current_app
from mixplan.cli.output import console, money, percent, print_json, ratio, table
from mixplan.cli.plan_summary import print_summary, summary_document
from mixplan.report.diff import PlanDiff, PostChange, diff_plans


@click.group("runs")
def runs_group() -> None:
    """Stored plan runs: list them, show one, compare two."""


@runs_group.command("list")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Newest runs to list.")
@click.option("--brand", default=None, help="Only this brand's runs (default: every brand's).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
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
    listing = table(
        "id",
        "created",
        "scenario",
        "status",
        "objective",
        "spend",
        "revenue",
        "currency",
        "ROAS",
        "gap",
        "posts",
        right=("id", "spend", "revenue", "ROAS", "gap", "posts"),
    )
    for run in runs:
        listing.add_row(
            str(run.id),
            _local(run.created_at),
            run.scenario_name,
            run.status,
            run.objective_kind,
            money(run.spend),
            money(run.revenue),
            run.currency,
            ratio(run.roas),
            percent(run.gap),
            str(run.posts),
        )
    console().print(listing)


@runs_group.command("show")
@click.argument("run_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the run id, per-channel figures and the plan as JSON.")
def show_run(run_id: int, as_json: bool) -> None:
    """Show the summary of a stored run."""
    app = current_app()
    stored = app.store().get_run(run_id)
    order = [channel.id for channel in stored.scenario.channels]
    if as_json or app.json:
        print_json(summary_document(stored.plan, stored.id, order))
        return
    print_summary(console(), stored.plan, stored.id, order)
    click.echo(f"stored {_local(stored.created_at)}")


@runs_group.command("diff")
@click.argument("before_id", type=int)
@click.argument("after_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def diff_runs(before_id: int, after_id: int, as_json: bool) -> None:
    """Compare two runs: spend by channel (before, after, delta) and posts added, removed or moved."""
    app = current_app()
    store = app.store()
    before, after = store.get_run(before_id), store.get_run(after_id)
    order = [channel.id for channel in before.scenario.channels]
    order += [channel.id for channel in after.scenario.channels if channel.id not in order]
    diff = diff_plans(before.plan, after.plan, order)
    if as_json or app.json:
        print_json(diff_document(diff, before_id, after_id))
        return
    out = console()
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
        spend_table.add_row(change.channel_id, money(change.before), money(change.after), _signed(change.delta))
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
        out.print("  " + _describe(post_change))


def _describe(change: PostChange) -> str:
    if change.kind == "moved":
        assert change.before is not None and change.after is not None
        return f"~ moved    {change.channel_id}: {change.content_id} {_when(change.before)} → {_when(change.after)}"
    moment = change.after if change.kind == "added" else change.before
    assert moment is not None
    sign = "+" if change.kind == "added" else "-"
    return f"{sign} {change.kind:<9}{change.channel_id}: {change.content_id} {_when(moment)} ({change.format})"


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


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
