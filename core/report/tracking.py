"""The "Plan against actual" section of the report: the figures of `mixplan track` with charts.

Built from :class:`mixplan.actuals.tracking.TrackFigures`; pass :func:`tracking_section` of them
as one of ``extra_sections`` to :func:`mixplan.report.render_report` (``mixplan report`` does).
The charts are inline SVG like the others: a pacing chart (share of the window elapsed against
share of the budget delivered) and, for spend and revenue, planned-to-date against actual-to-date
bars per channel. Every bar carries ``data-*`` attributes with the number it draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from mixplan.actuals.tracking import KpiFigures, TrackFigures
from mixplan.report.svg import AXIS, GRID, short_number

PLANNED_COLOR = "#cbd5e1"
ACTUAL_COLOR = "#4e79a7"
CHART_KPIS = ("spend", "revenue")


@dataclass(frozen=True)
class _Bar:
    y: float
    width: float
    fill: str
    kind: str
    value: str
    title: str


def _bars_chart(rows: list[KpiFigures], kpi: str, currency: str, names: dict[str, str]) -> Markup:
    """Planned-to-date and actual-to-date bars of one KPI, one pair per channel (``all`` last)."""
    from mixplan.report.templating import environment

    left, width, bar_h, gap = 150, 620, 12, 10
    top = 10
    most = max([float(r.planned_to_date) for r in rows] + [float(r.actual_to_date) for r in rows] + [1.0])
    pairs: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        y = top + index * (2 * bar_h + gap)
        name = names.get(row.channel_id, row.channel_id)
        bars = [
            _Bar(
                y + offset * bar_h,
                (width - left - 60) * float(value) / most,
                fill,
                kind,
                str(value),
                f"{name}: {kind} to date {value} {currency if kpi in CHART_KPIS else ''}".strip(),
            )
            for offset, (kind, value, fill) in enumerate(
                (("planned", row.planned_to_date, PLANNED_COLOR), ("actual", row.actual_to_date, ACTUAL_COLOR))
            )
        ]
        pairs.append({"channel": row.channel_id, "name": name, "y": y, "bars": bars})
    height = top + len(rows) * (2 * bar_h + gap) + 10
    return Markup(
        environment()
        .get_template("charts/track_bars.svg.j2")
        .render(
            width=width,
            height=height,
            left=left,
            bar_h=bar_h,
            kpi=kpi,
            pairs=pairs,
            axis=AXIS,
            grid=GRID,
            label=f"{kpi}: planned to date against actual to date per channel",
            short=short_number,
        )
    )


def _pacing_chart(figures: TrackFigures) -> Markup:
    """Two bars: the share of the window elapsed and the share of the budget delivered."""
    from mixplan.report.templating import environment

    return Markup(
        environment()
        .get_template("charts/track_pacing.svg.j2")
        .render(
            width=620,
            height=70,
            left=150,
            plot=420,
            elapsed=figures.elapsed_share,
            delivered=figures.delivered_share,
            axis=AXIS,
            grid=GRID,
            label="pacing: share of the window elapsed against share of the budget delivered",
        )
    )


def tracking_section(figures: TrackFigures) -> Any:
    """A report section builder showing ``figures`` (see the module docstring)."""
    from mixplan.report.html_page import ReportInput, Section

    def build(data: ReportInput) -> Section:
        names = {key: label.name for key, label in data.labels.items()}
        names["all"] = "All channels"
        charts = {
            kpi: _bars_chart([r for r in figures.figures if r.kpi == kpi], kpi, data.plan.currency, names)
            for kpi in CHART_KPIS
        }
        return Section(
            "tracking",
            "Plan against actual",
            "sections/tracking.html.j2",
            {
                "t": figures,
                "names": names,
                "pacing_chart": _pacing_chart(figures),
                "charts": charts,
                "rows": figures.figures,
            },
        )

    return build
