"""The input of a plan: horizon, channels, backlog, budget, objective, events and targets."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mixplan.model.base import Identifier, StrictModel
from mixplan.model.budget import Budget
from mixplan.model.calendar import CalendarEvent, ChannelPolicy, ContentPolicy, KpiTarget
from mixplan.model.channel import Channel
from mixplan.model.constraints import ExtraConstraint, PostCountRule
from mixplan.model.content import ContentItem
from mixplan.model.objective import Objective
from pydantic import Field, PrivateAttr, field_validator, model_validator

MINUTES_PER_DAY = 1440
EARLIEST_START = date(1970, 1, 1)
LATEST_START = date(2199, 12, 31)
"""The first days a horizon may start on: far from the ends of Python's calendar (years 1 and 9999),
where dates and time-zone conversions overflow."""


class Horizon(StrictModel):
    """The planning period: whole local days from `start`, cut into slots of `slot_minutes`."""

    start: date = Field(description="First day of the plan (local date).")
    days: int = Field(ge=1, le=366, description="Number of days planned.")
    timezone: str = Field(description="IANA time zone of the brand, e.g. 'Europe/Berlin'.")
    slot_minutes: int = Field(default=60, description="Length of a posting slot; divides 1440 (15, 30, 60, …).")

    @field_validator("start")
    @classmethod
    def _plannable_year(cls, start: date) -> date:
        if not EARLIEST_START <= start <= LATEST_START:
            raise ValueError(
                f"{start.isoformat()} is outside the years mixplan plans ({EARLIEST_START.year}-{LATEST_START.year}); "
                "check the year"
            )
        return start

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{name!r} is not an IANA time zone; use a name like 'Europe/Berlin'") from None
        return name

    @field_validator("slot_minutes")
    @classmethod
    def _divides_day(cls, minutes: int) -> int:
        if minutes < 5 or MINUTES_PER_DAY % minutes:
            raise ValueError(f"slot_minutes {minutes} must be at least 5 and divide 1440 (e.g. 15, 30, 60)")
        return minutes

    @property
    def zone(self) -> ZoneInfo:
        """The time zone as a ZoneInfo."""
        return ZoneInfo(self.timezone)

    @property
    def slots_per_day(self) -> int:
        """Number of posting slots in one day."""
        return MINUTES_PER_DAY // self.slot_minutes

    @property
    def end(self) -> date:
        """Last day of the plan (inclusive)."""
        return self.start + timedelta(days=self.days - 1)

    def dates(self) -> list[date]:
        """Every local date of the plan, in order."""
        return [self.start + timedelta(days=offset) for offset in range(self.days)]

    def slot_start(self, day_index: int, slot_index: int) -> datetime:
        """The time-zone aware start of a slot (wall-clock time in the brand's zone)."""
        day = self.start + timedelta(days=day_index)
        minutes = slot_index * self.slot_minutes
        naive = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minutes)
        return naive.replace(tzinfo=self.zone)


