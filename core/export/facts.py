"""What exporters need to know beyond the plan itself: content titles, categories, slot length."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario

DEFAULT_EVENT_MINUTES = 15
"""Length of a calendar entry when the scenario (and so the slot length) is not known."""


@dataclass(frozen=True)
class ExportFacts:
    """Scenario facts for one plan; without a scenario, titles fall back to the content ids."""

    titles: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    platforms: dict[str, str] = field(default_factory=dict)
    slot_minutes: int = DEFAULT_EVENT_MINUTES

    @classmethod
    def of(cls, plan: Plan, scenario: Scenario | None) -> ExportFacts:
        """Collect the facts for `plan` from `scenario` (which may be missing)."""
        del plan  # the plan carries ids only; everything else comes from the scenario
        if scenario is None:
            return cls()
        return cls(
            titles={item.id: item.title for item in scenario.content},
            categories={item.id: item.category for item in scenario.content},
            platforms={channel.id: channel.platform for channel in scenario.channels},
            slot_minutes=scenario.horizon.slot_minutes,
        )

    def title(self, content_id: str) -> str:
        """The content item's title, or its id when the scenario is not known."""
        return self.titles.get(content_id, content_id)

    def category(self, content_id: str) -> str:
        """The content item's category, or an empty string."""
        return self.categories.get(content_id, "")

    def platform(self, channel_id: str) -> str:
        """The channel's platform id, or an empty string."""
        return self.platforms.get(channel_id, "")


def money(amount: Decimal) -> str:
    """A money amount as a plain decimal with two places (no currency sign, no grouping)."""
    return f"{amount.quantize(Decimal('0.01')):f}"


def number(value: float, places: int = 2) -> str:
    """A float rounded for people and spreadsheets, without exponent notation."""
    return f"{value:.{places}f}"
