"""How well fitting recovers known curves, and what that costs a plan: the figures behind docs/data.md.

A study generates seeded synthetic history from known ("true") curves, fits curves to it, then
plans the same budget twice — once on the true curves, once on the fitted ones — and evaluates
both plans on the TRUE curves. It reports, per channel, the revenue the fitted curve predicts
for the spend planned on it against the true revenue of that spend, and the plan-quality ratio.
Used by ``benchmarks/bench_fit.py`` and by the test suite.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from mixplan.fitting.fit import FitOptions, fit_channel
from mixplan.fitting.response import hill
from mixplan.model.curves import HillCurve
from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario

from support.synthetic import DEFAULT_CHANNELS, SyntheticChannel, generate_history

PLATFORM_OF = {
    "meta_ads": "facebook",
    "instagram_ads": "instagram",
    "tiktok_ads": "tiktok",
    "google_ads": "google_ads",
    "pinterest_ads": "pinterest",
}
"""Platform of each default synthetic channel (their ad rules apply in the planning comparison)."""


def horizon_revenue(curve: HillCurve, daily_spend: Sequence[float]) -> float:
    """Revenue a run of daily spends earns inside the horizon under `curve`, carry-over included.

    Day ``d`` of ``D`` earns ``Hill(s_d) · Σ_{k < D − d} carryover^k`` (the planner's semantics).
    """
    spend = np.asarray(daily_spend, dtype=np.float64)
    daily = hill(spend, float(curve.max_revenue), float(curve.half_saturation), curve.shape)
    remaining = np.arange(spend.size, 0, -1)
    c = curve.carryover
    factor = np.ones(spend.size) if c == 0.0 else (1.0 - c**remaining) / (1.0 - c)
    return float(np.sum(daily * factor))


def planning_scenario(
    curves: Mapping[str, HillCurve], platforms: Mapping[str, str], days: int, budget: Decimal, start: date
) -> Scenario:
    """A paid-only scenario: one channel per curve on its platform, one total budget, max revenue."""
    return Scenario.model_validate(
        {
            "name": "curve recovery study",
            "horizon": {"start": start.isoformat(), "days": days, "timezone": "UTC"},
            "channels": [
                {"id": channel_id, "platform": platforms[channel_id], "organic": False, "ads": {"curve": curve}}
                for channel_id, curve in curves.items()
            ],
            "budget": {"total": str(budget)},
        }
    )


def spend_by_channel(plan: Plan, channel_ids: Sequence[str], start: date, days: int) -> dict[str, list[float]]:
    """Each channel's planned spend per day of the horizon (0 where the plan has no row)."""
    result = {channel_id: [0.0] * days for channel_id in channel_ids}
    for allocation in plan.spend:
        result[allocation.channel_id][(allocation.day - start).days] = float(allocation.amount)
    return result


@dataclass(frozen=True)
class ChannelRecovery:
    """One channel: spend planned on the fitted curve, and that spend's revenue on both curves."""

    channel_id: str
    planned_spend: float
    true_revenue: float
    fitted_revenue: float

    @property
    def error(self) -> float:
        """Relative error of the fitted curve's revenue at the planned spend (0.05 = 5 % high)."""
        return self.fitted_revenue / self.true_revenue - 1.0 if self.true_revenue else 0.0


@dataclass(frozen=True)
class RecoveryReport:
    """The outcome of one study (see the module docstring)."""

    seed: int
    history_days: int
    channels: tuple[ChannelRecovery, ...]
    true_plan_revenue: float
    fitted_plan_revenue: float
    fit_seconds: float
    plan_seconds: float

    @property
    def plan_ratio(self) -> float:
        """True revenue of the plan made on fitted curves ÷ that of the plan made on the true curves."""
        return self.fitted_plan_revenue / self.true_plan_revenue

    @property
    def worst_error(self) -> float:
        """The largest absolute per-channel recovery error."""
        return max(abs(channel.error) for channel in self.channels)


def recovery_study(
    seed: int = 0,
    history_days: int = 120,
    channels: Sequence[SyntheticChannel] = DEFAULT_CHANNELS,
    platforms: Mapping[str, str] = PLATFORM_OF,
    plan_days: int = 28,
    budget: Decimal | None = None,
    time_limit_s: float = 20.0,
    noise: float = 0.08,
) -> RecoveryReport:
    """Generate, fit, plan twice and compare (see the module docstring).

    The default budget is 80 % of the sum of the true half-saturation spends per day, so the
    planned spend stays inside the range the history covers.
    """
    from mixplan.api import plan as make_plan
    from mixplan.engine import Engine

    start = date(2025, 1, 1)
    rows = generate_history(channels, days=history_days, start=start, seed=seed, noise=noise)
    began = time.perf_counter()
    fitted = {
        channel.channel_id: fit_channel(channel.channel_id, rows, FitOptions(bootstrap_samples=0)).curve
        for channel in channels
    }
    fit_seconds = time.perf_counter() - began
    truth = {channel.channel_id: channel.curve for channel in channels}
    if budget is None:
        per_day = sum(float(curve.half_saturation) for curve in truth.values()) * 0.8
        budget = Decimal(round(per_day * plan_days))
    plan_start = start + timedelta(days=history_days)
    engine = Engine(load_entry_points=False)
    began = time.perf_counter()
    true_plan = make_plan(
        planning_scenario(truth, platforms, plan_days, budget, plan_start), engine=engine, time_limit_s=time_limit_s
    )
    fitted_plan = make_plan(
        planning_scenario(fitted, platforms, plan_days, budget, plan_start), engine=engine, time_limit_s=time_limit_s
    )
    plan_seconds = time.perf_counter() - began
    ids = list(truth)
    true_spend = spend_by_channel(true_plan, ids, plan_start, plan_days)
    fitted_spend = spend_by_channel(fitted_plan, ids, plan_start, plan_days)
    recovered = tuple(
        ChannelRecovery(
            channel_id=channel_id,
            planned_spend=sum(fitted_spend[channel_id]),
            true_revenue=horizon_revenue(truth[channel_id], fitted_spend[channel_id]),
            fitted_revenue=horizon_revenue(fitted[channel_id], fitted_spend[channel_id]),
        )
        for channel_id in ids
    )
    return RecoveryReport(
        seed=seed,
        history_days=history_days,
        channels=recovered,
        true_plan_revenue=sum(horizon_revenue(truth[c], true_spend[c]) for c in ids),
        fitted_plan_revenue=sum(horizon_revenue(truth[c], fitted_spend[c]) for c in ids),
        fit_seconds=fit_seconds,
        plan_seconds=plan_seconds,
    )