class Scenario(StrictModel):
    """Everything mixplan needs to plan a horizon for one brand."""

    name: str = Field(min_length=1, description="Name shown in reports.")
    brand: str = Field(
        default="default",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
        description="The brand (workspace) whose stored history, curves and runs this scenario uses.",
    )
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$", description="ISO 4217 code of all amounts.")
    locale: str = Field(
        default="en",
        description=(
            "Language and region for money, numbers and dates in the report (a CLDR locale such as 'fr_FR', "
            "'de_DE', 'en_GB'): fr_FR writes 2 000,00 € and jeu. 26 nov."
        ),
    )
    horizon: Horizon = Field(description="The planning period and its time grid.")
    channels: list[Channel] = Field(min_length=1, description="The accounts to plan for, one per platform account.")
    content: list[ContentItem] = Field(default_factory=list, description="The content backlog.")
    budget: Budget = Field(description="Paid budget for ads and boosts, with its split and pacing.")
    objective: Objective = Field(default_factory=Objective, description="What the plan maximizes.")
    events: list[CalendarEvent] = Field(default_factory=list, description="Seasonal events that lift response.")
    policy: ContentPolicy = Field(default_factory=ContentPolicy, description="Content-mix rules.")
    kpis: list[KpiTarget] = Field(default_factory=list, description="Targets the report compares against.")
    rules: list[ExtraConstraint] = Field(
        default_factory=list, description="Extra post-count and spend rules (same form plugins contribute)."
    )
    _source_folder: Path | None = PrivateAttr(default=None)

    @property
    def source_folder(self) -> Path | None:
        """The folder of the file the scenario was loaded from; None if built in code.

        ``$file:`` credentials resolve there.
        """
        return self._source_folder

    def from_folder(self, folder: Path) -> Scenario:
        """Record `folder` as the scenario file's folder and return the scenario."""
        self._source_folder = folder
        return self

    def __eq__(self, other: object) -> bool:
        """Scenarios are equal when their fields are: where a file was read from is not part of the scenario."""
        if not isinstance(other, Scenario):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # mutable, as pydantic models are

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, name: str) -> str:
        from babel import Locale, UnknownLocaleError  # imported here: loading a scenario stays cheap otherwise

        try:
            Locale.parse(name.replace("-", "_"))
        except (UnknownLocaleError, ValueError, TypeError):
            raise ValueError(f"{name!r} is not a known locale; use a name like 'fr_FR', 'de_DE' or 'en_US'") from None
        return name.replace("-", "_")

    @model_validator(mode="after")
    def _references_resolve(self) -> Scenario:
        channel_ids = [channel.id for channel in self.channels]
        _reject_duplicates("channels", channel_ids)
        _reject_duplicates("content", [item.id for item in self.content])
        known = set(channel_ids)
        for name in self.budget.channels:
            _require_channel(known, name, "budget.channels")
        for index, item in enumerate(self.content):
            for name in item.required_channels:
                _require_channel(known, name, f"content[{index}].required_channels")
            for name in item.forbidden_channels:
                _require_channel(known, name, f"content[{index}].forbidden_channels")
        for index, event in enumerate(self.events):
            for name in event.channel_uplift:
                _require_channel(known, name, f"events[{index}].channel_uplift")
        for index, rule in enumerate(self.rules):
            for name in rule.channels or []:
                _require_channel(known, name, f"rules[{index}].channels")
        for index, kpi in enumerate(self.kpis):
            if kpi.channel is not None:
                _require_channel(known, kpi.channel, f"kpis[{index}].channel")
        platforms = {channel.platform for channel in self.channels}
        for index, scoped in enumerate(self.policy.by_channel):
            for name in scoped.channels or []:
                _require_channel(known, name, f"policy.by_channel[{index}].channels")
            for name in scoped.platforms or []:
                if name not in platforms:
                    raise ValueError(
                        f"policy.by_channel[{index}].platforms: no channel is on platform {name!r}; "
                        f"the channels' platforms are {', '.join(sorted(platforms))}"
                    )
        self._check_categories()
        return self

    def _check_categories(self) -> None:
        """Every category a policy or rule names must be the category of some content item."""
        categories = {item.category for item in self.content}
        for index, mix in enumerate(self.policy.category_mix):
            _require_category(categories, mix.category, f"policy.category_mix[{index}].category")
        for weekday, category in self.policy.category_by_weekday.items():
            _require_category(categories, category, f"policy.category_by_weekday.{weekday}")
        for index, scoped in enumerate(self.policy.by_channel):
            where = f"policy.by_channel[{index}]"
            for position, mix in enumerate(scoped.category_mix):
                _require_category(categories, mix.category, f"{where}.category_mix[{position}].category")
            for weekday, category in scoped.category_by_weekday.items():
                _require_category(categories, category, f"{where}.category_by_weekday.{weekday}")
        for index, rule in enumerate(self.rules):
            if isinstance(rule, PostCountRule):
                for position, category in enumerate(rule.categories or []):
                    _require_category(categories, category, f"rules[{index}].categories[{position}]")
                content = {item.id for item in self.content}
                for position, item_id in enumerate(rule.items or []):
                    if item_id not in content:
                        raise ValueError(
                            f"rules[{index}].items[{position}]: unknown content item {item_id!r}; list ids from content"
                        )

    def policy_channels(self, scoped: ChannelPolicy) -> list[Identifier]:
        """The ids of the channels a per-channel policy applies to, in scenario order."""
        if scoped.channels is not None:
            return [channel.id for channel in self.channels if channel.id in scoped.channels]
        return [channel.id for channel in self.channels if channel.platform in (scoped.platforms or [])]

    def channel(self, channel_id: Identifier) -> Channel:
        """The channel with this id (KeyError if absent)."""
        for channel in self.channels:
            if channel.id == channel_id:
                return channel
        raise KeyError(channel_id)


def _reject_duplicates(field: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for identifier in ids:
        if identifier in seen:
            raise ValueError(f"{field}: id {identifier!r} is used twice; ids must be unique")
        seen.add(identifier)


def _require_channel(known: set[str], name: str, where: str) -> None:
    if name not in known:
        raise ValueError(f"{where}: unknown channel {name!r}; channels are {', '.join(sorted(known))}")


def _require_category(known: set[str], name: str, where: str) -> None:
    if name not in known:
        listing = f"categories are {', '.join(sorted(known))}" if known else "the content backlog is empty"
        raise ValueError(
            f"{where}: unknown category {name!r}; no content item has it ({listing}); "
            "fix the spelling or add content in that category"
        )
