"""The plan's totals against the scenario's KPI targets.

Spend targets are ceilings (met when the plan spends at most the target); every other metric is a
floor (met when the plan reaches at least the target).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from mixplan.model.calendar import KpiTarget
from mixplan.model.plan import Plan
from mixplan.report.summary import channel_figures

CEILING_METRICS = frozenset({"spend"})


@dataclass(frozen=True)
class KpiResult:
    """One KPI target with the plan's value for it."""

    metric: str
    channel: str | None
    target: float
    planned: float | None

    @property
    def ceiling(self) -> bool:
        """Whether the target is an upper limit (spend) rather than a goal to reach."""
        return self.metric in CEILING_METRICS

    @property
    def met(self) -> bool:
        """Whether the plan meets the target."""
        if self.planned is None:
            return False
        return self.planned <= self.target if self.ceiling else self.planned >= self.target

    @property
    def share(self) -> float | None:
        """Planned value as a share of the target (1.0 = exactly on target)."""
        if self.planned is None or self.target == 0:
            return None
        return self.planned / self.target


def planned_value(plan: Plan, metric: str, channel: str | None) -> float | None:
    """The plan's value of a KPI metric, plan-wide or for one channel (None if undefined, e.g. ROAS of 0 spend)."""
    if channel is None:
        totals = plan.totals
        values: dict[str, float | None] = {
            "revenue": float(totals.revenue),
            "roas": totals.roas,
            "reach": totals.reach,
            "engagement": totals.engagement,
            "clicks": totals.clicks,
            "spend": float(totals.spend),
            "posts": float(totals.posts),
        }
        return values[metric]
    figures = next((row for row in channel_figures(plan, [channel]) if row.channel_id == channel), None)
    if figures is None:  # pragma: no cover - channel_figures always returns the requested channel
        return None
    by_metric: dict[str, float | None] = {
        "revenue": float(figures.revenue),
        "roas": figures.roas,
        "reach": figures.reach,
        "engagement": figures.engagement,
        "clicks": figures.clicks,
        "spend": float(figures.spend),
        "posts": float(figures.posts),
    }
    return by_metric[metric]


def evaluate_kpis(plan: Plan, targets: list[KpiTarget]) -> list[KpiResult]:
    """Each target with the plan's value and whether it is met."""
    return [
        KpiResult(
            metric=target.metric,
            channel=target.channel,
            target=float(Decimal(target.target)),
            planned=planned_value(plan, target.metric, target.channel),
        )
        for target in targets
    ]
