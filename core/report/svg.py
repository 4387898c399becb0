"""Small inline-SVG charts: stacked bars, response curves and weekday × hour heatmaps.

The geometry is computed here; the markup is in the templates ``charts/*.svg.j2``. Every chart is
a self-contained ``<svg>`` element (no scripts, no external references). Data-bearing shapes carry
``data-*`` attributes with the exact numbers they draw and a ``<title>`` tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
"""Tableau 10: distinct colors that stay readable for most kinds of color blindness."""

WEEKDAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
AXIS = "#6b7280"
BAND_COLORS = (("#fef3c7", "#92400e"), ("#e0f2fe", "#075985"))
"""Background and text colors of event bands, alternating so that adjacent events stay apart."""
GRID = "#e5e7eb"


def color(index: int) -> str:
    """The palette color of the index-th series."""
    return PALETTE[index % len(PALETTE)]


def nice_ticks(maximum: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `maximum` (steps of 1, 2, 2.5 or 5 times a power of ten)."""
    if maximum <= 0 or not math.isfinite(maximum):
        return [0.0, 1.0]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = magnitude
    for multiple in (1.0, 2.0, 2.5, 5.0, 10.0):
        step = multiple * magnitude
        if step >= raw:
            break
    steps = math.ceil(maximum / step - 1e-9)
    return [round(index * step, 10) for index in range(steps + 1)]


def short_number(value: float) -> str:
    """A compact label: 950, 1.2k, 35k, 1.5M."""
    size = abs(value)
    if size >= 1_000_000:
        return f"{value / 1_000_000:.3g}M"
    if size >= 10_000:
        return f"{value / 1000:.0f}k"
    if size >= 1000:
        return f"{value / 1000:.3g}k"
    if size == int(size):
        return f"{int(value)}"
    return f"{value:.3g}"


