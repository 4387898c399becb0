"""The posting calendar as the report lays it out: month grids and a week-by-week list of post cards."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario
from mixplan.report.channels import ChannelLabel
from mixplan.report.formatting import Formatter


@dataclass(frozen=True)
class PostCard:
    """One scheduled post as a card: when, where, what, in which format, and its boost."""

    start: datetime
    time: str
    channel: ChannelLabel
    content_id: str
    title: str
    category: str
    format: str
    boost: Decimal | None
    boost_text: str

    @property
    def day(self) -> date:
        """The local day of the post."""
        return self.start.date()


@dataclass(frozen=True)
class EventBand:
    """A calendar event across some columns of a week row (1-based column, number of days)."""

    name: str
    column: int
    span: int
    index: int


@dataclass
class DayCell:
    """One day of a calendar: its posts, the events on it, and whether it is today or in the plan."""

    day: date
    label: str
    in_plan: bool
    in_month: bool
    is_today: bool
    events: list[str] = field(default_factory=list)
    posts: list[PostCard] = field(default_factory=list)
    spend: Decimal = Decimal("0.00")
    spend_text: str = ""


@dataclass(frozen=True)
class CalendarWeek:
    """Seven days from the locale's first weekday, with the event bands over them."""

    start: date
    label: str
    days: list[DayCell]
    bands: list[EventBand]

    @property
    def post_count(self) -> int:
        """Posts in the week (days of the plan only)."""
        return sum(len(day.posts) for day in self.days if day.in_plan)


@dataclass(frozen=True)
class CalendarMonth:
    """A month grid: the weeks that touch the month."""

    title: str
    weeks: list[CalendarWeek]


@dataclass(frozen=True)
class PlanCalendar:
    """Everything the calendar sections draw."""

    weekdays: list[str]
    months: list[CalendarMonth]
    weeks: list[CalendarWeek]
    cards: list[PostCard]
    today: date


def post_cards(
    plan: Plan, scenario: Scenario, labels: Mapping[str, ChannelLabel], formatter: Formatter
) -> list[PostCard]:
    """Every post of the plan in time order, in the plan's time zone, with its title and boost."""
    zone = ZoneInfo(plan.timezone)
    items = {item.id: item for item in scenario.content}
    boosts: dict[tuple[str, str, datetime], Decimal] = {}
    for boost in plan.boosts:
        key = (boost.channel_id, boost.content_id, boost.start)
        boosts[key] = boosts.get(key, Decimal("0.00")) + boost.amount
    cards = []
    for post in sorted(plan.posts, key=lambda p: (p.start, list(labels).index(p.channel_id), p.content_id)):
        local = post.start.astimezone(zone)
        item = items.get(post.content_id)
        amount = boosts.get((post.channel_id, post.content_id, post.start))
        cards.append(
            PostCard(
                start=local,
                time=formatter.time(local),
                channel=labels[post.channel_id],
                content_id=post.content_id,
                title=item.title if item is not None and item.title else post.content_id,
                category=item.category if item is not None else "",
                format=post.format,
                boost=amount if amount else None,
                boost_text=formatter.money(amount) if amount else "",
            )
        )
    return cards


def build_calendar(
    plan: Plan,
    scenario: Scenario,
    cards: Sequence[PostCard],
    formatter: Formatter,
    today: date,
    spend_by_day: Mapping[date, Decimal],
) -> PlanCalendar:
    """Month grids over the plan's months and the plan's weeks, both starting on the locale's first weekday."""
    first_weekday = formatter.first_weekday
    plan_days = {plan.start + timedelta(days=offset) for offset in range(plan.days)}
    last = plan.start + timedelta(days=plan.days - 1)
    by_day: dict[date, list[PostCard]] = {}
    for card in cards:
        by_day.setdefault(card.day, []).append(card)
    events = [(event.name, event.start, event.end) for event in scenario.events]

    def cell(day: date, month: int | None) -> DayCell:
        spend = spend_by_day.get(day, Decimal("0.00"))
        return DayCell(
            day=day,
            label=formatter.day(day),
            in_plan=day in plan_days,
            in_month=month is None or day.month == month,
            is_today=day == today,
            events=[name for name, start, end in events if start <= day <= end],
            posts=by_day.get(day, []) if day in plan_days else [],
            spend=spend,
            spend_text=formatter.money(spend) if spend else "",
        )

    def week(start: date, month: int | None) -> CalendarWeek:
        days = [cell(start + timedelta(days=i), month) for i in range(7)]
        bands = []
        shown = [cell.day for cell in days if (cell.in_plan if month is None else cell.in_month)]
        for index, (name, event_start, event_end) in enumerate(events):
            inside = [day for day in shown if event_start <= day <= event_end]
            if not inside:
                continue
            first, end = inside[0], inside[-1]
            bands.append(EventBand(name, (first - start).days + 1, (end - first).days + 1, index))
        end_day = start + timedelta(days=6)
        label = f"{formatter.short_date(max(start, plan.start))} – {formatter.short_date(min(end_day, last))}"
        return CalendarWeek(start, label, days, bands)

    def week_start(day: date) -> date:
        return day - timedelta(days=(day.weekday() - first_weekday) % 7)

    months = []
    month_start = plan.start.replace(day=1)
    while month_start <= last:
        next_month = (month_start + timedelta(days=32)).replace(day=1)
        starts = []
        cursor = week_start(month_start)
        while cursor < next_month:
            if any(cursor + timedelta(days=i) in plan_days for i in range(7)):  # weeks the plan touches
                starts.append(cursor)
            cursor += timedelta(days=7)
        months.append(CalendarMonth(formatter.month(month_start), [week(start, month_start.month) for start in starts]))
        month_start = next_month
    weeks = []
    cursor = week_start(plan.start)
    while cursor <= last:
        weeks.append(week(cursor, None))
        cursor += timedelta(days=7)
    weekdays = [formatter.weekday_short((first_weekday + i) % 7) for i in range(7)]
    return PlanCalendar(weekdays, months, weeks, list(cards), today)
