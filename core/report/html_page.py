"""Assemble the self-contained HTML report: inline CSS, inline SVG charts, no scripts, no network."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from html import escape

import mixplan
from mixplan.model.curves import ResponseCurve
from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario
from mixplan.report.curves import curve_views
from mixplan.report.kpis import evaluate_kpis
from mixplan.report.summary import channel_figures, plan_channels, posting_heatmap, spend_by_day
from mixplan.report.svg import Band, color, curve_chart, heatmap, stacked_bars

SECTION_IDS = ("summary", "kpis", "spend", "curves", "calendar", "channels", "solve")
"""The sections every report has, in order (their ``id`` attributes)."""

STYLE = """
:root { --ink:#111827; --muted:#6b7280; --line:#e5e7eb; --card:#ffffff; --bg:#f8fafc; --good:#047857;
        --bad:#b91c1c; --warn:#92400e; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
       font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width:1180px; margin:0 auto; padding:28px 24px 48px; }
header h1 { font-size:26px; margin:0 0 4px; }
header p { margin:0; color:var(--muted); }
section { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:18px 20px;
          margin-top:20px; }
section h2 { font-size:18px; margin:0 0 12px; }
section h3 { font-size:15px; margin:0 0 4px; }
.note { color:var(--muted); font-size:12.5px; margin:4px 0 10px; }
.cards { display:grid; grid-template-columns:repeat(auto-fit, minmax(138px, 1fr)); gap:12px; }
.card { border:1px solid var(--line); border-radius:8px; padding:10px 12px; }
.card .label { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.04em; }
.card .value { font-size:21px; font-weight:600; margin-top:2px; font-variant-numeric:tabular-nums;
               white-space:nowrap; }
