"""The Hootsuite Bulk Composer export checked against the uploader's documented rules.

Rules and sources (see core/export/hootsuite_format.py for the full citations):
- three columns: date/time, message, link (Iverson-Headlee 2016; gussetbeard.com);
- at most 350 messages per upload (Iverson-Headlee 2016);
- date format mm/dd/yyyy hh:mm (Calcano 2015);
- one file per social profile (gussetbeard.com);
- times on 5-minute marks (Hootsuite Help, AutoSchedule article), at least 10 minutes ahead and one
  message per slot (Friends+Me "Bulk Schedule", a comparable uploader).
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from mixplan.errors import InputError
from mixplan.export.hootsuite_format import MAX_ROWS, hootsuite_files, hootsuite_zip
from mixplan.model import Plan, Scenario

BEFORE = datetime(2025, 10, 1, tzinfo=UTC)


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_one_file_per_channel_with_three_columns_in_the_documented_date_format(plan: Plan, scenario: Scenario) -> None:
    files = hootsuite_files(plan, scenario, now=BEFORE)
    assert set(files) == {f"hootsuite-{channel}.csv" for channel in {p.channel_id for p in plan.posts}}
    zone = ZoneInfo(plan.timezone)
    titles = {item.id: item.title for item in scenario.content}
    for name, data in files.items():
        channel = name.removeprefix("hootsuite-").removesuffix(".csv")
        rows = _rows(data)
        posts = sorted((p for p in plan.posts if p.channel_id == channel), key=lambda p: p.start)
        assert len(rows) == len(posts) <= MAX_ROWS
        for row, post in zip(rows, posts, strict=True):
            assert len(row) == 3 and row[2] == ""
            when = datetime.strptime(row[0], "%m/%d/%Y %H:%M").replace(tzinfo=zone)
            assert when == post.start and when.minute % 5 == 0
            assert row[1] == titles[post.content_id]
    with zipfile.ZipFile(io.BytesIO(hootsuite_zip(plan, scenario, now=BEFORE))) as archive:
        assert sorted(archive.namelist()) == sorted(files)


def test_only_posts_at_least_ten_minutes_ahead_are_written(plan: Plan, scenario: Scenario) -> None:
    first = min(p.start for p in plan.posts)
    files = hootsuite_files(plan, scenario, now=first - timedelta(minutes=9))
    assert sum(len(_rows(data)) for data in files.values()) == len(plan.posts) - 1
    with pytest.raises(InputError, match="less than 10 minutes ahead"):
        hootsuite_files(plan, scenario, now=max(p.start for p in plan.posts))


def test_more_than_350_posts_are_split_into_uploads_of_350(plan: Plan, scenario: Scenario) -> None:
    template = plan.posts[0]
    many = [template.model_copy(update={"start": template.start + timedelta(minutes=30 * i)}) for i in range(800)]
    files = hootsuite_files(plan.model_copy(update={"posts": many}), scenario, now=BEFORE)
    sizes = {name: len(_rows(data)) for name, data in files.items()}
    channel = template.channel_id
    assert sizes == {f"hootsuite-{channel}-part1.csv": 350, f"hootsuite-{channel}-part2.csv": 350,
                     f"hootsuite-{channel}-part3.csv": 100}  # fmt: skip


def test_off_mark_times_and_two_posts_in_one_slot_are_refused(plan: Plan, scenario: Scenario) -> None:
    post = plan.posts[0]
    odd = plan.model_copy(update={"posts": [post.model_copy(update={"start": post.start + timedelta(minutes=7)})]})
    with pytest.raises(InputError, match="5-minute mark"):
        hootsuite_files(odd, scenario, now=BEFORE)
    twice = plan.model_copy(update={"posts": [post, post.model_copy(update={"content_id": "ugc1"})]})
    with pytest.raises(InputError, match="one per time slot"):
        hootsuite_files(twice, scenario, now=BEFORE)


def test_formula_messages_are_escaped(plan: Plan, scenario: Scenario) -> None:
    items = [item.model_copy(update={"title": "@cmd|' /C calc'!A0"}) for item in scenario.content]
    files = hootsuite_files(plan, scenario.model_copy(update={"content": items}), now=BEFORE)
    assert all(row[1].startswith("'@") for data in files.values() for row in _rows(data))
