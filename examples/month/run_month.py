"""A scripted month: plan on day 0, generate a week of "actuals" from known true curves with noise,
re-plan on days 7, 14 and 21, and compare the looped month with the plan made once and with the
hindsight-optimal plan on the true curves. Run: ``python examples/month/run_month.py``.

The starting curves are off by 30 %: search truly earns 30 % more than believed, social 30 % less.
The loop's learning step is deliberately simple (refit ``max_revenue`` of each channel by the ratio
of observed to predicted revenue of the delivered days); see docs/loop.md.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import mixplan
from mixplan.metrics import carryover_factor, curve_revenue
from mixplan.model.curves import HillCurve
from mixplan.model.history import HistoryRow
from mixplan.model.plan import Plan

START = date(2026, 11, 2)
DAYS = 28
TRUE = {
    "search": HillCurve(max_revenue=Decimal("1300"), half_saturation=Decimal("150"), shape=1.6, carryover=0.3),
    "social": HillCurve(max_revenue=Decimal("700"), half_saturation=Decimal("120"), shape=1.4, carryover=0.4),
}
ERROR = {"search": 1 / 1.3, "social": 1 / 0.7}  # believed max_revenue = true / (1 ± 30 %)
OPTIONS = mixplan.PlanOptions(time_limit_s=5)


def scenario(curves: dict[str, HillCurve]) -> mixplan.Scenario:
    """Two paid channels, a four-week window, a 6,000 budget."""
    channels: list[dict[str, Any]] = [
        {
            "id": name,
            "platform": "google_ads",
            "organic": False,
            "ads": {"curve": {"kind": "hill", **curve.model_dump(mode="json", exclude={"kind"})}},
        }
        for name, curve in curves.items()
    ]
    return mixplan.scenario_from_data(
        {
            "name": "Month loop",
            "currency": "EUR",
            "horizon": {"start": START.isoformat(), "days": DAYS, "timezone": "Europe/Berlin"},
            "channels": channels,
            "budget": {"total": "6000.00"},
        }
    )


def believed() -> dict[str, HillCurve]:
    """The starting curves: max_revenue off by 30 % either way."""
    return {
        name: curve.model_copy(
            update={"max_revenue": (curve.max_revenue * Decimal(str(ERROR[name]))).quantize(Decimal("0.01"))}
        )
        for name, curve in TRUE.items()
    }


def true_revenue(plan: Plan) -> float:
    """Paid revenue of the plan's spend on the true curves, carry-over tail included."""
    return sum(
        curve_revenue(TRUE[row.channel_id], float(row.amount))
        * carryover_factor(TRUE[row.channel_id].carryover, (row.day - START).days, DAYS, True)
        for row in plan.spend
    )


def actuals(plan: Plan, first: date, last: date, rng: random.Random) -> list[HistoryRow]:
    """Delivered spend as planned, same-day revenue from the true curves with ±10 % noise."""
    return [
        HistoryRow(
            day=row.day,
            channel_id=row.channel_id,
            spend=row.amount,
            revenue=Decimal(
                str(round(curve_revenue(TRUE[row.channel_id], float(row.amount)) * rng.uniform(0.9, 1.1), 2))
            ),
        )
        for row in plan.spend
        if first <= row.day < last
    ]


def learn(curves: dict[str, HillCurve], observed: list[HistoryRow]) -> dict[str, HillCurve]:
    """Scale each channel's max_revenue by observed / predicted same-day revenue of the delivered days."""
    learned = {}
    for name, curve in curves.items():
        rows = [r for r in observed if r.channel_id == name and r.spend > 0]
        predicted = sum(curve_revenue(curve, float(r.spend)) for r in rows)
        if not rows or predicted <= 0:
            learned[name] = curve
            continue
        ratio = float(sum(r.revenue for r in rows)) / predicted
        learned[name] = curve.model_copy(
            update={"max_revenue": (curve.max_revenue * Decimal(str(ratio))).quantize(Decimal("0.01"))}
        )
    return learned


def run() -> tuple[float, float, float, list[int]]:
    """The month: revenue on the true curves of the loop, the plan made once, hindsight; moves per re-plan."""
    rng = random.Random(7)
    curves = believed()
    once = mixplan.plan(scenario(curves), options=OPTIONS)
    hindsight = mixplan.plan(scenario(TRUE), options=OPTIONS)
    current, observed, moves = once, list[HistoryRow](), list[int]()
    for as_of in (START + timedelta(days=7), START + timedelta(days=14), START + timedelta(days=21)):
        observed += actuals(current, as_of - timedelta(days=7), as_of, rng)
        curves = learn(believed(), observed)
        result = mixplan.replan(current, scenario(curves), as_of, actual_days=observed, options=OPTIONS)
        moves.append(result.moved)
        current = result.plan
    return true_revenue(current), true_revenue(once), true_revenue(hindsight), moves


def main() -> None:
    """Run the month and print the closing figures."""
    loop, plan_once, best, moves = run()
    print(f"hindsight-optimal (true curves): {best:10.2f}")
    print(f"plan once, never re-planned:     {plan_once:10.2f}  ({plan_once / best - 1:+.2%} vs hindsight)")
    print(f"looped month (re-plan 7/14/21):  {loop:10.2f}  ({loop / best - 1:+.2%} vs hindsight)")
    print(f"posts moved per re-plan:         {moves}")


if __name__ == "__main__":
    main()
