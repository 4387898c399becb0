"""Turn the solver's Solution back into a Plan in the user's terms: dates, times, money, metrics."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from importlib.metadata import version

import mixplan
from mixplan.compile import CompiledProblem
from mixplan.metrics import decayed_factors, marginal_roas, post_metrics
from mixplan.model.base import from_minor_units
from mixplan.model.objective import MONEY_OBJECTIVES
from mixplan.model.plan import Boost, Plan, ScheduledPost, SolveReport, SpendAllocation, Totals
from mixplan.prior_spend import carried_in_by_day
from mixplan.slots import slot_datetime
from mixplan.solver import PostChoice, Solution


def money(value_minor: float) -> Decimal:
    """Minor units (possibly fractional expected values) → a Decimal amount rounded to the cent."""
    return (Decimal(repr(float(value_minor))) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def carried_in_revenue(compiled: CompiledProblem) -> Decimal:
    """What the channels' spend before the window earns on the window's days (see mixplan.prior_spend)."""
    horizon = compiled.scenario.horizon
    total = 0.0
    for channel in compiled.channels:
        if channel.curve is not None and channel.prior_spend:
            total += sum(carried_in_by_day(channel.curve, channel.prior_spend, horizon.start, horizon.days))
    return money(total * 100)


def build_plan(compiled: CompiledProblem, solution: Solution, scenario_hash: str, seed: int) -> Plan:
    """Assemble the Plan for a solved problem. Metrics are recomputed from the scenario, not taken from the solver."""
    scenario = compiled.scenario
    posts, post_revenue = _scheduled_posts(compiled, solution.posts)
    spend_rows = _spend_rows(compiled, solution)
    boosts = _boosts(compiled, solution.posts)
    ad_spend = sum((row.amount for row in spend_rows), Decimal("0.00"))
    boost_spend = sum((boost.amount for boost in boosts), Decimal("0.00"))
    paid_revenue = sum((row.expected_revenue for row in spend_rows), Decimal("0.00"))
    boost_total = sum((boost.expected_revenue for boost in boosts), Decimal("0.00"))
    organic_revenue = money(post_revenue)
    spend = ad_spend + boost_spend
    revenue = organic_revenue + paid_revenue + boost_total
    margin = scenario.objective.margin
    totals = Totals(
        spend=spend,
        ad_spend=ad_spend,
        boost_spend=boost_spend,
        revenue=revenue,
        organic_revenue=organic_revenue,
        paid_revenue=paid_revenue,
        boost_revenue=boost_total,
        roas=float((paid_revenue + boost_total) / spend) if spend > 0 else None,
        profit=(revenue * Decimal(str(margin)) - spend).quantize(Decimal("0.01")) if margin is not None else None,
        reach=sum(post.expected_impressions for post in posts),
        engagement=sum(post.expected_engagements for post in posts),
        clicks=sum(post.expected_clicks for post in posts),
        posts=len(posts),
        carried_in_revenue=carried_in_revenue(compiled),
    )
    report = _report(compiled, solution, seed)
    return Plan(
        scenario_name=scenario.name,
        scenario_hash=scenario_hash,
        currency=scenario.currency,
        timezone=scenario.horizon.timezone,
        start=scenario.horizon.start,
        days=scenario.horizon.days,
        posts=posts,
        spend=spend_rows,
        boosts=boosts,
        totals=totals,
        report=report,
        created_at=Plan.now(),
        mixplan_version=mixplan.__version__,
    )


def _scheduled_posts(compiled: CompiledProblem, choices: tuple[PostChoice, ...]) -> tuple[list[ScheduledPost], float]:
    scenario = compiled.scenario
    problem = compiled.problem
    per_day = problem.slots_per_day
    groups: dict[tuple[int, int], list[PostChoice]] = defaultdict(list)
    for choice in choices:
        groups[(choice.channel, choice.slot // per_day)].append(choice)
    posts: list[ScheduledPost] = []
    total_revenue = 0.0
    for (channel_index, day), group in groups.items():
        channel = compiled.channels[channel_index]
        posting = problem.channels[channel_index].posting
        assert posting is not None
        slot_factors = [posting.slot_value[day][choice.slot % per_day] for choice in group]
        undecayed = [problem.items[c.item].value[channel_index] * f for c, f in zip(group, slot_factors, strict=True)]
        decay = decayed_factors(undecayed, posting.same_day_decay)
        for choice, factor, multiplier in zip(group, slot_factors, decay, strict=True):
            item = scenario.content[choice.item]
            format_id = compiled.best_format[(choice.item, channel_index)]
            metrics = post_metrics(channel.audience, channel.audience.rates[format_id], item.value, factor * multiplier)
            total_revenue += metrics.revenue * 100
            posts.append(
                ScheduledPost(
                    content_id=item.id,
                    channel_id=channel.id,
                    start=slot_datetime(scenario.horizon, choice.slot),
                    format=format_id,
                    expected_impressions=metrics.impressions,
                    expected_engagements=metrics.engagements,
                    expected_clicks=metrics.clicks,
                    expected_revenue=money(metrics.revenue * 100),
                )
            )
    posts.sort(key=lambda post: (post.start, post.channel_id, post.content_id))
    return posts, total_revenue


def _spend_rows(compiled: CompiledProblem, solution: Solution) -> list[SpendAllocation]:
    scenario = compiled.scenario
    rows: list[SpendAllocation] = []
    for channel_index, data in enumerate(compiled.problem.channels):
        ads = data.ads
        if ads is None or not solution.spend:
            continue
        position = {level: j for j, level in enumerate(ads.grid)}
        for day, amount in enumerate(solution.spend[channel_index]):
            if amount <= 0:
                continue
            j = position[amount]
            factor = ads.day_factor[day]
            marginal = None
            curve = compiled.channels[channel_index].curve
            if j + 1 < len(ads.grid) and curve is not None:
                marginal = marginal_roas(curve, ads.grid[j] / 100, ads.grid[j + 1] / 100, factor)
            rows.append(
                SpendAllocation(
                    channel_id=compiled.channels[channel_index].id,
                    day=scenario.horizon.start + timedelta(days=day),
                    amount=from_minor_units(amount),
                    expected_revenue=money(ads.revenue[j] * factor),
                    marginal_roas=marginal,
                )
            )
    rows.sort(key=lambda row: (row.day, row.channel_id))
    return rows


def _boosts(compiled: CompiledProblem, choices: tuple[PostChoice, ...]) -> list[Boost]:
    scenario = compiled.scenario
    problem = compiled.problem
    boosts: list[Boost] = []
    for choice in choices:
        if choice.boost_level <= 0:
            continue
        posting = problem.channels[choice.channel].posting
        assert posting is not None and posting.boost is not None
        boost = posting.boost
        day = choice.slot // problem.slots_per_day
        item = problem.items[choice.item]
        revenue = item.boost_weight * boost.revenue[choice.boost_level] * boost.day_factor[day]
        boosts.append(
            Boost(
                content_id=scenario.content[choice.item].id,
                channel_id=compiled.channels[choice.channel].id,
                start=slot_datetime(scenario.horizon, choice.slot),
                amount=from_minor_units(boost.levels[choice.boost_level]),
                expected_revenue=money(revenue),
            )
        )
    boosts.sort(key=lambda boost: (boost.start, boost.channel_id))
    return boosts


def _report(compiled: CompiledProblem, solution: Solution, seed: int) -> SolveReport:
    kind = compiled.problem.objective.kind
    scale = 100.0 if kind in MONEY_OBJECTIVES else 1.0

    def convert(value: float | None) -> float | None:
        return None if value is None else value / scale

    messages = [*solution.messages]
    for channel in compiled.channels:
        messages += [f"{channel.id}: {note}" for note in channel.notes]
    return SolveReport(
        status=solution.status.value,
        objective=convert(solution.objective),
        best_bound=convert(solution.best_bound),
        gap=solution.gap,
        objective_kind=kind,
        wall_time_s=solution.wall_time_s,
        seed=seed,
        solver="mixplan.solver (OR-Tools)",
        solver_version=f"mixplan {mixplan.__version__}, ortools {version('ortools')}",
        parameters=dict(solution.parameters),
        messages=messages,
        conflicts=list(solution.conflicts),
        stopped_by=solution.stopped_by,
    )
