"""The terminal views: the dated post list, `latest` run references, `runs list` at 80 columns, JSON errors."""

from __future__ import annotations

import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from mixplan.model import Plan, Scenario
from mixplan.storage import Store
from support.cli_invoke import Invoke
from support.plans import make_plan, make_scenario

NAMES = {"ig_main": "Instagram @shop", "gads": "Google Ads"}
"""The names make_scenario's channels get by default: platform name and account."""


def _store_runs(db_url: str, *plans: Plan, name: str | None = None) -> list[int]:
    scenario = make_scenario()
    if name is not None:
        scenario = scenario.model_copy(update={"name": name})
        plans = tuple(plan.model_copy(update={"scenario_name": name}) for plan in plans)
    with Store(db_url) as store:
        return [store.save_run(scenario, plan) for plan in plans]


def test_show_lists_every_post_under_its_day_with_time_channel_and_title(mixplan: Invoke, db_url: str) -> None:
    scenario = make_scenario()
    plan = make_plan(scenario)
    (run_id,) = _store_runs(db_url, plan)
    result = mixplan("runs", "show", str(run_id))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("posts by day"))
    titles = {item.id: item.title for item in scenario.content}
    zone = ZoneInfo(plan.timezone)
    for post in plan.posts:
        local = post.start.astimezone(zone)
        wanted = (local.strftime("%H:%M"), NAMES[post.channel_id], titles[post.content_id])
        row = next(i for i, line in enumerate(lines[start:], start) if all(part in line for part in wanted))
        day_line = next(line for line in reversed(lines[start : row + 1]) if line[:3].strip() and line[0] != "─")
        assert local.strftime("%Y-%m-%d") in day_line
    hidden = mixplan("runs", "show", str(run_id), "--no-posts")
    assert "posts by day" not in hidden.stdout


def test_posts_json_matches_the_plan(mixplan: Invoke, db_url: str) -> None:
    plan = make_plan(make_scenario())
    (run_id,) = _store_runs(db_url, plan)
    document = json.loads(mixplan("runs", "show", str(run_id), "--json").stdout)
    assert len(document["posts"]) == len(plan.posts)
    assert sorted(p["channel"] for p in document["posts"]) == sorted(p.channel_id for p in plan.posts)
    assert {p["channel_name"] for p in document["posts"]} <= set(NAMES.values())


def test_summary_posts_and_diff_name_channels_not_ids(mixplan: Invoke, db_url: str) -> None:
    scenario = make_scenario()
    named = scenario.model_copy(
        update={"channels": [scenario.channels[0].model_copy(update={"name": "Shop Insta"}), scenario.channels[1]]}
    )
    with Store(db_url) as store:
        first = store.save_run(named, make_plan(named))
        second = store.save_run(named, make_plan(named, variant=1))
    shown = mixplan("runs", "show", str(first))
    assert shown.exit_code == 0, shown.output
    assert "Shop Insta" in shown.stdout and "Google Ads" in shown.stdout
    assert "ig_main" not in shown.stdout and "gads" not in shown.stdout
    diff = mixplan("runs", "diff", str(first), str(second))
    assert diff.exit_code == 0, diff.output
    assert "Shop Insta" in diff.stdout and "ig_main" not in diff.stdout.split("scenario:")[0]


def test_latest_and_latest_tilde_name_the_newest_runs_in_every_command(
    mixplan: Invoke, db_url: str, tmp_path: object
) -> None:
    scenario = make_scenario()
    first, second = _store_runs(db_url, make_plan(scenario), make_plan(scenario, variant=1))
    assert json.loads(mixplan("runs", "show", "latest", "--json").stdout)["run_id"] == second
    assert json.loads(mixplan("runs", "show", "latest~1", "--json").stdout)["run_id"] == first
    diff = json.loads(mixplan("runs", "diff", "latest~1", "latest", "--json").stdout)
    assert (diff["before"], diff["after"]) == (first, second)
    written = json.loads(mixplan("export", "latest~1", "--format", "json", "-o", "out.json", "--json").stdout)
    assert written["run_id"] == first and written["bytes"] > 0
    missing = mixplan("runs", "show", "latest~5")
    assert missing.exit_code == 2 and "only 2 run(s)" in missing.stderr
    assert mixplan("runs", "show", "newest").exit_code == 2


