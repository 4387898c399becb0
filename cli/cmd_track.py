"""`mixplan track RUN`: plan against actual for a stored run (see :mod:`mixplan.actuals.tracking`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import click
from mixplan.actuals.tracking import track_document, track_figures
from mixplan.cli.app import current_app
from mixplan.cli.output import console, print_json, table


@click.command("track")
@click.argument("run_id", type=int)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Count the days before this date [default: today in the plan's time zone].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def track_command(run_id: int, as_of: datetime | None, as_json: bool) -> None:
    """Planned vs actual to date per channel and KPI, pacing, posts that fell short, projected month-end."""
    app = current_app()
    stored = app.store().get_run(run_id)
    store = app.store().for_brand(stored.scenario.brand)  # the actuals of the run's own brand
    day = as_of.date() if as_of is not None else datetime.now(UTC).astimezone(ZoneInfo(stored.plan.timezone)).date()
    figures = track_figures(stored.plan, stored.scenario.budget.total, day, store.post_actuals(), store.history())
    if as_json or app.json:
        document: dict[str, Any] = {"run_id": run_id, **track_document(figures)}
        print_json(document)
        return
    out = console()
    out.print(f"run {run_id} as of {figures.as_of}: day {figures.days_elapsed} of {figures.days}")
    if not figures.has_actuals:
        out.print("no actuals stored for these days yet; import them with `mixplan actuals import FILE`")
    pacing = "n/a" if figures.pacing is None else f"{figures.pacing:.2f}"
    out.print(
        f"pacing: {figures.delivered_share:.1%} of the budget delivered in {figures.elapsed_share:.1%} of the "
        f"window ({pacing})"
    )
    grid = table(
        "channel",
        "KPI",
        "planned to date",
        "actual to date",
        "variance",
        "plan total",
        "projected",
        right=("planned to date", "actual to date", "variance", "plan total", "projected"),
    )
    for row in figures.figures:
        grid.add_row(
            row.channel_id,
            row.kpi,
            f"{row.planned_to_date:,.2f}",
            f"{row.actual_to_date:,.2f}",
            f"{row.variance:+,.2f}",
            f"{row.planned_total:,.2f}",
            f"{row.projected_total:,.2f}",
        )
    out.print(grid)
    for post in figures.short_posts:
        if post.published:
            out.print(
                f"short: {post.channel_id}: {post.content_id} {post.planned_start:%Y-%m-%d %H:%M} "
                f"{post.actual_impressions} of {post.expected_impressions:.0f} impressions, "
                f"{post.actual_revenue} of {post.expected_revenue} revenue",
                markup=False,
            )
        else:
            out.print(
                f"not published: {post.channel_id}: {post.content_id} {post.planned_start:%Y-%m-%d %H:%M}",
                markup=False,
            )
