"""Exporter type: how a plan is turned into a file format; registered through a hook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mixplan.model.plan import Plan

if TYPE_CHECKING:
    from mixplan.model.scenario import Scenario


@dataclass(frozen=True)
class ExportOptions:
    """How a tabular export writes its cells: the field delimiter and the decimal mark of numbers."""

    delimiter: str = ","
    decimal: str = "."

    def __post_init__(self) -> None:
        if len(self.delimiter) != 1 or self.delimiter in '\r\n"':
            raise ValueError(f"delimiter {self.delimiter!r} must be one character other than a quote or newline")
        if self.decimal not in (".", ","):
            raise ValueError(f"decimal mark {self.decimal!r} must be '.' or ','")
        if self.decimal == self.delimiter:
            raise ValueError(f"the decimal mark and the delimiter are both {self.delimiter!r}; use ';' with ','")


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
    render_with_options: Callable[[Plan, Scenario | None, ExportOptions], bytes] | None = None
    """Set by formats that honour :class:`ExportOptions` (delimiter, decimal mark)."""

    @property
    def is_text(self) -> bool:
        """Whether the output is text (and may go to a terminal)."""
        return self.media_type.startswith("text/") or self.media_type in TEXT_MEDIA_TYPES

    @property
    def takes_options(self) -> bool:
        """Whether the format honours :class:`ExportOptions`."""
        return self.render_with_options is not None

    def export(self, plan: Plan, scenario: Scenario | None = None, options: ExportOptions | None = None) -> bytes:
        """The plan in this format; uses the scenario's titles and slot length when given one.

        `options` apply to formats that take them (see :attr:`takes_options`); others ignore them.
        """
        if options is not None and self.render_with_options is not None:
            return self.render_with_options(plan, scenario, options)
        if scenario is not None and self.render_with_scenario is not None:
            return self.render_with_scenario(plan, scenario)
        return self.render(plan)
