"""The report of the bundled example, opened in a real browser (Debian's chromium through Playwright).

At a desktop width (1400 px) and a phone width (420 px): every scheduled post is on its date, no
element runs past the page's width, and "this week" lists exactly the plan's posts and budgets of
that week. Screenshots go to build/test-artifacts/ (and, with MIXPLAN_UPDATE_DOC_IMAGES=1, the
section shots to docs/images/).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import mixplan
import pytest
from mixplan.model import Plan, Scenario
from mixplan.model.history import HistoryRow
from mixplan.report import render_report, scenario_curves
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "build" / "test-artifacts"
DOC_IMAGES = ROOT / "docs" / "images"
TODAY = date(2026, 11, 24)  # a Tuesday inside the example's horizon: "this week" is 23–29 November
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class ExampleReport:
    """The bundled example planned, and its report written to a file."""

    scenario: Scenario
    plan: Plan
    path: Path


def _history(scenario: Scenario) -> list[HistoryRow]:
    """Four weeks before the plan of a brand that spent evenly on its paid channels (a fixed pattern)."""
    daily = {"ig_shop": ("60.00", "210.00"), "fb_page": ("50.00", "140.00"), "google_search": ("40.00", "190.00")}
    start = scenario.horizon.start - timedelta(days=28)
    return [
        HistoryRow(day=start + timedelta(days=i), channel_id=channel, spend=Decimal(spend), revenue=Decimal(revenue))
        for i in range(28)
        for channel, (spend, revenue) in daily.items()
    ]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> ExampleReport:
    """examples/shop planned for real (OR-Tools) and rendered with a fixed 'today'."""
    engine = mixplan.Engine()
    scenario = mixplan.load_scenario(ROOT / "examples" / "shop" / "scenario.yaml")
    plan = mixplan.plan(scenario, engine=engine, time_limit_s=10, seed=0)
    curves = scenario_curves(scenario, engine.platforms)
    names = {pid: platform.spec.name for pid, platform in engine.platforms.items()}
    document = render_report(
        plan, scenario, curves, run_id=1, history=_history(scenario), platform_names=names, today=TODAY
    )
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(document, encoding="utf-8")
    return ExampleReport(scenario, plan, path)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless chromium, with no network access beyond the file it opens."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: bash .ci/install-chromium.sh installs it (scripts/test does)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _open(browser: object, example: ExampleReport, width: int) -> object:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": 900}, java_script_enabled=True, offline=True
    )
    page = context.new_page()
    page.goto(example.path.as_uri())
    return page


def _screenshots(page: object, width: int) -> list[Path]:
    """The whole page, and the calendar and 'this week' sections on their own (those go in the docs)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    whole = ARTIFACTS / f"report-{width}.png"
    page.screenshot(path=str(whole), full_page=True)  # type: ignore[attr-defined]
    parts = []
    for section in ("calendar", "this-week"):
        target = ARTIFACTS / f"report-{width}-{section}.png"
        page.locator(f"#{section}").screenshot(path=str(target))  # type: ignore[attr-defined]
        parts.append(target)
    if os.environ.get("MIXPLAN_UPDATE_DOC_IMAGES") == "1":
        DOC_IMAGES.mkdir(parents=True, exist_ok=True)
        for target in parts:
            shutil.copyfile(target, DOC_IMAGES / target.name)
    return [whole, *parts]


OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > width + 0.5 || box.left < -0.5) {
      out.push(`${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className} `
               + `${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
          clientWidth: width, offenders: out.slice(0, 20)};
}
"""


@pytest.mark.slow
@pytest.mark.parametrize("width", [1400, 420])
def test_no_element_runs_past_the_page_width(browser: object, example: ExampleReport, width: int) -> None:
    page = _open(browser, example, width)
    assert all(path.stat().st_size > 10_000 for path in _screenshots(page, width))
    measured = page.evaluate(OVERFLOW_JS)  # type: ignore[attr-defined]
    assert measured["scrollWidth"] <= measured["innerWidth"], measured
    assert measured["offenders"] == [], measured
    # the check itself sees an element that is too wide
    page.evaluate(  # type: ignore[attr-defined]
        "() => { const d = document.createElement('div'); d.style.width = (innerWidth + 80) + 'px';"
        " d.textContent = 'wide'; document.querySelector('#summary').appendChild(d); }"
    )
    widened = page.evaluate(OVERFLOW_JS)  # type: ignore[attr-defined]
    assert widened["scrollWidth"] > widened["innerWidth"] and widened["offenders"]


@pytest.mark.slow
@pytest.mark.parametrize("width", [1400, 420])
def test_every_post_is_on_its_date(browser: object, example: ExampleReport, width: int) -> None:
    page = _open(browser, example, width)
    zone = ZoneInfo(example.plan.timezone)
    expected = sorted(
        (p.start.astimezone(zone).date().isoformat(), p.channel_id, p.content_id, p.start.astimezone(zone).isoformat())
        for p in example.plan.posts
    )
    assert len(expected) > 50, "the example plans a real calendar"
    for where in ("#weeks .week-day", "#calendar .day[data-in-month]"):
        drawn = page.evaluate(  # type: ignore[attr-defined]
            """(selector) => [...document.querySelectorAll(selector)].flatMap(day =>
                 [...day.querySelectorAll('.post')].map(p => [day.dataset.day, p.dataset.channel,
                   p.dataset.content, p.dataset.start, p.getBoundingClientRect().width > 0]))""",
            where,
        )
        assert sorted(tuple(row[:4]) for row in drawn) == expected, where
        assert all(row[4] for row in drawn), f"every post of {where} is rendered (not hidden)"
    # the week list shows the details a marketer needs on each card, at both widths
    items = {item.id: item for item in example.scenario.content}
    first = example.plan.posts[0]
    card = page.locator(  # type: ignore[attr-defined]
        f'#weeks .post[data-content="{first.content_id}"][data-start="{first.start.astimezone(zone).isoformat()}"]'
    ).first
    assert card.is_visible()
    text = card.inner_text()
    assert items[first.content_id].title in text and first.format in text
    assert (
        first.start.astimezone(zone).strftime("%-I:%M") in text
        or first.start.astimezone(zone).strftime("%H:%M") in text
    )
    if width == 420:  # the month grid is dots on a phone: still one per post, each visible
        dot = page.locator("#calendar .day .post").first  # type: ignore[attr-defined]
        assert dot.bounding_box()["width"] <= 12


@pytest.mark.slow
def test_this_week_matches_the_plan(browser: object, example: ExampleReport) -> None:
    page = _open(browser, example, 1400)
    zone = ZoneInfo(example.plan.timezone)
    week = [TODAY - timedelta(days=1) + timedelta(days=i) for i in range(7)]  # Monday 23 … Sunday 29 November
    posts = sorted(
        (p.content_id, p.channel_id, p.start.astimezone(zone).isoformat())
        for p in example.plan.posts
        if p.start.astimezone(zone).date() in week
    )
    listed = page.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('#this-week .asset')].flatMap(a =>
             [...a.querySelectorAll('.use')].map(u => [a.dataset.content, u.dataset.channel, u.dataset.start]))"""
    )
    assert sorted(tuple(row) for row in listed) == posts and posts
    rows = page.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('#this-week table.budget tbody tr')].map(r =>
             [r.dataset.day, [...r.querySelectorAll('td[data-channel]')].map(c => [c.dataset.channel, c.innerText])])"""
    )
    assert [row[0] for row in rows] == [day.isoformat() for day in week]
    planned = {(a.day.isoformat(), a.channel_id): a.amount for a in example.plan.spend if a.amount > 0}
    shown = {}
    for day, cells in rows:
        for channel, text in cells:
            if text != "–":
                # en locale: €1,234.50
                shown[(day, channel)] = Decimal(text.replace("€", "").replace(",", ""))
    assert shown == {key: value for key, value in planned.items() if date.fromisoformat(key[0]) in week}
    today_row = page.locator(f'#this-week tr[data-day="{TODAY.isoformat()}"]')  # type: ignore[attr-defined]
    assert "today" in today_row.inner_text()
    assert page.locator(f'#calendar .day.today[data-day="{TODAY.isoformat()}"]').count() == 1  # type: ignore[attr-defined]


@pytest.mark.slow
def test_readable_with_scripts_off_and_printable(browser: object, example: ExampleReport) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(example.path.as_uri())
    assert page.locator("#weeks .post").count() == len(example.plan.posts)
    assert page.locator("#this-week .asset").first.is_visible()
    page.emulate_media(media="print")
    assert page.locator("nav.toc").is_hidden(), "the print stylesheet applies"
    assert page.locator("#weeks .post").first.is_visible(), "cards print"
    context.close()


@pytest.mark.slow
def test_a_french_report_fits_a_phone_too(browser: object, example: ExampleReport, tmp_path: Path) -> None:
    french = example.scenario.model_copy(update={"locale": "fr_FR"})
    document = render_report(example.plan, french, {}, history=_history(example.scenario), today=TODAY)
    path = tmp_path / "rapport.html"
    path.write_text(document, encoding="utf-8")
    page = _open(browser, ExampleReport(french, example.plan, path), 420)
    measured = page.evaluate(OVERFLOW_JS)  # type: ignore[attr-defined]
    assert measured["scrollWidth"] <= measured["innerWidth"] and measured["offenders"] == [], measured
    summary = page.locator("#summary").inner_text()  # type: ignore[attr-defined]
    spend = f"{example.plan.totals.spend:,.2f}".replace(",", "\u202f").replace(".", ",") + "\xa0€"
    assert spend in summary, (spend, summary)
    assert "lun. 23 nov." in page.locator("#this-week").inner_text()  # type: ignore[attr-defined]
