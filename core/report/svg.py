"""Small inline-SVG charts written in Python: stacked bars, response curves and weekday × hour heatmaps.

Every chart is a self-contained ``<svg>`` element (no scripts, no external references). Data-bearing
shapes carry ``data-*`` attributes with the exact numbers they draw and a ``<title>`` tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape

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


@dataclass(frozen=True)
class Band:
    """A shaded date range drawn behind a time chart (a calendar event)."""

    label: str
    start: date
    end: date


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
    parts = [_open(width, height, f"Spend by channel and day in {currency}")]
    for number, band in enumerate(bands):
        indices = [i for i, day in enumerate(days) if band.start <= day <= band.end]
        if not indices:
            continue
        x0 = left + indices[0] * band_w
        x1 = left + (indices[-1] + 1) * band_w
        fill, ink = BAND_COLORS[number % len(BAND_COLORS)]
        parts.append(
            f'<rect class="band" x="{_f(x0)}" y="{top}" width="{_f(x1 - x0)}" height="{plot_h}" fill="{fill}">'
            f"<title>{escape(band.label)}: {escape(label_of(band.start)[0])} – "
            f"{escape(label_of(band.end)[0])}</title></rect>"
            f'<line x1="{_f(x0)}" y1="{top}" x2="{_f(x0)}" y2="{top + plot_h}" stroke="{ink}" stroke-opacity="0.5"/>'
            f'<text x="{_f((x0 + x1) / 2)}" y="{top - 6}" text-anchor="middle" font-size="11" '
            f'fill="{ink}">{escape(band.label)}</text>'
        )
    parts.append(_y_axis(ticks, left, top, plot_w, plot_h, currency))
    label_every = max(1, math.ceil(len(days) / 16))
    for index, day in enumerate(days):
        x = left + index * band_w + (band_w - bar_w) / 2
        y = float(top + plot_h)
        for channel in channels:
            amount = values.get(day, {}).get(channel)
            if amount is None or amount <= 0:
                continue
            h = float(amount) / y_max * plot_h
            y -= h
            parts.append(
                f'<rect class="spend" x="{_f(x)}" y="{_f(y)}" width="{_f(bar_w)}" height="{_f(h)}" '
                f'fill="{colors[channel]}" data-day="{day.isoformat()}" data-channel="{escape(channel)}" '
                f'data-amount="{amount}"><title>{escape(label_of(day)[2])}: '
                f"{escape((names or {}).get(channel, channel))} "
                f"{amount} {escape(currency)}</title></rect>"
            )
        if index % label_every == 0:
            cx = left + (index + 0.5) * band_w
            parts.append(
                f'<text x="{_f(cx)}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11" fill="{AXIS}">'
                f"{escape(label_of(day)[0])}</text>"
                f'<text x="{_f(cx)}" y="{top + plot_h + 30}" text-anchor="middle" font-size="10" fill="{AXIS}">'
                f"{escape(label_of(day)[1])}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


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

    parts = [_open(width, height, f"Daily response curve of {channel}")]
    parts.append(_y_axis(y_ticks, left, top, plot_w, plot_h, f"revenue/day ({currency})"))
    for tick in x_ticks:
        parts.append(
            f'<line x1="{_f(sx(tick))}" y1="{top + plot_h}" x2="{_f(sx(tick))}" y2="{top + plot_h + 4}" '
            f'stroke="{AXIS}"/><text x="{_f(sx(tick))}" y="{top + plot_h + 17}" text-anchor="middle" '
            f'font-size="11" fill="{AXIS}">{short_number(tick)}</text>'
        )
    parts.append(
        f'<text x="{left + plot_w / 2}" y="{height - 6}" text-anchor="middle" font-size="11" fill="{AXIS}">'
        f"spend/day ({escape(currency)})</text>"
    )
    even = min(x_max, y_max)  # break-even: revenue = spend
    parts.append(
        f'<line class="breakeven" x1="{_f(sx(0))}" y1="{_f(sy(0))}" x2="{_f(sx(even))}" y2="{_f(sy(even))}" '
        f'stroke="#9ca3af" stroke-dasharray="4 4"><title>paid ROAS = 1 (revenue equals spend)</title></line>'
    )
    path = " ".join(f"{'M' if i == 0 else 'L'}{_f(sx(x))},{_f(sy(y))}" for i, (x, y) in enumerate(points))
    parts.append(f'<path class="curve" d="{path}" fill="none" stroke="{line_color}" stroke-width="2.5"/>')
    for point in operating:
        roas = "n/a" if point.curve_marginal_roas is None else f"{point.curve_marginal_roas:.2f}"
        marginal = "" if point.curve_marginal_roas is None else f"{point.curve_marginal_roas:.4f}"
        parts.append(
            f'<circle class="operating" cx="{_f(sx(point.spend))}" cy="{_f(sy(point.revenue))}" '
            f'r="{_f(4 + min(point.days, 30) / 6)}" fill="{line_color}" fill-opacity="0.35" stroke="{line_color}" '
            f'stroke-width="1.5" data-spend="{point.spend:.2f}" data-revenue="{point.revenue:.2f}" '
            f'data-days="{point.days}" data-marginal-roas="{marginal}">'
            f"<title>{point.spend:.2f} {escape(currency)}/day on {point.days} day(s): "
            f"{point.revenue:.2f} {escape(currency)}/day, marginal ROAS {roas}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


def heatmap(grid: Sequence[Sequence[int]], *, channel: str, fill: str, width: int = 560) -> str:
    """Posts by weekday (rows) and local hour (columns); each cell carries data-weekday/hour/count."""
    left, top, right, bottom = 40, 20, 6, 6
    cell_w = (width - left - right) / 24
    cell_h = 20.0
    height = int(top + 7 * cell_h + bottom)
    peak = max((value for row in grid for value in row), default=0)
    parts = [_open(width, height, f"Posts of {channel} by weekday and hour")]
    for hour in range(0, 24, 3):
        parts.append(
            f'<text x="{_f(left + (hour + 0.5) * cell_w)}" y="{top - 6}" text-anchor="middle" font-size="10" '
            f'fill="{AXIS}">{hour:02d}h</text>'
        )
    for weekday, row in enumerate(grid):
        y = top + weekday * cell_h
        parts.append(
            f'<text x="{left - 6}" y="{_f(y + cell_h / 2 + 4)}" text-anchor="end" font-size="11" '
            f'fill="{AXIS}">{WEEKDAY_LABELS[weekday]}</text>'
        )
        for hour, count in enumerate(row):
            x = left + hour * cell_w
            opacity = 0.0 if peak == 0 else 0.15 + 0.85 * count / peak
            colour = fill if count else "#f3f4f6"
            parts.append(
                f'<rect class="cell" x="{_f(x + 1)}" y="{_f(y + 1)}" width="{_f(cell_w - 2)}" '
                f'height="{_f(cell_h - 2)}" rx="2" fill="{colour}" fill-opacity="{_f(opacity if count else 1)}" '
                f'data-weekday="{weekday}" data-hour="{hour}" data-count="{count}">'
                f"<title>{WEEKDAY_LABELS[weekday]} {hour:02d}:00: {count} post(s)</title></rect>"
            )
            if count:
                text_fill = "#ffffff" if _blend_luminance(fill, opacity) < 0.5 else "#111827"
                parts.append(
                    f'<text x="{_f(x + cell_w / 2)}" y="{_f(y + cell_h / 2 + 4)}" text-anchor="middle" '
                    f'font-size="10" fill="{text_fill}" pointer-events="none">{count}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)


def _blend_luminance(hex_color: str, opacity: float) -> float:
    """Relative luminance (0 dark … 1 light) of a color drawn with `opacity` over white."""
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    blended = [opacity * c + (1 - opacity) for c in channels]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in blended]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _open(width: int, height: int, label: str) -> str:
    return (
        f'<svg viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(label)}" font-family="system-ui, sans-serif">'
    )


def _y_axis(ticks: Sequence[float], left: int, top: int, plot_w: int, plot_h: int, label: str) -> str:
    y_max = ticks[-1]
    parts = []
    for tick in ticks:
        y = top + plot_h - tick / y_max * plot_h
        parts.append(
            f'<line x1="{left}" y1="{_f(y)}" x2="{left + plot_w}" y2="{_f(y)}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{_f(y + 4)}" text-anchor="end" font-size="11" fill="{AXIS}">'
            f"{short_number(tick)}</text>"
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{AXIS}"/>'
        f'<text transform="translate(14 {top + plot_h / 2}) rotate(-90)" text-anchor="middle" font-size="11" '
        f'fill="{AXIS}">{escape(label)}</text>'
    )
    return "".join(parts)