@pytest.mark.parametrize("width", [80, 100])
def test_runs_list_fits_the_terminal_width(
    mixplan: Invoke, db_url: str, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    long_name = "Clay & Co. — November/December 2026 holiday season with a very long scenario name indeed"
    ids = _store_runs(db_url, make_plan(make_scenario()), make_plan(make_scenario(), variant=1), name=long_name)
    monkeypatch.setenv("COLUMNS", str(width))
    listed = mixplan("runs", "list")
    assert listed.exit_code == 0
    lines = [line for line in listed.stdout.splitlines() if line.strip()]
    assert max(len(line) for line in lines) <= width
    rows = [line for line in lines if line.strip()[:1].isdigit()]
    assert [int(row.split()[0]) for row in rows] == ids[::-1]  # one line per run, newest first
    assert all("Clay & Co." in row and "…" in row for row in rows)


def test_runs_list_counts_each_runs_warnings_at_80_columns(
    mixplan: Invoke, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_name = "Clay & Co. — November/December 2026 holiday season with a very long scenario name indeed"
    scenario = make_scenario()
    empty = make_plan(scenario).model_copy(update={"posts": [], "boosts": []})
    quiet, noisy = _store_runs(db_url, make_plan(scenario), empty, name=long_name)
    with Store(db_url) as store:
        counts = {run_id: len(store.get_run(run_id).warnings) for run_id in (quiet, noisy)}
    assert counts[noisy] > counts[quiet]
    monkeypatch.setenv("COLUMNS", "80")
    listed = mixplan("runs", "list")
    assert listed.exit_code == 0, listed.output
    lines = [line for line in listed.stdout.splitlines() if line.strip()]
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if line.lstrip().startswith("id"))
    assert header.rstrip().endswith("warn")
    rows = {int(line.split()[0]): line for line in lines if line.strip()[:1].isdigit()}
    assert {run_id: int(row.split()[-1]) for run_id, row in rows.items()} == counts
    assert any("warn: the run's warnings" in line for line in lines)


def test_summary_table_keeps_two_word_channel_names_on_one_line_at_80_columns(
    mixplan: Invoke, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = make_scenario()
    names = {"ig_main": "Instagram Shop Berlin", "gads": "Google Ads Search"}
    named = scenario.model_copy(
        update={"channels": [channel.model_copy(update={"name": names[channel.id]}) for channel in scenario.channels]}
    )
    plan = make_plan(named)
    big = Decimal("123456.78")  # six-figure totals: the widest cells a shop's summary has
    totals = plan.totals.model_copy(
        update={key: big for key in ("ad_spend", "boost_spend", "paid_revenue", "boost_revenue", "organic_revenue")}
    )
    with Store(db_url) as store:
        run_id = store.save_run(named, plan.model_copy(update={"totals": totals}))
    for width, short in ((80, True), (160, False)):
        monkeypatch.setenv("COLUMNS", str(width))
        shown = mixplan("runs", "show", str(run_id), "--no-posts")
        assert shown.exit_code == 0, shown.output
        lines = shown.stdout.splitlines()
        header = next(line for line in lines if line.startswith("channel"))
        table = lines[lines.index(header) : next(i for i, line in enumerate(lines) if line.startswith("total")) + 1]
        assert max(len(line) for line in table) <= width
        assert ("organic revenue" not in header) is short and "organic" in header
        for name in names.values():  # whole, on the line with its figures
            row = next(line for line in table if line.startswith(name))
            assert row.split()[-1].isdigit()
        assert "246,913.56" in table[-1]  # paid + boost revenue, uncut


def test_errors_are_json_when_json_is_given(mixplan: Invoke) -> None:
    result = mixplan("runs", "show", "99", "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 2 and error["kind"] == "InputError" and "99" in error["message"]
    usage = mixplan("--json", "runs", "show", "latest")
    assert usage.exit_code == 2 and json.loads(usage.stdout)["error"]["kind"] == "UsageError"
    plain = mixplan("runs", "show", "99")
    assert plain.stdout == "" and plain.stderr.startswith("error: ")


def test_runs_show_repeats_the_plan_warnings(mixplan: Invoke, db_url: str) -> None:
    scenario = make_scenario()
    empty = make_plan(scenario).model_copy(update={"posts": [], "boosts": []})
    (run_id,) = _store_runs(db_url, empty)
    shown = mixplan("runs", "show", str(run_id))
    assert shown.exit_code == 0, shown.output
    assert "warning: ig_main: no posts planned" in shown.stderr
    assert "channels[" in shown.stderr  # names the setting to change
    document = json.loads(mixplan("runs", "show", str(run_id), "--json").stdout)
    assert any(w.startswith("ig_main: no posts planned") for w in document["warnings"])
    full = json.loads(mixplan("runs", "show", str(_store_runs(db_url, make_plan(scenario))[0]), "--json").stdout)
    assert not any("no posts planned" in w for w in full["warnings"])


def _shown_at_80_columns(
    mixplan: Invoke,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    scenario: Scenario,
    plan: Plan,
    posts_flag: str,
) -> tuple[int, list[str]]:
    """Store `plan` and return its run id and the lines `runs show` prints at 80 columns."""
    with Store(db_url) as store:
        run_id = store.save_run(scenario, plan)
    monkeypatch.setenv("COLUMNS", "80")
    shown = mixplan("runs", "show", str(run_id), posts_flag)
    assert shown.exit_code == 0, shown.output
    return run_id, shown.stdout.splitlines()


def test_every_summary_line_fits_80_columns_and_breaks_between_figures(
    mixplan: Invoke, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The title, the totals, the status and the notes under the table: no line over 80 columns, no
    figure split over two lines, continuation lines of a note indented under its text."""
    scenario = make_scenario()
    name = "Clay & Co. — November/December 2026 [winter]"
    named = scenario.model_copy(update={"name": name})
    plan = make_plan(named)
    note = "posting pass 1: 93 posts, organic value 30,106.42, status feasible, bound 30,119.12 and more words"
    plan = plan.model_copy(
        update={
            "scenario_name": name,
            "report": plan.report.model_copy(
                update={"messages": [note], "objective": 73289.09, "best_bound": 73296.13}
            ),
        }
    )
    run_id, lines = _shown_at_80_columns(mixplan, db_url, monkeypatch, named, plan, "--no-posts")
    assert max(len(line) for line in lines) <= 80
    assert lines[0].startswith(name)  # brackets in the name are printed, not read as markup
    assert any(line.endswith(f"run {run_id}") or f"· run {run_id}" in line for line in lines[:2])
    status = [line for line in lines if line.startswith("status") or line.startswith("gap") or " s · seed" in line]
    assert any("bound 73,296.13" in line for line in status) and any("seed" in line for line in status)
    start = next(i for i, line in enumerate(lines) if line.startswith("note: posting pass 1"))
    continued = lines[start + 1]
    assert continued.startswith(" " * len("note: ")) and not continued.startswith(" " * (len("note: ") + 1))
    assert " ".join(line.strip() for line in lines[start : start + 2]).removeprefix("note: ") == note


def test_the_post_list_keeps_one_line_a_post_at_80_columns(
    mixplan: Invoke, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Long channel names and titles are cut with an ellipsis at 80 columns, never wrapped onto a second line."""
    scenario = make_scenario()
    names = {"ig_main": "Instagram @a-very-long-shop-account-name", "gads": "Google Ads main account"}
    long_titles = [
        item.model_copy(update={"title": f"{item.title} — a title far too long to fit"}) for item in scenario.content
    ]
    named = scenario.model_copy(
        update={
            "channels": [channel.model_copy(update={"name": names[channel.id]}) for channel in scenario.channels],
            "content": long_titles,
        }
    )
    plan = make_plan(named)
    _, lines = _shown_at_80_columns(mixplan, db_url, monkeypatch, named, plan, "--posts")
    listing = lines[next(i for i, line in enumerate(lines) if line.startswith("posts by day")) + 3 :]
    rows = [line for line in listing if line.strip() and not line.startswith("stored")]
    assert len(rows) == len(plan.posts)  # one line a post
    assert all(len(line) <= 80 and "…" in line for line in rows)
    assert all(line[16:21].count(":") == 1 for line in rows)  # every line starts with its time
