"""The report's "Plan against actual" section, opened in a real browser (Debian's chromium through
Playwright) and through ``mixplan report --json``: its bars and rows carry the figures of
``track_figures``, it fits a desktop and a phone width, and without actuals it says so."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import mixplan
import pytest
from click.testing import CliRunner
from mixplan.actuals.tracking import TrackFigures, track_figures
from mixplan.cli.main import cli
from mixplan.model import Plan
from mixplan.model.actuals import PostActual
from mixplan.model.history import HistoryRow
from mixplan.report import render_report
from mixplan.report.tracking import tracking_section
from mixplan.storage import Store
from playwright.sync_api import sync_playwright
from support.plans import make_scenario

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "build" / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
AS_OF = date(2026, 11, 29)


@pytest.fixture(scope="module")
def planned() -> tuple[mixplan.Scenario, Plan]:
    scenario = make_scenario()
    return scenario, mixplan.plan(scenario, options=mixplan.PlanOptions(time_limit_s=3))


def actuals(plan: Plan) -> tuple[list[PostActual], list[HistoryRow]]:
    """Spend delivered at 90 % of the plan before AS_OF, revenue at 80 %; the first post published, short."""
    days = [
        HistoryRow(
            day=row.day,
            channel_id=row.channel_id,
            spend=(row.amount * Decimal("0.9")).quantize(Decimal("0.01")),
            revenue=(row.expected_revenue * Decimal("0.8")).quantize(Decimal("0.01")),
        )
        for row in plan.spend
        if row.day < AS_OF
    ]
    first = min(plan.posts, key=lambda p: p.start)
    posts = [
        PostActual(
            content_id=first.content_id,
            channel_id=first.channel_id,
            published_at=first.start,
            impressions=int(first.expected_impressions / 2),
            engagements=1,
            clicks=1,
            orders=0,
            revenue=Decimal("0.00"),
        )
    ]
    return posts, days


def write_report(tmp_path: Path, scenario: mixplan.Scenario, plan: Plan, figures: TrackFigures) -> Path:
    document = render_report(plan, scenario, {}, run_id=1, today=AS_OF, extra_sections=[tracking_section(figures)])
    path = tmp_path / "report.html"
    path.write_text(document, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: bash .ci/install-chromium.sh installs it")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


@pytest.mark.slow
@pytest.mark.parametrize("width", [1400, 420])
def test_the_section_draws_the_track_figures(
    browser: object, planned: tuple[mixplan.Scenario, Plan], tmp_path: Path, width: int
) -> None:
    scenario, plan = planned
    posts, days = actuals(plan)
    figures = track_figures(plan, scenario.budget.total, AS_OF, posts, days)
    assert figures.has_actuals and figures.short_posts
    path = write_report(tmp_path, scenario, plan, figures)
    context = browser.new_context(viewport={"width": width, "height": 900}, offline=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(path.as_uri())
    section = page.locator("#tracking")
    assert section.is_visible()
    bars = page.evaluate(
        """() => [...document.querySelectorAll('#tracking rect.track-bar')].map(b =>
             [b.dataset.channel, b.dataset.kpi, b.dataset.kind, b.dataset.value, b.getBoundingClientRect().width])"""
    )
    expected = {
        (row.channel_id, row.kpi, kind): value
        for row in figures.figures
        if row.kpi in ("spend", "revenue")
        for kind, value in (("planned", row.planned_to_date), ("actual", row.actual_to_date))
    }
    assert {(c, k, kind): Decimal(v) for c, k, kind, v, _ in bars} == expected
    widest = max(w for *_, w in bars)
    assert widest > 0
    # the bars are drawn to scale: actual spend to date is 90 % of planned for all channels
    drawn = {(c, k, kind): w for c, k, kind, _, w in bars}
    ratio = drawn[("all", "spend", "actual")] / drawn[("all", "spend", "planned")]
    assert ratio == pytest.approx(
        float(expected[("all", "spend", "actual")] / expected[("all", "spend", "planned")]), abs=0.01
    )
    pacing = page.locator("#tracking-pacing").get_attribute("data-pacing")
    assert pacing is not None and float(pacing) == pytest.approx(figures.pacing)
    rows = page.evaluate(
        "() => [...document.querySelectorAll('#tracking tr.track')].map(r => [r.dataset.channel, r.dataset.kpi,"
        " r.dataset.projected])"
    )
    assert len(rows) == len(figures.figures)
    assert page.locator("#tracking .short-post").count() == len(figures.short_posts)
    size = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert size[0] <= size[1], size
    box = section.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width + 0.5
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(ARTIFACTS / f"report-{width}-tracking.png"))
    context.close()


def test_without_actuals_the_section_says_so(planned: tuple[mixplan.Scenario, Plan], tmp_path: Path) -> None:
    scenario, plan = planned
    figures = track_figures(plan, scenario.budget.total, AS_OF)
    html = write_report(tmp_path, scenario, plan, figures).read_text(encoding="utf-8")
    assert 'id="tracking-no-actuals"' in html
    assert 'data-kind="actual" data-value="0"' in html


def test_report_json_gives_the_track_figures(
    store: Store, planned: tuple[mixplan.Scenario, Plan], tmp_path: Path, database_url: str
) -> None:
    scenario, plan = planned
    run_id = store.save_run(scenario, plan)
    posts, days = actuals(plan)
    store.upsert_actuals(posts, days)
    target = tmp_path / "r.html"
    args = ["report", str(run_id), "-o", str(target), "--as-of", AS_OF.isoformat(), "--json"]
    result = CliRunner().invoke(cli, args, env={"MIXPLAN_DB": database_url}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    figures = track_figures(plan, scenario.budget.total, AS_OF, store.post_actuals(), store.history())
    assert document["track"]["pacing"] == pytest.approx(figures.pacing)
    assert document["track"]["has_actuals"] is True
    assert 'id="tracking"' in target.read_text(encoding="utf-8")
    assert date.fromisoformat(document["track"]["as_of"]) == AS_OF
