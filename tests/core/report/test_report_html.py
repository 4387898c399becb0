"""The HTML report: its sections, no external resources, and chart numbers that match the plan."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from mixplan.model import Plan, Scenario
from mixplan.model.curves import HillCurve, ResponseCurve
from mixplan.report import SECTION_IDS, render_report
from support.html_markup import parse


def test_every_section_is_there_in_order(plan: Plan, scenario: Scenario, curves: dict[str, ResponseCurve]) -> None:
    page = parse(render_report(plan, scenario, curves, run_id=3))
    sections = [a["id"] for t, a in page.elements if t == "section"]
    assert sections == list(SECTION_IDS)
    text = " ".join(page.text)
    assert "Report shop" in text and "run 3" in text
    assert {"Spend by channel and day", "Response curves", "Posting calendar", "KPI targets", "Solve report"} <= {
        s.strip() for s in page.text
    }


def test_no_external_resources(plan: Plan, scenario: Scenario, curves: dict[str, ResponseCurve]) -> None:
    document = render_report(plan, scenario, curves)
    page = parse(document)
    tags = {tag for tag, _ in page.elements}
    assert not tags & {"script", "link", "iframe", "img", "object", "embed"}
    for _, attrs in page.elements:
        for name in ("src", "href", "xlink:href", "action"):
            assert not re.match(r"\s*(https?:|//)", attrs.get(name, "")), attrs
    assert "http://" not in document and "https://" not in document
    assert "@import" not in document and "url(" not in document


def test_spend_bars_carry_the_plan_amounts_and_scale_with_them(
    plan: Plan, scenario: Scenario, curves: dict[str, ResponseCurve]
) -> None:
    bars = parse(render_report(plan, scenario, curves)).having("rect", "spend")
    expected: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for allocation in plan.spend:
        expected[(allocation.day.isoformat(), allocation.channel_id)] += allocation.amount
    zone = ZoneInfo(plan.timezone)
    for boost in plan.boosts:
        expected[(boost.start.astimezone(zone).date().isoformat(), boost.channel_id)] += boost.amount
    drawn = {(b["data-day"], b["data-channel"]): Decimal(b["data-amount"]) for b in bars}
    assert drawn == {key: value for key, value in expected.items() if value > 0}
    assert sum(drawn.values()) == plan.totals.spend
    pixels_per_unit = {round(float(b["height"]) / float(b["data-amount"]), 2) for b in bars}
    assert max(pixels_per_unit) - min(pixels_per_unit) <= 0.02, "bar heights are proportional to amounts"


def test_heatmap_counts_posts_by_local_weekday_and_hour(
    plan: Plan, scenario: Scenario, curves: dict[str, ResponseCurve]
) -> None:
    page = parse(render_report(plan, scenario, curves))
    cells = page.having("rect", "cell")
    zone = ZoneInfo(plan.timezone)
    expected: Counter[tuple[str, int, int]] = Counter()
    for post in plan.posts:
        local = post.start.astimezone(zone)
        expected[(post.channel_id, local.weekday(), local.hour)] += 1
    blocks = [a["data-channel"] for t, a in page.elements if "heatmap-block" in a.get("class", "")]
    assert blocks == ["ig", "mail"]
    assert len(cells) == 2 * 7 * 24
    drawn: Counter[tuple[str, int, int]] = Counter()
    for index, cell in enumerate(cells):
        channel = blocks[index // (7 * 24)]
        count = int(cell["data-count"])
        if count:
            drawn[(channel, int(cell["data-weekday"]), int(cell["data-hour"]))] = count
    assert drawn == expected


def test_operating_points_sit_on_the_curve(plan: Plan, scenario: Scenario, curves: dict[str, ResponseCurve]) -> None:
    page = parse(render_report(plan, scenario, curves))
    blocks = [a["data-channel"] for t, a in page.elements if "curve-block" in a.get("class", "")]
    assert blocks == ["ig", "fb"]
    points = page.having("circle", "operating")
    ig_curve = curves["ig"]
    assert isinstance(ig_curve, HillCurve)
    ig_amounts = sorted({a.amount for a in plan.spend if a.channel_id == "ig"})
    fb_amounts = sorted({a.amount for a in plan.spend if a.channel_id == "fb"})
    assert [Decimal(p["data-spend"]) for p in points] == ig_amounts + fb_amounts
    for point in points[: len(ig_amounts)]:
        spend = float(point["data-spend"])
        m, k, n = float(ig_curve.max_revenue), float(ig_curve.half_saturation), ig_curve.shape
        assert float(point["data-revenue"]) == pytest.approx(m * spend**n / (spend**n + k**n), abs=0.006)
        slope = m * n * k**n * spend ** (n - 1) / (spend**n + k**n) ** 2
        assert float(point["data-marginal-roas"]) == pytest.approx(slope, abs=2e-3)
        days = sum(1 for a in plan.spend if a.channel_id == "ig" and float(a.amount) == spend)
        assert int(point["data-days"]) == days
    # piecewise fb curve: (20, 30) → (80, 180): 40/day earns 30 + 20/60·150 = 80
    fb_revenue = {Decimal(p["data-spend"]): float(p["data-revenue"]) for p in points[len(ig_amounts) :]}
    assert fb_revenue[Decimal("40.00")] == pytest.approx(80.0)
    assert fb_revenue[Decimal("80.00")] == pytest.approx(180.0)


def test_kpis_compare_the_plan_with_the_targets(
    plan: Plan, scenario: Scenario, curves: dict[str, ResponseCurve]
) -> None:
    rows = parse(render_report(plan, scenario, curves)).having("tr", "kpi")
    assert [r["data-metric"] for r in rows] == ["revenue", "roas", "spend", "posts"]
    assert float(rows[0]["data-planned"]) == pytest.approx(float(plan.totals.revenue))
    assert float(rows[1]["data-planned"]) == pytest.approx(plan.totals.roas)
    assert float(rows[2]["data-planned"]) == pytest.approx(float(plan.totals.spend))
    assert float(rows[3]["data-planned"]) == sum(1 for p in plan.posts if p.channel_id == "ig")


def test_text_from_the_scenario_is_escaped(plan: Plan, scenario: Scenario, curves: dict[str, ResponseCurve]) -> None:
    hostile = plan.model_copy(update={"scenario_name": "<script>alert(1)</script> & Co"})
    document = render_report(hostile, scenario, curves)
    assert "<script>" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in document


def test_an_empty_plan_still_has_every_section(plan: Plan, scenario: Scenario) -> None:
    empty = plan.model_copy(update={"posts": [], "spend": [], "boosts": []})
    page = parse(render_report(empty, scenario, {}))
    assert [a["id"] for t, a in page.elements if t == "section"] == list(SECTION_IDS)
    assert page.having("rect", "spend") == [] and page.having("rect", "cell") == []
    text = " ".join(page.text)
    assert "spends nothing" in text and "no organic posts" in text
