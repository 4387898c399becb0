"""The plan summary `mixplan plan` and `mixplan runs show` print: spend, revenue, ROAS and posts by channel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from mixplan.cli.output import fitted_table, joined_lines, money, natural_width, note_lines, percent, ratio
from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario
from mixplan.report.summary import channel_figures, plan_channels
from rich.console import Console
from rich.text import Text

COLUMNS = ("channel", "ad spend", "boosts", "paid revenue", "organic revenue", "ROAS", "posts")
SHORT_COLUMNS = ("channel", "ads", "boosts", "paid rev.", "organic", "ROAS", "posts")
"""The headers on a console too narrow for COLUMNS (80 columns): channel names keep their room."""
NARROW_COLUMNS = ("channel", "spend", "paid rev.", "organic", "ROAS", "posts")
"""Narrower still: ad spend and boosts as one spend column."""


@dataclass(frozen=True)
class ChannelRow:
    """One line of the summary table: a channel's (or the total's) figures."""

    name: str
    ad_spend: Decimal
    boost_spend: Decimal
    paid_revenue: Decimal
    organic_revenue: Decimal
    roas: float | None
    posts: int

    def cells(self) -> list[str]:
        """The cells under COLUMNS (and SHORT_COLUMNS)."""
        return [self.name, money(self.ad_spend), money(self.boost_spend), *self._revenue()]

    def narrow_cells(self) -> list[str]:
        """The cells under NARROW_COLUMNS: ad spend and boosts summed."""
        return [self.name, money(self.ad_spend + self.boost_spend), *self._revenue()]

    def _revenue(self) -> list[str]:
        return [money(self.paid_revenue), money(self.organic_revenue), ratio(self.roas), str(self.posts)]


def channel_names(plan: Plan, scenario: Scenario) -> dict[str, str]:
    """Channel id -> the name the terminal shows: `channels[].name`, else the platform's name and the
    account, as in the report (platform names from the running command's plugins)."""
    from mixplan.cli.app import current_app
    from mixplan.report.channels import channel_labels

    labels = channel_labels(plan, scenario, current_app().platform_names())
    return {key: label.name for key, label in labels.items()}


def print_summary(
    out: Console,
    plan: Plan,
    run_id: int | None,
    channel_order: list[str] | None = None,
    names: dict[str, str] | None = None,
) -> None:
    """Print a table by channel (named by `names`, else by id), the totals and the solve status."""
    report = plan.report
    width = out.width
    run = f"run {run_id}" if run_id is not None else "not stored"
    period = f"{plan.start} + {plan.days} days ({plan.timezone})"
    title = [f"{plan.scenario_name}: {period}", run]
    lines = joined_lines(title, width)
    if len(title[0]) > width:  # a long scenario name: the period and the run on a line of their own
        lines = [f"{plan.scenario_name}:", *joined_lines([period, run], width)]
    for number, line in enumerate(lines):
        # the scenario's name in bold; printed as Text, so brackets in a name are never read as markup
        bold = len(plan.scenario_name) if number == 0 else 0
        out.print(Text.assemble((line[:bold], "bold"), line[bold:]), overflow="fold")
    order = channel_order or plan_channels(plan)
    rows = [
        ChannelRow(
            (names or {}).get(row.channel_id, row.channel_id),
            row.ad_spend,
            row.boost_spend,
            row.paid_revenue + row.boost_revenue,
            row.organic_revenue,
            row.roas,
            row.posts,
        )
        for row in channel_figures(plan, order)
    ]
    totals = plan.totals
    total = ChannelRow(
        "total",
        totals.ad_spend,
        totals.boost_spend,
        totals.paid_revenue + totals.boost_revenue,
        totals.organic_revenue,
        totals.roas,
        totals.posts,
    )
    columns, cells = _layout([*rows, total], out.width)
    by_channel = fitted_table(columns, [cells(row) for row in rows], out.width, right=columns[1:], total=cells(total))
    out.print(by_channel)
    figures = [
        f"spend {money(totals.spend, plan.currency)}",
        f"expected revenue {money(totals.revenue, plan.currency)}",
        f"ROAS {ratio(totals.roas)}",
        f"{totals.posts} posts",
    ]
    if totals.profit is not None:
        figures.append(f"profit {money(totals.profit, plan.currency)}")
    bound = "" if report.best_bound is None else f", bound {report.best_bound:,.2f}"
    objective = "–" if report.objective is None else f"{report.objective:,.2f}"
    status = [
        f"status {report.status}",
        f"objective {report.objective_kind} {objective}{bound}",
        f"gap {percent(report.gap)}",
        f"{report.wall_time_s:.1f} s",
        f"seed {report.seed}",
    ]
    lines = [*joined_lines(figures, width), *joined_lines(status, width)]
    if report.status == "interrupted":
        lines.append("interrupted: this is the best plan found before the solve was stopped")
    for message in report.messages:
        lines += note_lines("note", message, width)
    for line in lines:
        out.print(line, markup=False, highlight=False, overflow="fold")


def _layout(rows: list[ChannelRow], width: int) -> tuple[tuple[str, ...], Callable[[ChannelRow], list[str]]]:
    """The widest of the three summary layouts that fits `width` with every name whole, else the narrowest."""
    layouts = (
        (COLUMNS, ChannelRow.cells),
        (SHORT_COLUMNS, ChannelRow.cells),
        (NARROW_COLUMNS, ChannelRow.narrow_cells),
    )
    for columns, cells in layouts:
        if natural_width(columns, [cells(row) for row in rows]) <= width:
            return columns, cells
    return layouts[-1]


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
