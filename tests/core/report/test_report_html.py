"""The HTML report: its sections, no external resources, and chart numbers that match the plan."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date
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


def _text(document: str) -> str:
    """The page's text with non-breaking and narrow spaces as plain spaces."""
    return " ".join(parse(document).text).replace("\u202f", " ").replace("\xa0", " ")


def test_money_and_dates_follow_the_scenario_locale(
    plan: Plan, scenario: Scenario, curves: dict[str, ResponseCurve]
) -> None:
    french = scenario.model_copy(update={"locale": "fr_FR"})
    rich = plan.model_copy(
        update={"totals": plan.totals.model_copy(update={"spend": Decimal("2000.00")}), "posts": plan.posts}
    )
    text = _text(render_report(rich, french, curves, today=date(2025, 11, 12)))
    assert "2 000,00 €" in text
    assert "mer. 12 nov." in text, "dates in French"
    english = _text(render_report(rich, scenario, curves, today=date(2025, 11, 12)))
    assert "€2,000.00" in english and "Wed, Nov 12" in english


def test_an_unknown_locale_names_the_field(scenario: Scenario) -> None:
    from pydantic import ValidationError

    document = scenario.model_dump(mode="json") | {"locale": "xx_YY"}
    with pytest.raises(ValidationError, match="locale") as caught:
        Scenario.model_validate(document)
    assert "not a known locale" in str(caught.value)


def test_channels_are_named_not_shown_by_id(plan: Plan, scenario: Scenario, curves: dict[str, ResponseCurve]) -> None:
    named = scenario.model_copy(
        update={"channels": [scenario.channels[0].model_copy(update={"name": "Insta shop"}), *scenario.channels[1:]]}
    )
    text = _text(render_report(plan, named, curves, platform_names={"facebook": "Facebook", "email": "E-mail"}))
    assert "Insta shop" in text and "Facebook" in text and "E-mail" in text
    visible = [s.strip() for s in parse(render_report(plan, named, curves)).text]
    assert "ig" not in visible and "mail" not in visible


def test_roas_is_always_labelled_paid_or_blended(
    plan: Plan, scenario: Scenario, curves: dict[str, ResponseCurve]
) -> None:
    text = _text(render_report(plan, scenario, curves))
    assert "Paid ROAS" in text and "Blended ROAS" in text
    bare = re.findall(r"(?<!Paid )(?<!Blended )(?<!paid )(?<!blended )(?<!Marginal )(?<!marginal )\bROAS\b", text)
    assert bare == [], "every ROAS says which one it is"
    blended = float(plan.totals.revenue / plan.totals.spend)
    assert f"{blended:.2f}" in text


def test_solver_settings_are_in_words_not_a_raw_dump(plan: Plan, scenario: Scenario) -> None:
    raw = plan.report.model_copy(
        update={
            "parameters": {
                "time_limit_s": 30.0,
                "relative_gap": 0.0001,
                "workers": 2,
                "deterministic": True,
                "spend_stats": {"lp_bound": 7303617.89, "options": 77968},
            }
        }
    )
    text = _text(render_report(plan.model_copy(update={"report": raw}), scenario, {}))
    assert "Time limit 30 s of solver work" in text and "Solver threads 2" in text
    assert "0.01% of the best possible plan" in text
    assert "lp_bound" not in text and "7303617" not in text and "spend_stats" not in text


def test_allocation_compares_history_shares_with_the_plan(
    plan: Plan, scenario: Scenario, curves: dict[str, ResponseCurve]
) -> None:
    from datetime import timedelta

    from mixplan.model.history import HistoryRow

    history = [
        HistoryRow(day=scenario.horizon.start - timedelta(days=d), channel_id=c, spend=Decimal(s), revenue=Decimal(r))
        for d in range(1, 61)
        for c, s, r in (("ig", "30.00", "90.00"), ("fb", "10.00", "10.00"))
    ]
    shares = {
        a["data-channel"]: (float(a["data-history-spend-share"]), float(a["data-planned-spend-share"]))
        for t, a in parse(render_report(plan, scenario, curves, history=history)).elements
        if t == "tr" and "data-history-spend-share" in a
    }
    assert shares["ig"][0] == pytest.approx(0.75) and shares["fb"][0] == pytest.approx(0.25)
    ig_plan = sum(a.amount for a in plan.spend if a.channel_id == "ig") + sum(b.amount for b in plan.boosts)
    assert shares["ig"][1] == pytest.approx(float(ig_plan / plan.totals.spend))
    text = _text(render_report(plan, scenario, curves, history=history))
    assert "28 days" in text, "the most recent stretch as long as the plan"
    assert "75.0%" in text and "90.0%" in text, "share of spend and share of revenue"
    assert "No spend history" in _text(render_report(plan, scenario, curves))


@pytest.mark.parametrize(
    ("today", "first", "reason"),
    [
        (date(2025, 10, 1), date(2025, 11, 3), "not started"),
        (date(2025, 11, 20), date(2025, 11, 17), "week of today"),
        (date(2026, 3, 1), date(2025, 11, 24), "is over"),
    ],
)
def test_this_week_is_the_week_to_act_on(plan: Plan, scenario: Scenario, today: date, first: date, reason: str) -> None:
    page = parse(render_report(plan, scenario, {}, today=today))
    days = [a["data-day"] for t, a in page.elements if t == "tr" and "data-day" in a]
    assert days[0] == first.isoformat() and len(days) == 7
    assert reason in _text(render_report(plan, scenario, {}, today=today)).lower()
