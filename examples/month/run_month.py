"""A scripted month: plan on day 0, generate a week of "actuals" from known true curves and rates
with noise, re-plan on days 7, 14 and 21, and compare the looped month with the plan made once and
with the hindsight-optimal plan on the true curves. Run: ``python examples/month/run_month.py``.

Two paid channels and one organic Instagram channel with a content backlog. The starting curves
are off by 30 %: search truly earns 30 % more than believed, social 30 % less. The organic posts
truly get 60 % more clicks per impression than the platform's default as reels, 20 % fewer as
images and carousels. Learning is mixplan's own
(:mod:`mixplan.learning`): each re-plan refits the curves on the delivered days and shrinks the
post rates toward the observed ones; the script only generates the actuals. See docs/loop.md.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import mixplan
from mixplan.metrics import carryover_factor, curve_revenue
from mixplan.model.actuals import PostActual
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
TRUE_CLICKS = {"reel": 1.6, "image": 0.8, "carousel": 0.8}  # true clicks per impression / believed
OPTIONS = mixplan.PlanOptions(time_limit_s=5)
CONTENT: list[dict[str, Any]] = [
    {"id": f"post{k}", "title": f"Backlog post {k}", "category": "product" if k % 3 else "story",
     "formats": ["image", "carousel"] if k % 2 else ["reel"], "value": 1.0 + (k % 4) / 4,
     "max_uses": 2, "cooldown_hours": 96}
    for k in range(12)
]  # fmt: skip


def scenario(curves: dict[str, HillCurve]) -> mixplan.Scenario:
    """Two paid channels, an organic Instagram channel, a four-week window, a 6,000 budget."""
    channels: list[dict[str, Any]] = [
        {
            "id": name,
            "platform": "google_ads",
            "organic": False,
            "ads": {"curve": {"kind": "hill", **curve.model_dump(mode="json", exclude={"kind"})}},
        }
        for name, curve in curves.items()
    ]
    channels.append({"id": "ig", "platform": "instagram", "ads": {"enabled": False}})
    return mixplan.scenario_from_data(
        {
            "name": "Month loop",
            "currency": "EUR",
            "horizon": {"start": START.isoformat(), "days": DAYS, "timezone": "Europe/Berlin"},
            "channels": channels,
            "content": CONTENT,
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


class World:
    """What truly happens: delivered spend as planned, observed revenue from the true curves (its own
    day's, with ±10 % noise, plus the carry-over of the days before, as `history` means revenue),
    and the planned posts published with the true click rate."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.carried = {name: 0.0 for name in TRUE}

    def days(self, plan: Plan, first: date, last: date) -> list[HistoryRow]:
        """Channel-day actuals of the days first .. last - 1 (called week after week, in order)."""
        rows = []
        day = first
        while day < last:
            for name, curve in TRUE.items():
                spend = next((row.amount for row in plan.spend if row.channel_id == name and row.day == day), None)
                own = curve_revenue(curve, float(spend or 0)) * self.rng.uniform(0.9, 1.1)
                self.carried[name] = own + curve.carryover * self.carried[name]
                if spend is not None:
                    revenue = Decimal(str(round(self.carried[name], 2)))
                    rows.append(HistoryRow(day=day, channel_id=name, spend=spend, revenue=revenue))
            day += timedelta(days=1)
        return rows

    def posts(self, plan: Plan, first: date, last: date) -> list[PostActual]:
        """Every planned post of those days published as planned, with more clicks than believed."""
        found = []
        for post in plan.posts:
            if not first <= post.start.date() < last:
                continue
            impressions = round(post.expected_impressions * self.rng.uniform(0.9, 1.1))
            ratio = impressions / max(post.expected_impressions, 1e-9)
            found.append(
                PostActual(
                    content_id=post.content_id,
                    channel_id=post.channel_id,
                    published_at=post.start,
                    impressions=impressions,
                    engagements=round(post.expected_engagements * ratio),
                    clicks=round(post.expected_clicks * ratio * TRUE_CLICKS[post.format]),
                    orders=0,
                    revenue=(post.expected_revenue * Decimal(str(round(ratio * TRUE_CLICKS[post.format], 4)))).quantize(
                        Decimal("0.01")
                    ),
                )
            )
        return found


KEPT: list[tuple[int, int, int, int]] = []
"""Posts kept, moved, added and dropped after as-of by each re-plan of the last run."""


def run() -> tuple[float, float, float, list[int]]:
    """The month: revenue on the true curves of the loop, the plan made once, hindsight; moves per re-plan."""
    world = World()
    KEPT.clear()
    once = mixplan.plan(scenario(believed()), options=OPTIONS)
    hindsight = mixplan.plan(scenario(TRUE), options=OPTIONS)
    current, current_scenario = once, scenario(believed())
    days: list[HistoryRow] = []
    posts: list[PostActual] = []
    moves: list[int] = []
    for as_of in (START + timedelta(days=7), START + timedelta(days=14), START + timedelta(days=21)):
        days += world.days(current, as_of - timedelta(days=7), as_of)
        posts += world.posts(current, as_of - timedelta(days=7), as_of)
        result = mixplan.replan(current, current_scenario, as_of, actual_days=days, actual_posts=posts, options=OPTIONS)
        moves.append(result.moved)
        KEPT.append((result.kept, result.moved, result.added, result.dropped))
        current = result.plan
        assert result.scenario is not None
        current_scenario = result.scenario  # what was learned, as `mixplan replan` stores it
    return true_revenue(current), true_revenue(once), true_revenue(hindsight), moves


def main() -> None:
    """Run the month and print the closing figures."""
    loop, plan_once, best, moves = run()
    print(f"hindsight-optimal (true curves): {best:10.2f}")
    print(f"plan once, never re-planned:     {plan_once:10.2f}  ({plan_once / best - 1:+.2%} vs hindsight)")
    print(f"looped month (re-plan 7/14/21):  {loop:10.2f}  ({loop / best - 1:+.2%} vs hindsight)")
    print(f"posts moved per re-plan:         {moves}")
    for as_of, (kept, moved, added, dropped) in zip((7, 14, 21), KEPT, strict=True):
        print(f"  re-plan on day {as_of}: {kept} kept, {moved} moved, {added} added, {dropped} dropped")


if __name__ == "__main__":
    main()
