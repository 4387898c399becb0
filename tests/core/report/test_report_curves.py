"""The report draws each paid channel's curve as the engine resolves it (scenario override or platform default)."""

from __future__ import annotations

from pathlib import Path

from mixplan import Engine, load_scenario
from mixplan.metrics import curve_revenue
from mixplan.model import Plan, Scenario
from mixplan.report.curves import curve_views, scenario_curves

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "shop" / "scenario.yaml"


def test_curves_of_the_example_follow_the_scenario_and_skip_unpaid_channels() -> None:
    scenario = load_scenario(EXAMPLE)
    engine = Engine(load_entry_points=False)
    curves = scenario_curves(scenario, engine.platforms)
    assert list(curves) == ["ig_shop", "fb_page", "tiktok_shop", "google_search"]  # no pinterest (ads off), no email
    assert curves["ig_shop"] == scenario.channel("ig_shop").ads.curve


def test_platform_default_curve_when_the_channel_sets_none(scenario: Scenario) -> None:
    engine = Engine(load_entry_points=False)
    curves = scenario_curves(scenario, engine.platforms)
    assert curves["ig"] == engine.platforms["instagram"].spec.default_curve
    assert "mail" not in curves


def test_curve_samples_span_the_operating_points(plan: Plan, scenario: Scenario) -> None:
    engine = Engine(load_entry_points=False)
    curves = scenario_curves(scenario, engine.platforms)
    (view,) = [v for v in curve_views(plan, curves) if v.channel_id == "ig"]
    largest = max(float(a.amount) for a in plan.spend if a.channel_id == "ig")
    assert view.points[0] == (0.0, 0.0) and view.points[-1][0] >= largest
    for x, y in view.points[:: len(view.points) // 10]:
        assert y == curve_revenue(curves["ig"], x)
