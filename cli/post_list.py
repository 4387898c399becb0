"""The dated post list `mixplan plan` and `mixplan runs show` print: by day, with time, channel, title and boost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from mixplan.cli.output import COLUMN_GAP, MIN_NAME_WIDTH, ellipsize, money
from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario
from rich import box
from rich.console import Console
from rich.table import Table

POSTS_SHOWN_BY_DEFAULT = 60
"""Plans with at most this many posts print their post list without `--posts`."""


@dataclass(frozen=True)
class PostLine:
    """One scheduled post as the terminal lists it, in the plan's time zone."""

    start: datetime
    channel: str  # the channel's name (channels[].name, else platform and account)
    channel_id: str
    title: str
    format: str
    boost: Decimal | None

    @property
    def day(self) -> date:
        """The local day of the post."""
        return self.start.date()


def post_lines(plan: Plan, scenario: Scenario) -> list[PostLine]:
    """The plan's posts in time order, with content titles and the boost amount of boosted posts."""
    zone = ZoneInfo(plan.timezone)
    titles = {item.id: item.title for item in scenario.content}
    from mixplan.cli.plan_summary import channel_names

    names = channel_names(plan, scenario)
    boosts = {(b.content_id, b.channel_id, b.start): b.amount for b in plan.boosts}
    lines = [
        PostLine(
            start=post.start.astimezone(zone),
            channel=names.get(post.channel_id, post.channel_id),
            channel_id=post.channel_id,
            title=titles.get(post.content_id, post.content_id),
            format=post.format,
            boost=boosts.get((post.content_id, post.channel_id, post.start)),
        )
        for post in plan.posts
    ]
    return sorted(lines, key=lambda line: (line.start, line.channel, line.title))


def show_posts(flag: bool | None, plan: Plan) -> bool:
    """Whether to print the post list: `--posts`/`--no-posts` if given, else for plans of up to 60 posts."""
    return flag if flag is not None else len(plan.posts) <= POSTS_SHOWN_BY_DEFAULT


def print_posts(out: Console, plan: Plan, scenario: Scenario) -> None:
    """Print the posts grouped by day: time, channel, title, format and boost, one line a post.

    On a console too narrow for every name and title, the channel names and then the titles are
    cut with an ellipsis (never below ``MIN_NAME_WIDTH``); ``--json`` and the exports keep them whole.
    """
    lines = post_lines(plan, scenario)
    if not lines:
        out.print("no posts scheduled")
        return
    out.print(f"[bold]posts by day[/bold] ({plan.timezone}, boosts in {plan.currency})", markup=True)
    columns = ("day", "time", "channel", "title", "format", "boost")
    rows = []
    for day, group in groupby(lines, key=lambda line: line.day):
        for index, line in enumerate(group):
            rows.append(
                [
                    day.strftime("%a %Y-%m-%d") if index == 0 else "",
                    line.start.strftime("%H:%M"),
                    line.channel,
                    line.title,
                    line.format,
                    money(line.boost) if line.boost is not None else "",
                ]
            )
    channel_width, title_width = _name_widths(columns, rows, out.width)
    listing = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold", padding=(0, 1, 0, 0))
    for title in columns:
        listing.add_column(title, justify="right" if title == "boost" else "left", no_wrap=True)
    for row in rows:
        listing.add_row(*row[:2], ellipsize(row[2], channel_width), ellipsize(row[3], title_width), *row[4:])
    out.print(listing)


def _name_widths(columns: tuple[str, ...], rows: list[list[str]], width: int) -> tuple[int, int]:
    """Widths for the channel and title columns so that a row fits ``width``: each keeps its natural
    width when both fit; otherwise the channel gets up to two fifths of the room left, the title the rest."""
    natural = [max(len(title), *(len(row[index]) for row in rows)) for index, title in enumerate(columns)]
    fixed = sum(natural) - natural[2] - natural[3] + COLUMN_GAP * (len(columns) - 1)
    room = max(2 * MIN_NAME_WIDTH, width - fixed)
    channel = natural[2]
    title = natural[3]
    if channel + title > room:  # the channel keeps up to two fifths of the room, the title the rest
        channel = max(MIN_NAME_WIDTH, min(channel, max(room - title, 2 * room // 5)))
        title = max(MIN_NAME_WIDTH, room - channel)
    return channel, title


def posts_document(plan: Plan, scenario: Scenario) -> list[dict[str, Any]]:
    """The post list in JSON form (local times in ISO 8601, boost amounts as strings or null)."""
    return [
        {
            "start": line.start.isoformat(),
            "channel": line.channel_id,
            "channel_name": line.channel,
            "title": line.title,
            "format": line.format,
            "boost": None if line.boost is None else str(line.boost),
        }
        for line in post_lines(plan, scenario)
    ]