def _f(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _render(template: str, **values: Any) -> str:
    from mixplan.report.templating import environment

    return str(environment().get_template(f"charts/{template}").render(axis=AXIS, grid=GRID, **values))


@dataclass(frozen=True)
class Band:
    """A shaded date range drawn behind a time chart (a calendar event)."""

    label: str
    start: date
    end: date


def _y_axis(ticks: Sequence[float], left: int, top: int, plot_w: int, plot_h: int, label: str) -> dict[str, Any]:
    y_max = ticks[-1]
    return {
        "left": left,
        "right": left + plot_w,
        "top": top,
        "bottom": top + plot_h,
        "middle": top + plot_h / 2,
        "label": label,
        "ticks": [{"y": _f(top + plot_h - tick / y_max * plot_h), "label": short_number(tick)} for tick in ticks],
    }


def stacked_bars(
    days: Sequence[date],
    channels: Sequence[str],
    values: Mapping[date, Mapping[str, Decimal]],
    *,
    currency: str,
    colors: Mapping[str, str],
    bands: Sequence[Band] = (),
    names: Mapping[str, str] | None = None,
    day_text: Callable[[date], tuple[str, str, str]] | None = None,
    width: int = 1100,
    height: int = 320,
) -> str:
    """Spend per day stacked by channel; each segment has data-day, data-channel and data-amount.

    `names` gives the channel names the tooltips show (default: the channel ids); `day_text` gives a
    day's (date, weekday, both) labels in the reader's locale (default: English, e.g. 26 Nov, Thu).
    """
    label_of = day_text or _english_day
    left, right, top, bottom = 64, 12, 22, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [float(sum(values.get(day, {}).values(), Decimal(0))) for day in days]
    ticks = nice_ticks(max(totals, default=0.0))
    y_max = ticks[-1]
    band_w = plot_w / max(len(days), 1)
    bar_w = max(band_w * 0.72, 1.0)
    band_shapes = []
    for number, band in enumerate(bands):
        indices = [i for i, day in enumerate(days) if band.start <= day <= band.end]
        if not indices:
            continue
        x0 = left + indices[0] * band_w
        x1 = left + (indices[-1] + 1) * band_w
        fill, ink = BAND_COLORS[number % len(BAND_COLORS)]
        band_shapes.append(
            {
                "x": _f(x0),
                "width": _f(x1 - x0),
                "middle": _f((x0 + x1) / 2),
                "fill": fill,
                "ink": ink,
                "label": band.label,
                "span": f"{label_of(band.start)[0]} – {label_of(band.end)[0]}",
            }
        )
    label_every = max(1, math.ceil(len(days) / 16))
    segments = []
    labels = []
    for index, day in enumerate(days):
        x = left + index * band_w + (band_w - bar_w) / 2
        y = float(top + plot_h)
        for channel in channels:
            amount = values.get(day, {}).get(channel)
            if amount is None or amount <= 0:
                continue
            h = float(amount) / y_max * plot_h
            y -= h
            segments.append(
                {
                    "x": _f(x),
                    "y": _f(y),
                    "width": _f(bar_w),
                    "height": _f(h),
                    "fill": colors[channel],
                    "day": day.isoformat(),
                    "channel": channel,
                    "amount": amount,
                    "title": f"{label_of(day)[2]}: {(names or {}).get(channel, channel)} {amount} {currency}",
                }
            )
        if index % label_every == 0:
            text = label_of(day)
            labels.append({"x": _f(left + (index + 0.5) * band_w), "date": text[0], "weekday": text[1]})
    return _render(
        "bars.svg.j2",
        width=width,
        height=height,
        label=f"Spend by channel and day in {currency}",
        top=top,
        plot_h=plot_h,
        bands=band_shapes,
        y_axis=_y_axis(ticks, left, top, plot_w, plot_h, currency),
        segments=segments,
        labels=labels,
    )


def _english_day(day: date) -> tuple[str, str, str]:
    return f"{day:%d %b}", f"{day:%a}", f"{day:%a %d %b}"


@dataclass(frozen=True)
class OperatingPoint:
    """A daily spend level the plan uses on a channel, with what the curve says it earns there."""

    spend: float
    revenue: float
    days: int
    marginal_roas: float | None
    curve_marginal_roas: float | None = None


def curve_chart(
    points: Sequence[tuple[float, float]],
    operating: Sequence[OperatingPoint],
    *,
    channel: str,
    currency: str,
    line_color: str,
    width: int = 540,
    height: int = 300,
) -> str:
    """A daily response curve (revenue against spend) with the plan's operating points and the paid ROAS = 1 line."""
    left, right, top, bottom = 62, 14, 14, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    x_ticks = nice_ticks(max((x for x, _ in points), default=1.0), 5)
    y_ticks = nice_ticks(max((y for _, y in points), default=1.0), 5)
    x_max, y_max = x_ticks[-1], y_ticks[-1]

    def sx(x: float) -> float:
        return left + x / x_max * plot_w

    def sy(y: float) -> float:
        return top + plot_h - y / y_max * plot_h

    even = min(x_max, y_max)  # break-even: revenue = spend
    dots = []
    for point in operating:
        roas = "n/a" if point.curve_marginal_roas is None else f"{point.curve_marginal_roas:.2f}"
        dots.append(
            {
                "cx": _f(sx(point.spend)),
                "cy": _f(sy(point.revenue)),
                "r": _f(4 + min(point.days, 30) / 6),
                "spend": f"{point.spend:.2f}",
                "revenue": f"{point.revenue:.2f}",
                "days": point.days,
                "marginal": "" if point.curve_marginal_roas is None else f"{point.curve_marginal_roas:.4f}",
                "title": f"{point.spend:.2f} {currency}/day on {point.days} day(s): "
                f"{point.revenue:.2f} {currency}/day, marginal ROAS {roas}",
            }
        )
    return _render(
        "curve.svg.j2",
        width=width,
        height=height,
        label=f"Daily response curve of {channel}",
        y_axis=_y_axis(y_ticks, left, top, plot_w, plot_h, f"revenue/day ({currency})"),
        x_ticks=[{"x": _f(sx(tick)), "label": short_number(tick)} for tick in x_ticks],
        bottom=top + plot_h,
        x_title={"x": left + plot_w / 2, "y": height - 6, "text": f"spend/day ({currency})"},
        even={"x0": _f(sx(0)), "y0": _f(sy(0)), "x1": _f(sx(even)), "y1": _f(sy(even))},
        path=" ".join(f"{'M' if i == 0 else 'L'}{_f(sx(x))},{_f(sy(y))}" for i, (x, y) in enumerate(points)),
        color=line_color,
        dots=dots,
    )


def heatmap(grid: Sequence[Sequence[int]], *, channel: str, fill: str, width: int = 560) -> str:
    """Posts by weekday (rows) and local hour (columns); each cell carries data-weekday/hour/count."""
    left, top, right, bottom = 40, 20, 6, 6
    cell_w = (width - left - right) / 24
    cell_h = 20.0
    height = int(top + 7 * cell_h + bottom)
    peak = max((value for row in grid for value in row), default=0)
    rows = []
    for weekday, row in enumerate(grid):
        y = top + weekday * cell_h
        cells = []
        for hour, count in enumerate(row):
            x = left + hour * cell_w
            opacity = 0.0 if peak == 0 else 0.15 + 0.85 * count / peak
            cells.append(
                {
                    "x": _f(x + 1),
                    "y": _f(y + 1),
                    "width": _f(cell_w - 2),
                    "height": _f(cell_h - 2),
                    "fill": fill if count else "#f3f4f6",
                    "opacity": _f(opacity if count else 1),
                    "hour": hour,
                    "count": count,
                    "text_x": _f(x + cell_w / 2),
                    "text_fill": "#ffffff" if count and _blend_luminance(fill, opacity) < 0.5 else "#111827",
                }
            )
        rows.append(
            {
                "weekday": weekday,
                "name": WEEKDAY_LABELS[weekday],
                "label_y": _f(y + cell_h / 2 + 4),
                "cells": cells,
            }
        )
    return _render(
        "heatmap.svg.j2",
        width=width,
        height=height,
        label=f"Posts of {channel} by weekday and hour",
        hours=[{"x": _f(left + (hour + 0.5) * cell_w), "label": f"{hour:02d}h"} for hour in range(0, 24, 3)],
        top=top,
        left=left,
        rows=rows,
    )


def _blend_luminance(hex_color: str, opacity: float) -> float:
    """Relative luminance (0 dark … 1 light) of a color drawn with `opacity` over white."""
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    blended = [opacity * c + (1 - opacity) for c in channels]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in blended]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
