"""A token put in the environment never appears in any file a run writes or any output it prints.

Every live path runs — success and each error path — with the database, exports, a log file and
the error messages all written under tmp_path, hook tracing on and logging at DEBUG. The fake
platform even echoes the token back in its error bodies and paging links. Then every file under
tmp_path, the captured stdout/stderr and every log record are searched for the token.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import yaml
from click.testing import CliRunner
from mixplan.cli.data_commands import register
from mixplan.errors import MixplanError
from mixplan.live import RetryPolicy, fetch_limits, make_client, sync_audience, sync_live
from mixplan.plugin_host import PluginHost
from mixplan.storage import Store
from support.live_shapes import (
    IG_USER,
    TOKEN,
    TOKEN_ENV,
    Router,
    client_for,
    graph_error,
    live_scenario,
    minimum_budgets,
    online_followers,
    publishing_limit,
    tiktok_business,
)


def _echo_token(status: int, code: int) -> Callable[[httpx.Request], httpx.Response]:
    """A platform that repeats the credentials it was sent inside its error message."""

    def answer(request: httpx.Request) -> httpx.Response:
        sent = request.headers.get("Authorization", "") + " " + request.headers.get("Access-Token", "")
        return httpx.Response(status, json=graph_error(code, f"Invalid OAuth access token: {sent} at {request.url}"))

    return answer


def _tiktok_echo(request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        200,
        json=tiktok_business(None, code=40105, message=f"Access token {request.headers['Access-Token']} is invalid"),
    )


NEXT = f"https://graph.facebook.com/v25.0/{IG_USER}/insights?after=X&access_token={TOKEN}"
PAGE_1 = online_followers([("2025-06-09T07:00:00+0000", {"5": 50})], next_url=NEXT)
PAGE_2 = online_followers([("2025-06-10T07:00:00+0000", {"6": 60})])
TIKTOK_OK = tiktok_business([{"date": "2025-06-02", "audience_activity": [{"hour": "9", "count": 9}]}])

CASES: list[tuple[str, str, dict[str, list[object]]]] = [
    (
        "audience",
        "ig",
        {
            "/insights": [httpx.Response(200, json=PAGE_1), httpx.Response(200, json=PAGE_2)],
            f"/{IG_USER}": [httpx.Response(200, json={"followers_count": 10})],
        },
    ),
    ("limits", "ig", {"/content_publishing_limit": [httpx.Response(200, json=publishing_limit(1, 50))]}),
    ("limits", "fb", {"/minimum_budgets": [httpx.Response(200, json=minimum_budgets("EUR", 500))]}),
    ("audience", "tt", {"/business/get/": [httpx.Response(200, json=TIKTOK_OK)]}),
    ("audience", "fb", {}),
    ("audience", "ig", {"/insights": [_echo_token(400, 190)]}),
    ("audience", "ig", {"/insights": [_echo_token(400, 4)]}),
    ("audience", "ig", {"/insights": [_echo_token(403, 10)]}),
    ("audience", "ig", {"/insights": [_echo_token(400, 100)]}),
    ("limits", "fb", {"/minimum_budgets": [_echo_token(401, 190)]}),
    ("audience", "tt", {"/business/get/": [_tiktok_echo]}),
    ("audience", "ig", {"/insights": [httpx.Response(429, headers={"Retry-After": "1"}, text=f"slow {TOKEN}")]}),
    ("audience", "ig", {"/insights": [httpx.Response(503, text=f"<html>down, token={TOKEN}</html>")]}),
    ("audience", "ig", {"/insights": [httpx.Response(200, content=b"\x00garbage")]}),
    ("audience", "ig", {"/insights": [httpx.Response(200, json={"data": [{"name": TOKEN, "values": TOKEN}]})]}),
    ("audience", "tt", {"/business/get/": [httpx.Response(200, json={"code": TOKEN})]}),
    ("audience", "ig", {"/insights": [httpx.ConnectError(f"connection refused for ...?access_token={TOKEN}")]}),
    ("audience", "ig", {"/insights": [httpx.ReadTimeout("timed out")]}),
    (
        "live",
        "ig",
        {
            "/insights": [httpx.Response(200, json=PAGE_2)],
            "/content_publishing_limit": [httpx.Response(200, json=publishing_limit(2, 50))],
            f"/{IG_USER}": [httpx.Response(200, json={"followers_count": 10})],
        },
    ),
    (
        "live",
        "ig",
        {
            "/insights": [httpx.Response(200, json=PAGE_2)],
            "/content_publishing_limit": [_echo_token(400, 190)],  # before the user id, which it contains
            f"/{IG_USER}": [httpx.Response(200, json={"followers_count": 10})],
        },
    ),
]


def _files_containing(root: Path, needle: bytes) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file() and needle in path.read_bytes()]


def test_token_never_appears_in_files_output_or_logs(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    log_file = logging.FileHandler(tmp_path / "run.log", encoding="utf-8")
    log_file.setLevel(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(log_file)
    caplog.set_level(logging.DEBUG)
    host = PluginHost(load_entry_points=False, environ={"MIXPLAN_TRACE_PLUGINS": "1"})
    scenario = live_scenario()
    outcomes = []
    exports = tmp_path / "exports"
    exports.mkdir()
    try:
        with Store(f"sqlite:///{tmp_path / 'live.db'}") as store:
            for number, (kind, channel, routes) in enumerate(CASES):
                with client_for(Router(routes)) as client:  # type: ignore[arg-type]
                    try:
                        if kind == "audience":
                            result = sync_audience(host, scenario, channel, store, client)
                        elif kind == "live":
                            result = sync_live(host, scenario, channel, store, client).limits
                        else:
                            result = fetch_limits(host, scenario, channel, client)
                        assert result is not None
                        (exports / f"{number}.json").write_text(result.model_dump_json(), encoding="utf-8")
                        outcomes.append("ok")
                    except MixplanError as error:
                        outcomes.append(type(error).__name__)
                        (exports / f"{number}.error.txt").write_text(f"{error}\n{error!r}", encoding="utf-8")
                        print(f"error: {error}")
            assert len(store.audience_snapshots()) == 3  # the Instagram, TikTok and audience-and-limits successes
            assert len(store.live_limits()) == 1  # the failed audience-and-limits sync stored nothing
            dump = tmp_path / "snapshots.json"
            dump.write_text("\n".join(s.model_dump_json() for s in store.audience_snapshots()), encoding="utf-8")
            (tmp_path / "limits.json").write_text(
                "\n".join(limits.model_dump_json() for limits in store.live_limits()), encoding="utf-8"
            )
        _run_cli(tmp_path, monkeypatch)
    finally:
        root.removeHandler(log_file)
        log_file.close()
    assert outcomes.count("ok") == 5
    assert outcomes[4] == "NoLiveDataError" and outcomes.count("RemoteError") == 14
    captured = capsys.readouterr()
    assert "error: instagram rejected the access token" in captured.out
    assert "hook mixplan_fetch_audience" in captured.err  # tracing really was on
    assert TOKEN not in captured.out and TOKEN not in captured.err
    assert all(TOKEN not in record.getMessage() for record in caplog.records)
    assert any("insights?after=X" in record.getMessage() for record in caplog.records)  # token stripped from the link
    assert (tmp_path / "run.log").stat().st_size > 0
    assert _files_containing(tmp_path, TOKEN.encode()) == []


def _run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same through `mixplan audience sync` (audience and limits, success and failure, including a
    limits fetch failing after the audience succeeded) and `mixplan audience show`, with a fresh database."""
    from mixplan.cli.main import cli

    if "audience" not in cli.commands:
        register(cli)
    scenario_file = tmp_path / "scenario.yaml"
    scenario_file.write_text(yaml.safe_dump(live_scenario().model_dump(mode="json")), encoding="utf-8")
    pages = [httpx.Response(200, json=PAGE_1), httpx.Response(200, json=PAGE_2)]
    followers = [httpx.Response(200, json={"followers_count": 10})]
    runs: list[tuple[list[str], list[str], dict[str, list[object]], int]] = [
        ([], ["ig", "--no-limits"], {"/insights": pages, f"/{IG_USER}": followers}, 0),
        (
            [],
            ["ig"],
            {"/insights": pages, "/content_publishing_limit": [_echo_token(400, 190)], f"/{IG_USER}": followers},
            5,
        ),
        ([], ["fb"], {"/minimum_budgets": [httpx.Response(200, json=minimum_budgets("EUR", 700))]}, 0),
        (["--debug"], ["ig"], {"/insights": [_echo_token(400, 190)]}, 5),
    ]
    current: list[Router] = []
    monkeypatch.setattr(
        "mixplan.live.sync.make_client",
        lambda: make_client(transport=httpx.MockTransport(current[-1]), policy=RetryPolicy(sleep=lambda _: None)),
    )
    runner = CliRunner()
    database = f"sqlite:///{tmp_path / 'cli.db'}"
    for number, (options, arguments, routes, exit_code) in enumerate(runs):
        current.append(Router(routes))  # type: ignore[arg-type]
        command = [*options, "--db", database, "audience", "sync", *arguments, "--scenario", str(scenario_file)]
        result = runner.invoke(cli, command)
        assert result.exit_code == exit_code, result.output
        assert TOKEN not in result.output
        assert exit_code == 0 or "rejected the access token" in result.output
        (tmp_path / f"cli-sync-{number}.txt").write_text(result.output, encoding="utf-8")
    shown = []
    for number, arguments in enumerate((["show"], ["show", "--json"], ["show", "ig"])):
        result = runner.invoke(cli, ["--db", database, "audience", *arguments])
        assert result.exit_code == 0, result.output
        assert TOKEN not in result.output
        (tmp_path / f"cli-show-{number}.txt").write_text(result.output, encoding="utf-8")
        shown.append(result.output)
    assert "instagram:online_followers" in shown[0] and "facebook:minimum_budgets" in shown[0]
    with Store(database) as store:  # the failed syncs stored nothing
        assert [snapshot.channel_id for snapshot in store.audience_snapshots()] == ["ig"]
        assert [limits.channel_id for limits in store.live_limits()] == ["fb"]
