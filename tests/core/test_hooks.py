"""The hook contracts as the plugin host calls them: first-result hooks, exporters, names in errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from mixplan import hookimpl
from mixplan.errors import PluginError
from mixplan.exporters import Exporter
from mixplan.model.live import AudienceSnapshot, LiveLimits
from support.testnet import engine_with_testnet

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


class OtherPlatformLive:
    """Answers only for a platform that is not testnet, so it must pass (return None)."""

    @hookimpl
    def mixplan_fetch_audience(self, channel: Any) -> AudienceSnapshot | None:
        return None if channel.platform != "elsewhere" else AudienceSnapshot.model_validate({})

    @hookimpl
    def mixplan_fetch_limits(self, channel: Any) -> LiveLimits | None:
        return None


class TestnetLive:
    """Answers for testnet channels."""

    __test__ = False
    calls = 0

    @hookimpl
    def mixplan_fetch_audience(self, channel: Any, timezone: str, credentials: Any) -> AudienceSnapshot | None:
        TestnetLive.calls += 1
        assert credentials["access_token"].reveal() == "t0ken"
        return AudienceSnapshot(
            channel_id=channel.id,
            platform="testnet",
            fetched_at=NOW,
            source=f"testnet:activity ({timezone})",
            activity=[[float(hour) for hour in range(24)] for _ in range(7)],
            size=1234,
        )

    @hookimpl
    def mixplan_fetch_limits(self, channel: Any, client: httpx.Client) -> LiveLimits | None:
        assert isinstance(client, httpx.Client)
        return LiveLimits(
            channel_id=channel.id, platform="testnet", fetched_at=NOW, source="testnet:quota", publish_quota=7
        )


def _call(engine: Any, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
    from mixplan.credentials import Secret
    from mixplan.model import Channel

    channel = Channel(id="a", platform="testnet")
    spec = engine.platforms["testnet"].spec
    with httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(500))) as client:
        arguments = {
            "channel": channel,
            "platform": spec,
            "client": client,
            "credentials": {"access_token": Secret("t0ken")},
        }
        if hook == "mixplan_fetch_audience":
            arguments["timezone"] = "Europe/Berlin"
        return engine.host.call(hook, **arguments, **kwargs)


def test_fetch_audience_is_first_result_and_skips_plugins_that_pass() -> None:
    engine = engine_with_testnet(live=TestnetLive(), other=OtherPlatformLive())
    results = _call(engine, "mixplan_fetch_audience")
    assert [plugin for plugin, _ in results] == ["live"]
    snapshot = results[0][1]
    assert snapshot.size == 1234 and snapshot.source == "testnet:activity (Europe/Berlin)"


def test_fetch_limits_is_first_result() -> None:
    engine = engine_with_testnet(live=TestnetLive(), other=OtherPlatformLive())
    ((plugin, limits),) = _call(engine, "mixplan_fetch_limits")
    assert plugin == "live" and limits.publish_quota == 7


def test_a_first_result_hook_stops_at_the_newest_plugin_that_answers() -> None:
    """``firstresult`` comes from the hook's spec: a plugin after the first answer is never called."""
    TestnetLive.calls = 0
    engine = engine_with_testnet(older=TestnetLive(), newer=TestnetLive())
    results = _call(engine, "mixplan_fetch_audience")
    assert [plugin for plugin, _ in results] == ["newer"]
    assert TestnetLive.calls == 1


def test_no_plugin_answering_gives_no_result() -> None:
    engine = engine_with_testnet(other=OtherPlatformLive())
    assert _call(engine, "mixplan_fetch_audience") == []


class DuplicateJsonExporter:
    @hookimpl
    def mixplan_register_exporters(self, register: Any) -> None:
        register(
            Exporter(
                name="json",
                description="again",
                suffix=".json",
                media_type="application/json",
                render=lambda plan: b"{}",
            )
        )


class YamlExporter:
    @hookimpl
    def mixplan_register_exporters(self, register: Any) -> None:
        register(
            Exporter(
                name="yaml",
                description="YAML",
                suffix=".yaml",
                media_type="application/yaml",
                render=lambda plan: b"plan: {}\n",
            )
        )


def test_register_exporters_adds_formats_beside_the_built_ins() -> None:
    engine = engine_with_testnet(yaml=YamlExporter())
    assert {"json", "csv", "ics", "yaml"} <= set(engine.exporters)
    exporter, plugin = engine.exporters["yaml"]
    assert plugin.name == "yaml" and not plugin.builtin and exporter.suffix == ".yaml"
    assert engine.exporters["json"][1].builtin


def test_an_exporter_name_registered_twice_names_both_plugins() -> None:
    with pytest.raises(PluginError) as caught:
        engine_with_testnet(dup=DuplicateJsonExporter())
    message = str(caught.value)
    assert "'dup'" in message and "export.builtin" in message


class Broken:
    @hookimpl
    def mixplan_extra_constraints(self, scenario: Any) -> None:
        raise RuntimeError("boom")


def test_calls_go_through_pluggy_so_direct_hook_calls_are_guarded_and_traced(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The guard sits on each implementation pluggy calls; tracing is pluggy's hook-call monitoring."""
    from mixplan.plugin_host import PluginHost
    from support.testnet import TestnetPlugin

    host = PluginHost(
        load_entry_points=False,
        extra_plugins={"testnet": TestnetPlugin(), "broken": Broken()},
        environ={"MIXPLAN_LOAD_PLUGINS": "", "MIXPLAN_TRACE_PLUGINS": "1"},
    )
    with pytest.raises(PluginError, match="plugin 'broken': raised in mixplan_extra_constraints: RuntimeError: boom"):
        host.manager.hook.mixplan_extra_constraints(scenario=None)
    err = capsys.readouterr().err
    assert "mixplan: hook mixplan_extra_constraints -> broken" in err
    assert "mixplan: hook mixplan_extra_constraints <- raised PluginError" in err
