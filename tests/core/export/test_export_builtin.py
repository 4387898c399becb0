"""The built-in exporters are registered through the exporter hook, like a plugin's, and JSON round-trips."""

from __future__ import annotations

import json

from mixplan.exporters import Exporter
from mixplan.model import Plan, Scenario
from mixplan.plugin_host import PluginHost


def test_builtin_formats_are_registered_by_the_core_plugin() -> None:
    host = PluginHost(load_entry_points=False, environ={"MIXPLAN_LOAD_PLUGINS": ""})
    names = {"json", "csv", "csv-posts", "csv-spend", "csv-boosts", "ics"}
    assert names <= set(host.exporters)
    for name in names:
        _, plugin = host.exporters[name]
        assert plugin.name == "mixplan.export.builtin"
        assert plugin.builtin


def test_json_round_trips_into_the_plan_model(plan: Plan) -> None:
    host = PluginHost(load_entry_points=False, environ={"MIXPLAN_LOAD_PLUGINS": ""})
    exporter, _ = host.exporters["json"]
    data = exporter.export(plan)
    assert Plan.model_validate_json(data) == plan
    assert json.loads(data)["spend"][1]["amount"] == "25.50"


def test_export_uses_the_scenario_when_the_format_can(plan: Plan, scenario: Scenario) -> None:
    host = PluginHost(load_entry_points=False, environ={"MIXPLAN_LOAD_PLUGINS": ""})
    exporter, _ = host.exporters["csv-posts"]
    assert "Café-Tasse" in exporter.export(plan, scenario).decode("utf-8-sig")
    assert "Café-Tasse" not in exporter.export(plan).decode("utf-8-sig")


def test_text_and_binary_formats() -> None:
    host = PluginHost(load_entry_points=False, environ={"MIXPLAN_LOAD_PLUGINS": ""})
    kinds = {name: host.exporters[name][0].is_text for name in ("json", "csv", "csv-posts", "ics")}
    assert kinds == {"json": True, "csv": False, "csv-posts": True, "ics": True}


def test_exporter_without_scenario_variant_renders_plan_alone(plan: Plan, scenario: Scenario) -> None:
    exporter = Exporter(
        "ids", "content ids", "txt", "text/plain", lambda p: " ".join(x.content_id for x in p.posts).encode()
    )
    assert exporter.export(plan, scenario) == exporter.export(plan)
