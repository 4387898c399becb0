"""The plan summary `mixplan plan` and `mixplan runs show` print: spend, revenue, ROAS and posts by channel."""

from __future__ import annotations

from typing import Any

from mixplan.cli.output import money, percent, ratio, table
from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario
from mixplan.report.summary import channel_figures, plan_channels
from rich.console import Console


def channel_names(plan: Plan, scenario: Scenario) -> dict[str, str]:
    """Channel id -> the name the terminal shows: `channels[].name`, else platform and account (as the report)."""
    from mixplan.report.channels import channel_labels

    return {key: label.name for key, label in channel_labels(plan, scenario).items()}


def print_summary(
    out: Console,
    plan: Plan,
    run_id: int | None,
    channel_order: list[str] | None = None,
    names: dict[str, str] | None = None,
) -> None:
    """Print a table by channel (named by `names`, else by id), the totals and the solve status."""
    report = plan.report
    run = f"run {run_id}" if run_id is not None else "not stored"
    out.print(
        f"[bold]{plan.scenario_name}[/bold]: {plan.start} + {plan.days} days ({plan.timezone}) · {run}",
        markup=True,
    )
    columns = ("channel", "ad spend", "boosts", "paid revenue", "organic revenue", "ROAS", "posts")
    by_channel = table(*columns, right=columns[1:])
    order = channel_order or plan_channels(plan)
    for row in channel_figures(plan, order):
        by_channel.add_row(
            (names or {}).get(row.channel_id, row.channel_id),
            money(row.ad_spend),
            money(row.boost_spend),
            money(row.paid_revenue + row.boost_revenue),
            money(row.organic_revenue),
            ratio(row.roas),
            str(row.posts),
        )
    totals = plan.totals
    by_channel.add_section()
    by_channel.add_row(
        "total",
        money(totals.ad_spend),
        money(totals.boost_spend),
        money(totals.paid_revenue + totals.boost_revenue),
        money(totals.organic_revenue),
        ratio(totals.roas),
        str(totals.posts),
    )
    out.print(by_channel)
    out.print(
        f"spend {money(totals.spend, plan.currency)} · expected revenue {money(totals.revenue, plan.currency)} · "
        f"ROAS {ratio(totals.roas)} · {totals.posts} posts"
        + (f" · profit {money(totals.profit, plan.currency)}" if totals.profit is not None else "")
    )
    bound = "" if report.best_bound is None else f", bound {report.best_bound:,.2f}"
    out.print(
        f"status {report.status} · objective {report.objective_kind} "
        f"{'–' if report.objective is None else f'{report.objective:,.2f}'}{bound} · gap {percent(report.gap)} · "
        f"{report.wall_time_s:.1f} s · seed {report.seed}"
    )
    if report.status == "interrupted":
        out.print("interrupted: this is the best plan found before the solve was stopped")
    for message in report.messages:
        out.print(f"note: {message}")


def summary_document(plan: Plan, run_id: int | None, channel_order: list[str] | None = None) -> dict[str, Any]:
    """The machine-readable form: run id, per-channel figures, and the whole plan as in the JSON export."""
    return {
        "run_id": run_id,
        "status": plan.report.status,
        "channels": [
            {
                "channel": row.channel_id,
                "ad_spend": row.ad_spend,
                "boost_spend": row.boost_spend,
                "paid_revenue": row.paid_revenue + row.boost_revenue,
                "organic_revenue": row.organic_revenue,
                "roas": row.roas,
                "posts": row.posts,
            }
            for row in channel_figures(plan, channel_order or plan_channels(plan))
        ],
        "plan": plan.model_dump(mode="json"),
    }