.card .unit { font-size:13px; font-weight:500; color:var(--muted); margin-left:4px; }
table { border-collapse:collapse; width:100%; font-variant-numeric:tabular-nums; }
th, td { text-align:left; padding:6px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
th { color:var(--muted); font-weight:600; font-size:12.5px; }
td.num, th.num { text-align:right; }
td.num { white-space:nowrap; }
table.compact th, table.compact td { padding:4px 8px; }
tfoot td { font-weight:600; border-top:2px solid var(--line); border-bottom:none; }
.legend { display:flex; flex-wrap:wrap; gap:6px 18px; margin:6px 0 10px; font-size:13px; }
.legend span::before { content:""; display:inline-block; width:12px; height:12px; border-radius:3px;
                       margin-right:6px; vertical-align:-1px; background:var(--swatch); }
.grid2 { display:grid; grid-template-columns:repeat(auto-fit, minmax(520px, 1fr)); gap:18px 24px; }
.chart svg { width:100%; height:auto; display:block; }
.curve-block .note { min-height:2.9em; }
.badge { display:inline-block; padding:1px 8px; border-radius:999px; font-size:12px; font-weight:600; }
.badge.good { background:#d1fae5; color:var(--good); }
.badge.bad { background:#fee2e2; color:var(--bad); }
.badge.warn { background:#fef3c7; color:var(--warn); }
.bar { background:#eef2f7; border-radius:4px; height:8px; width:160px; overflow:hidden; }
.bar > i { display:block; height:100%; }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:4px 18px; margin:0; }
dl.facts dt { color:var(--muted); }
dl.facts dd { margin:0; font-variant-numeric:tabular-nums; }
ul.plain { margin:6px 0 0; padding-left:18px; }
#solve h3 { margin-top:14px; }
.swatch { display:inline-block; width:12px; height:12px; border-radius:3px; margin-right:6px;
          vertical-align:-1px; }
footer { color:var(--muted); font-size:12px; margin-top:22px; text-align:center; }
@media print { body { background:#fff; } section { break-inside:avoid; } }
"""


def render_report(
    plan: Plan,
    scenario: Scenario,
    curves: Mapping[str, ResponseCurve],
    *,
    run_id: int | None = None,
) -> str:
    """The report of one plan as one HTML document (a string) that needs no network to display.

    `curves` maps each paid channel to its resolved daily response curve (see
    :func:`mixplan.report.curves.scenario_curves`).
    """
    order = [channel.id for channel in scenario.channels]
    order += [channel for channel in plan_channels(plan) if channel not in order]
    colors = {channel: color(index) for index, channel in enumerate(order)}
    title = f"mixplan report: {plan.scenario_name}" + (f" (run {run_id})" if run_id is not None else "")
    body = [
        _header(plan, run_id),
        _summary(plan),
        _kpis(plan, scenario),
        _spend(plan, scenario, order, colors),
        _curves(plan, curves, colors),
        _calendar(plan, order, colors),
        _channels(plan, order, colors),
        _solve(plan),
        f"<footer>Generated by mixplan {escape(mixplan.__version__)} from the stored plan; "
        f"the file is self-contained and works offline.</footer>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def _money(amount: Decimal | float, currency: str) -> str:
    return f"{Decimal(str(amount)).quantize(Decimal('0.01')):,} {escape(currency)}"


def _amount(amount: Decimal | float) -> str:
    return f"{Decimal(str(amount)).quantize(Decimal('0.01')):,}"


def _money_card(amount: Decimal, currency: str) -> str:
    return f'{Decimal(amount).quantize(Decimal("0.01")):,}<span class="unit">{escape(currency)}</span>'


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _status_badge(status: str) -> str:
    kind = {"optimal": "good", "feasible": "warn", "interrupted": "warn"}.get(status, "bad")
    return f'<span class="badge {kind}">{escape(status)}</span>'


def _header(plan: Plan, run_id: int | None) -> str:
    end = plan.start.toordinal() + plan.days - 1
    from datetime import date

    run = f"run {run_id} · " if run_id is not None else ""
    return (
        f"<header><h1>{escape(plan.scenario_name)}</h1>"
        f"<p>{run}{plan.start:%a %d %b %Y} – {date.fromordinal(end):%a %d %b %Y} ({plan.days} days) · "
        f"{escape(plan.timezone)} · {escape(plan.currency)} · planned {plan.created_at:%Y-%m-%d %H:%M %Z} · "
        f"{_status_badge(plan.report.status)}</p></header>"
    )


def _card(label: str, value: str) -> str:
    return f'<div class="card"><div class="label">{escape(label)}</div><div class="value">{value}</div></div>'


def _summary(plan: Plan) -> str:
    totals = plan.totals
    gap = "–" if plan.report.gap is None else f"{plan.report.gap:.2%}"
    cards = [
        _card("Spend", _money_card(totals.spend, plan.currency)),
        _card("Revenue", _money_card(totals.revenue, plan.currency)),
        _card("ROAS", _ratio(totals.roas)),
        _card("Posts", f"{totals.posts:,}"),
        _card("Reach", f"{totals.reach:,.0f}"),
        _card("Clicks", f"{totals.clicks:,.0f}"),
        _card("Gap to bound", gap),
    ]
    split = (
        f"Revenue: organic {_money(totals.organic_revenue, plan.currency)}, paid "
        f"{_money(totals.paid_revenue, plan.currency)}, boosts {_money(totals.boost_revenue, plan.currency)}. "
        f"Spend: ads {_money(totals.ad_spend, plan.currency)}, boosts {_money(totals.boost_spend, plan.currency)}."
    )
    if totals.profit is not None:
        split += f" Profit: {_money(totals.profit, plan.currency)}."
    return (
        f'<section id="summary"><h2>Summary</h2><div class="cards">{"".join(cards)}</div>'
        f'<p class="note">{split}</p></section>'
    )


def _kpis(plan: Plan, scenario: Scenario) -> str:
    results = evaluate_kpis(plan, scenario.kpis)
    if not results:
        return (
            '<section id="kpis"><h2>KPI targets</h2><p class="note">The scenario sets no KPI targets '
            "(add <code>kpis:</code> to compare the plan against them).</p></section>"
        )
    rows = []
    for result in results:
        money_metric = result.metric in ("revenue", "spend")
        fmt = (
            (lambda v: _money(v, plan.currency))
            if money_metric
            else (_ratio if result.metric == "roas" else (lambda v: f"{v:,.0f}"))
        )
        planned = "–" if result.planned is None else fmt(result.planned)
        share = result.share
        width = 0 if share is None else min(share, 1.0) * 100
        bar_color = "#059669" if result.met else "#dc2626"
        badge = '<span class="badge good">met</span>' if result.met else '<span class="badge bad">missed</span>'
        kind = "at most" if result.ceiling else "at least"
        rows.append(
            f'<tr class="kpi" data-metric="{result.metric}" data-target="{result.target}" '
            f'data-planned="{"" if result.planned is None else result.planned}">'
            f"<td>{escape(result.metric)}</td><td>{escape(result.channel or 'all channels')}</td>"
            f'<td class="num">{kind} {fmt(result.target)}</td><td class="num">{planned}</td>'
            f'<td class="num">{"–" if share is None else f"{share:.0%}"}</td>'
            f'<td><div class="bar"><i style="width:{width:.1f}%;background:{bar_color}"></i></div></td>'
            f"<td>{badge}</td></tr>"
        )
    return (
        '<section id="kpis"><h2>KPI targets</h2><table><thead><tr><th>Metric</th><th>Channel</th>'
        '<th class="num">Target</th><th class="num">Planned</th><th class="num">Of target</th><th></th><th></th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _legend(channels: Iterable[str], colors: Mapping[str, str]) -> str:
    items = "".join(f'<span style="--swatch:{colors[c]}">{escape(c)}</span>' for c in channels)
    return f'<div class="legend">{items}</div>'


def _spend(plan: Plan, scenario: Scenario, order: list[str], colors: Mapping[str, str]) -> str:
    by_day = spend_by_day(plan)
    spending = [c for c in order if any(row.get(c) for row in by_day.values())]
    if not spending:
        return (
            '<section id="spend"><h2>Spend by channel and day</h2>'
            '<p class="note">The plan spends nothing on ads or boosts.</p></section>'
        )
    bands = [Band(event.name, event.start, event.end) for event in scenario.events]
    chart = stacked_bars(list(by_day), spending, by_day, currency=plan.currency, colors=colors, bands=bands)
    note = "Ad spend and boost spend per local day; shaded days are calendar events."
    return (
        f'<section id="spend"><h2>Spend by channel and day</h2><p class="note">{note}</p>'
        f'{_legend(spending, colors)}<div class="chart">{chart}</div></section>'
    )


def _curves(plan: Plan, curves: Mapping[str, ResponseCurve], colors: Mapping[str, str]) -> str:
    views = curve_views(plan, curves)
    if not views:
        return (
            '<section id="curves"><h2>Response curves</h2>'
            '<p class="note">No channel buys ads in this scenario.</p></section>'
        )
    blocks = []
    for view in views:
        chart = curve_chart(
            view.points,
            view.operating,
            channel=view.channel_id,
            currency=plan.currency,
            line_color=colors.get(view.channel_id, color(0)),
        )
        if view.operating:
            rows = "".join(
                f'<tr><td class="num">{_amount(p.spend)}</td><td class="num">{p.days}</td>'
                f'<td class="num">{_amount(p.revenue)}</td>'
                f'<td class="num">{_ratio(p.revenue / p.spend if p.spend else None)}</td>'
                f'<td class="num">{_ratio(p.curve_marginal_roas)}</td>'
                f'<td class="num">{_ratio(p.marginal_roas)}</td></tr>'
                for p in view.operating
            )
            currency = escape(plan.currency)
            table = (
                f'<table class="compact"><thead><tr><th class="num">Spend/day ({currency})</th>'
                f'<th class="num">Days</th><th class="num">Revenue/day ({currency})</th><th class="num">ROAS</th>'
                '<th class="num">Marginal ROAS (curve)</th>'
                f'<th class="num">Marginal ROAS (plan)</th></tr></thead><tbody>{rows}</tbody></table>'
            )
        else:
            table = '<p class="note">The plan spends nothing on this channel.</p>'
        blocks.append(
            f'<div class="curve-block" data-channel="{escape(view.channel_id)}"><h3>{escape(view.channel_id)}</h3>'
            f'<p class="note">{escape(view.description)}</p><div class="chart">{chart}</div>{table}</div>'
        )
    note = (
        "Expected revenue of one day's spend on its own day (before carry-over and event uplift). Dots are "
        "the daily amounts the plan uses (bigger = more days); the dashed line is ROAS = 1. Marginal ROAS is the "
        "extra revenue of one more unit of spend: on the curve itself, and as the solver reports it for the "
        "plan (next spend step, with carry-over and event uplift, averaged over the days at that amount)."
    )
    return (
        f'<section id="curves"><h2>Response curves</h2><p class="note">{note}</p>'
        f'<div class="grid2">{"".join(blocks)}</div></section>'
    )


def _calendar(plan: Plan, order: list[str], colors: Mapping[str, str]) -> str:
    grids = posting_heatmap(plan)
    if not grids:
        return (
            '<section id="calendar"><h2>Posting calendar</h2>'
            '<p class="note">The plan schedules no organic posts.</p></section>'
        )
    blocks = []
    for channel in [c for c in order if c in grids]:
        total = sum(sum(row) for row in grids[channel])
        chart = heatmap(grids[channel], channel=channel, fill=colors[channel])
        blocks.append(
            f'<div class="heatmap-block" data-channel="{escape(channel)}"><h3>{escape(channel)} · {total} '
            f"post{'' if total == 1 else 's'}</h3>"
            f'<div class="chart">{chart}</div></div>'
        )
    note = f"Posts by local weekday and hour ({escape(plan.timezone)}), summed over the whole horizon."
    return (
        f'<section id="calendar"><h2>Posting calendar</h2><p class="note">{note}</p>'
        f'<div class="grid2">{"".join(blocks)}</div></section>'
    )


def _channels(plan: Plan, order: list[str], colors: Mapping[str, str]) -> str:
    figures = [row for row in channel_figures(plan, order) if row.spend or row.posts or row.revenue]
    rows = "".join(
        f'<tr data-channel="{escape(row.channel_id)}"><td><span class="swatch" '
        f'style="background:{colors[row.channel_id]}"></span>{escape(row.channel_id)}</td>'
        f'<td class="num">{_money(row.ad_spend, plan.currency)}</td>'
        f'<td class="num">{_money(row.boost_spend, plan.currency)}</td>'
        f'<td class="num">{_money(row.paid_revenue + row.boost_revenue, plan.currency)}</td>'
        f'<td class="num">{_money(row.organic_revenue, plan.currency)}</td>'
        f'<td class="num">{_ratio(row.roas)}</td><td class="num">{row.posts}</td>'
        f'<td class="num">{row.reach:,.0f}</td></tr>'
        for row in figures
    )
    totals = plan.totals
    foot = (
        f'<tr><td>Total</td><td class="num">{_money(totals.ad_spend, plan.currency)}</td>'
        f'<td class="num">{_money(totals.boost_spend, plan.currency)}</td>'
        f'<td class="num">{_money(totals.paid_revenue + totals.boost_revenue, plan.currency)}</td>'
        f'<td class="num">{_money(totals.organic_revenue, plan.currency)}</td>'
        f'<td class="num">{_ratio(totals.roas)}</td><td class="num">{totals.posts}</td>'
        f'<td class="num">{totals.reach:,.0f}</td></tr>'
    )
    return (
        '<section id="channels"><h2>Channels</h2><table><thead><tr><th>Channel</th>'
        '<th class="num">Ad spend</th><th class="num">Boost spend</th><th class="num">Paid revenue</th>'
        '<th class="num">Organic revenue</th><th class="num">ROAS</th><th class="num">Posts</th>'
        f'<th class="num">Reach</th></tr></thead><tbody>{rows}</tbody><tfoot>{foot}</tfoot></table></section>'
    )


def _solve(plan: Plan) -> str:
    report = plan.report

    def number(value: float | None) -> str:
        return "–" if value is None else f"{value:,.2f}"

    facts = [
        ("Status", _status_badge(report.status)),
        ("Objective", f"{escape(report.objective_kind)}: {number(report.objective)}"),
        ("Best bound", number(report.best_bound)),
        ("Gap", "–" if report.gap is None else f"{report.gap:.4%}"),
        ("Wall time", f"{report.wall_time_s:.2f} s"),
        ("Seed", str(report.seed)),
        ("Solver", f"{escape(report.solver)} {escape(report.solver_version)}"),
        ("mixplan", escape(plan.mixplan_version)),
        ("Scenario hash", f"<code>{escape(plan.scenario_hash[:16])}</code>"),
    ]
    if report.parameters:
        params = ", ".join(f"{escape(str(k))}={escape(str(v))}" for k, v in sorted(report.parameters.items()))
        facts.append(("Parameters", params))
    items = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts)
    extra = ""
    if report.messages:
        extra += (
            '<h3>Notes</h3><ul class="plain">' + "".join(f"<li>{escape(m)}</li>" for m in report.messages) + "</ul>"
        )
    if report.conflicts:
        extra += (
            '<h3>Conflicting rules</h3><ul class="plain">'
            + "".join(f"<li>{escape(c)}</li>" for c in report.conflicts)
            + "</ul>"
        )
    return f'<section id="solve"><h2>Solve report</h2><dl class="facts">{items}</dl>{extra}</section>'
