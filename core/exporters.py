"""Exporter type: how a plan is turned into a file format; registered through a hook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mixplan.model.plan import Plan

if TYPE_CHECKING:
    from mixplan.model.scenario import Scenario

TEXT_MEDIA_TYPES = ("application/json", "application/xml")
"""Media types that are text although they do not start with ``text/``."""


@dataclass(frozen=True)
class Exporter:
    """A named export format. `render` turns a plan into the file's bytes.

    Formats that need facts only the scenario has (content titles, slot length) also set
    ``render_with_scenario``; callers go through :meth:`export`, which uses it when a scenario
    is at hand and falls back to ``render`` otherwise.
    """

    name: str
    description: str
    suffix: str
    media_type: str
    render: Callable[[Plan], bytes]
    render_with_scenario: Callable[[Plan, Scenario], bytes] | None = None

    @property
    def is_text(self) -> bool:
        """Whether the output is text (and may go to a terminal)."""
        return self.media_type.startswith("text/") or self.media_type in TEXT_MEDIA_TYPES

    def export(self, plan: Plan, scenario: Scenario | None = None) -> bytes:
        """The plan in this format; uses the scenario's titles and slot length when given one."""
        if scenario is not None and self.render_with_scenario is not None:
            return self.render_with_scenario(plan, scenario)
        return self.render(plan)
