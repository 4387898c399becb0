"""Render the self-contained HTML report from Jinja2 templates over a view of the plan.

The page is one file: CSS inline, charts as inline SVG, no scripts and nothing from the network.
Each section is a template in ``mixplan/templates/report/sections/`` fed by a builder here; a new
section is one more :class:`Section` (see ``extra_sections`` of :func:`render_report`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import mixplan
from markupsafe import Markup
from mixplan.model.curves import ResponseCurve
from mixplan.model.history import HistoryRow
from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario
from mixplan.report.allocation import build_allocation
from mixplan.report.calendar import build_calendar, post_cards
from mixplan.report.channels import ChannelLabel, channel_labels
from mixplan.report.curves import curve_views
from mixplan.report.formatting import Formatter
from mixplan.report.kpis import evaluate_kpis
from mixplan.report.parameters import objective_value, solve_parameters
from mixplan.report.summary import channel_figures, posting_heatmap, spend_by_day
from mixplan.report.svg import Band, curve_chart, heatmap, stacked_bars
from mixplan.report.templating import environment
from mixplan.report.this_week import build_week_to_do

SECTION_IDS = (
    "summary",
    "this-week",
    "calendar",
    "weeks",
    "spend",
    "allocation",
    "kpis",
    "curves",
    "channels",
    "posting-times",
    "solve",
)
"""The sections every report has, in order (their ``id`` attributes)."""


@dataclass(frozen=True)
class Section:
    """One section of the report: its anchor id, heading, template and the values the template reads."""

    id: str
    title: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportInput:
    """What section builders read: the plan, its scenario and the shared view of both."""

    plan: Plan
    scenario: Scenario
    curves: Mapping[str, ResponseCurve]
    history: Sequence[HistoryRow]
    fmt: Formatter
    labels: Mapping[str, ChannelLabel]
    today: date


SectionBuilder = Callable[[ReportInput], Section]


def render_report(
    plan: Plan,
    scenario: Scenario,
    curves: Mapping[str, ResponseCurve],
    *,
    run_id: int | None = None,
    history: Sequence[HistoryRow] = (),
    platform_names: Mapping[str, str] | None = None,
    today: date | None = None,
    extra_sections: Sequence[SectionBuilder] = (),
) -> str:
    """The report of one plan as one HTML document (a string) that needs no network to display.

    `curves` maps each paid channel to its resolved daily response curve (see
    :func:`mixplan.report.curves.scenario_curves`); `history` is the stored spend and revenue per
    channel and day (the allocation section compares the plan with its most recent stretch);
    `platform_names` maps platform ids to human names for channels that set no ``name``; `today`
    (default: today in the plan's time zone) is marked on the calendar and picks "this week".
    `extra_sections` are more builders, appended before the solve report.
    """
    fmt = Formatter(scenario.locale, plan.currency)
    data = ReportInput(
        plan=plan,
        scenario=scenario,
        curves=curves,
        history=history,
        fmt=fmt,
        labels=channel_labels(plan, scenario, platform_names),
        today=today or datetime.now(ZoneInfo(plan.timezone)).date(),
    )
    builders: list[SectionBuilder] = [
        _summary,
        _this_week,
        _calendar,
        _weeks,
        _spend,
        _allocation,
        _kpis,
        _curves,
        _channels,
        _posting_times,
        *extra_sections,
        _solve,
    ]
    sections = [builder(data) for builder in builders]
    last_day = plan.start + timedelta(days=plan.days - 1)
    title = f"mixplan report: {plan.scenario_name}" + (f" (run {run_id})" if run_id is not None else "")
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            title=title,
            plan=plan,
            run_id=run_id,
            fmt=fmt,
            period=f"{fmt.medium_date(plan.start)} – {fmt.medium_date(last_day)}",
            created=fmt.timestamp(plan.created_at.astimezone(ZoneInfo(plan.timezone))),
            today=fmt.long_day(data.today),
            sections=sections,
            labels=data.labels,
            version=mixplan.__version__,
        )
    )


def _svg(markup: str) -> Markup:
    """A chart rendered from the autoescaped chart templates (charts/*.svg.j2)."""
    return Markup(markup)


def _summary(data: ReportInput) -> Section:
    totals = data.plan.totals
    blended = float(totals.revenue / totals.spend) if totals.spend > 0 else None
    return Section(
        "summary",
        "Summary",
        "sections/summary.html.j2",
        {"totals": totals, "blended_roas": blended, "gap": data.plan.report.gap},
    )


def _daily_spend(plan: Plan) -> dict[date, Decimal]:
    return {day: sum(row.values(), Decimal("0.00")) for day, row in spend_by_day(plan).items()}


def _this_week(data: ReportInput) -> Section:
    cards = post_cards(data.plan, data.scenario, data.labels, data.fmt)
    todo = build_week_to_do(data.plan, cards, data.labels, data.fmt, data.today)
    return Section("this-week", "This week", "sections/this_week.html.j2", {"todo": todo})


def _calendar_view(data: ReportInput) -> Any:
    cards = post_cards(data.plan, data.scenario, data.labels, data.fmt)
    return build_calendar(data.plan, data.scenario, cards, data.fmt, data.today, _daily_spend(data.plan))


def _calendar(data: ReportInput) -> Section:
    return Section("calendar", "Posting calendar", "sections/calendar.html.j2", {"calendar": _calendar_view(data)})


def _weeks(data: ReportInput) -> Section:
    return Section("weeks", "Week by week", "sections/weeks.html.j2", {"calendar": _calendar_view(data)})


def _spend(data: ReportInput) -> Section:
    by_day = spend_by_day(data.plan)
    spending = [c for c in data.labels if any(row.get(c) for row in by_day.values())]
    chart = None
    if spending:
        bands = [Band(event.name, event.start, event.end) for event in data.scenario.events]
        colors = {key: label.color for key, label in data.labels.items()}
        names = {key: label.name for key, label in data.labels.items()}
        chart = _svg(
            stacked_bars(
                list(by_day),
                spending,
                by_day,
                currency=data.plan.currency,
                colors=colors,
                bands=bands,
                names=names,
                day_text=lambda day: (
                    data.fmt.short_date(day),
                    data.fmt.weekday_short(day.weekday()),
                    data.fmt.day(day),
                ),
            )
        )
    return Section(
        "spend",
        "Spend by channel and day",
        "sections/spend.html.j2",
        {"chart": chart, "channels": [data.labels[c] for c in spending]},
    )


def _allocation(data: ReportInput) -> Section:
    view = build_allocation(data.plan, data.history, data.labels)
    return Section("allocation", "Current and planned allocation", "sections/allocation.html.j2", {"view": view})


def _kpis(data: ReportInput) -> Section:
    results = evaluate_kpis(data.plan, data.scenario.kpis)
    rows = []
    for result in results:
        if result.metric in ("revenue", "spend"):
            show: Callable[[float], str] = data.fmt.money
        elif result.metric == "roas":
            show = data.fmt.ratio
        else:
            show = data.fmt.number
        rows.append(
            {
                "result": result,
                "metric": "paid ROAS" if result.metric == "roas" else result.metric,
                "channel": data.labels[result.channel].name
                if result.channel is not None and result.channel in data.labels
                else (result.channel or "all channels"),
                "target": ("at most " if result.ceiling else "at least ") + show(result.target),
                "planned": "–" if result.planned is None else show(result.planned),
                "share": data.fmt.percent(result.share),
                "width": 0 if result.share is None else min(result.share, 1.0) * 100,
            }
        )
    return Section("kpis", "KPI targets", "sections/kpis.html.j2", {"rows": rows})


def _curves(data: ReportInput) -> Section:
    blocks = []
    for view in curve_views(data.plan, data.curves):
        label = data.labels.get(view.channel_id)
        name = label.name if label else view.channel_id
        chart = curve_chart(
            view.points,
            view.operating,
            channel=name,
            currency=data.plan.currency,
            line_color=label.color if label else "#4e79a7",
        )
        blocks.append({"view": view, "name": name, "chart": _svg(chart)})
    return Section("curves", "Response curves", "sections/curves.html.j2", {"blocks": blocks})


def _channels(data: ReportInput) -> Section:
    figures = [row for row in channel_figures(data.plan, list(data.labels)) if row.spend or row.posts or row.revenue]
    totals = data.plan.totals
    blended_total = float(totals.revenue / totals.spend) if totals.spend > 0 else None
    rows = [
        {
            "label": data.labels[row.channel_id],
            "row": row,
            "blended": float(row.revenue / row.spend) if row.spend > 0 else None,
        }
        for row in figures
    ]
    return Section(
        "channels", "Channels", "sections/channels.html.j2", {"rows": rows, "totals": totals, "blended": blended_total}
    )


def _posting_times(data: ReportInput) -> Section:
    grids = posting_heatmap(data.plan)
    blocks = []
    for key, label in data.labels.items():
        if key not in grids:
            continue
        chart = heatmap(grids[key], channel=label.name, fill=label.color)
        blocks.append({"label": label, "total": sum(sum(row) for row in grids[key]), "chart": _svg(chart)})
    return Section("posting-times", "Posting times", "sections/posting_times.html.j2", {"blocks": blocks})


def _solve(data: ReportInput) -> Section:
    report = data.plan.report
    return Section(
        "solve",
        "Solve report",
        "sections/solve.html.j2",
        {
            "report": report,
            "parameters": solve_parameters(report, data.fmt),
            "plan": data.plan,
            "objective": objective_value(report.objective_kind, report.objective, data.fmt),
            "bound": objective_value(report.objective_kind, report.best_bound, data.fmt),
        },
    )
