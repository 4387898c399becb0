"""What the store hands back: stored runs, run summaries and history import counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario


@dataclass(frozen=True)
class StoredRun:
    """A run read back from the database: the plan exactly as saved and the scenario it was made for."""

    id: int
    created_at: datetime
    """When the run was stored (aware, UTC)."""
    scenario: Scenario
    plan: Plan
    parent_id: int | None = None
    """The run this one re-plans, if it is a re-plan."""
    warnings: list[str] = field(default_factory=list)
    """The warnings the plan was stored with (see mixplan.surprises; recomputed for runs stored before 0006)."""


@dataclass(frozen=True)
class RunSummary:
    """One line of `mixplan runs list`."""

    id: int
    created_at: datetime
    scenario_name: str
    status: str
    objective_kind: str
    currency: str
    spend: Decimal
    revenue: Decimal
    roas: float | None
    gap: float | None
    posts: int
    brand: str = "default"
    warnings: int | None = None
    """How many warnings the run was stored with; None for runs stored before revision 0006."""


@dataclass(frozen=True)
class HistoryImportResult:
    """How an import changed the stored history: new channel-days and overwritten ones."""

    inserted: int
    updated: int

    @property
    def total(self) -> int:
        """Rows imported."""
        return self.inserted + self.updated


@dataclass(frozen=True)
class ActualsImportCounts:
    """New and replaced rows of an actuals import: published posts and channel-days."""

    posts_inserted: int
    posts_updated: int
    days_inserted: int
    days_updated: int
