"""Compile a Scenario and its resolved channels into the solver's Problem: plain numbers, every rule explicit."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from mixplan.content_check import generic_format_problems
from mixplan.efficiency import conversions_per_revenue
from mixplan.errors import InfeasibleError, InputError
from mixplan.goals import goal_rules
from mixplan.magnitude import check_magnitudes
from mixplan.metrics import (
    activity_factor,
    base_post_revenue,
    boost_revenue,
    carryover_factor,
    counts_tail,
    curve_revenue,
    event_uplift,
)
from mixplan.model.base import to_minor_units
from mixplan.model.calendar import WEEKDAYS
from mixplan.model.constraints import ExtraConstraint, PostCountRule, SpendRule
from mixplan.model.content import ContentItem
from mixplan.model.curves import ResponseCurve
from mixplan.model.platform import FormatSpec
from mixplan.model.scenario import Scenario
from mixplan.prior_spend import last_prior_spend
from mixplan.resolve import ResolvedChannel
from mixplan.slots import first_slot_at_or_after, last_slot_at_or_before, slot_datetime, wall_time_exists
from mixplan.solver import (
    AdsData,
    BoostData,
    CategoryShare,
    ChannelData,
    ItemData,
    ObjectiveData,
    PostCount,
    PostingData,
    Problem,
    SpendBound,
)

ContentValidator = Callable[[ContentItem, ResolvedChannel, FormatSpec], list[str]]
"""Extra content checks (the plugins' ``mixplan_validate_content``), returning problems."""


@dataclass(frozen=True)
class CompiledProblem:
    """A Problem together with what is needed to turn its Solution back into a Plan."""

    problem: Problem
    scenario: Scenario
    channels: tuple[ResolvedChannel, ...]
    best_format: dict[tuple[int, int], str]
    """(item index, channel index) → format id used for that item on that channel."""
    rejected_formats: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    """(item index, channel index) → why no format of the item can go to that channel."""


def compile_problem(
    scenario: Scenario,
    channels: Sequence[ResolvedChannel],
    extra_rules: Sequence[ExtraConstraint] = (),
    validate_content: ContentValidator | None = None,
) -> CompiledProblem:
    """Build the Problem for `scenario` with resolved `channels`; obvious contradictions raise InfeasibleError."""
    horizon = scenario.horizon
    categories = _categories(scenario)
    best_format, rejected, item_values = _item_channel_values(scenario, channels, validate_content)
    items = tuple(
        _compile_item(scenario, index, item, item_values[index], categories, channels)
        for index, item in enumerate(scenario.content)
    )
    _presolve_items(scenario, items, channels, rejected)
    channel_data = tuple(
        ChannelData(
            name=channel.id,
            ads=_compile_ads(scenario, channel) if channel.ads_enabled else None,
            posting=_compile_posting(scenario, channel) if channel.organic_enabled else None,
        )
        for channel in channels
    )
    problem = Problem(
        days=horizon.days,
        slots_per_day=horizon.slots_per_day,
        slot_minutes=horizon.slot_minutes,
        budget=to_minor_units(scenario.budget.total),
        channels=channel_data,
        items=items,
        categories=tuple(categories),
        daily_cap=_daily_caps(scenario),
        boost_max_total=(
            to_minor_units(scenario.budget.total * Decimal(str(scenario.budget.boost_max_share)))
            if scenario.budget.boost_max_share is not None
            else None
        ),
        category_shares=_category_shares(scenario, categories, channels),
        day_category=_day_categories(scenario, categories),
        post_counts=tuple(
            _compile_post_rule(scenario, rule, channels, categories)
            for rule in [*scenario.rules, *goal_rules(scenario), *extra_rules]
            if isinstance(rule, PostCountRule)
        ),
        spend_bounds=tuple(
            _compile_spend_rule(scenario, rule, channels)
            for rule in [*scenario.rules, *goal_rules(scenario), *extra_rules]
            if isinstance(rule, SpendRule)
        ),
        objective=_compile_objective(scenario, channels),
        day_labels=_day_labels(scenario),
    )
    check_magnitudes(problem, channels)
    return CompiledProblem(
        problem=problem,
        scenario=scenario,
        channels=tuple(channels),
        best_format=best_format,
        rejected_formats=rejected,
    )


# -- content ----------------------------------------------------------------------------------
def _day_labels(scenario: Scenario) -> tuple[str, ...]:
    """'Mon 2026-11-23' for each planned day, so the solver's explanations name dates, not indices."""
    start = scenario.horizon.start
    days = (start + timedelta(days=d) for d in range(scenario.horizon.days))
    return tuple(f"{WEEKDAYS[day.weekday()][:3].capitalize()} {day.isoformat()}" for day in days)


def _categories(scenario: Scenario) -> list[str]:
    names = {item.category for item in scenario.content}
    names |= {rule.category for rule in scenario.policy.category_mix}
    names |= set(scenario.policy.category_by_weekday.values())
    for rule in scenario.rules:
        if isinstance(rule, PostCountRule):
            names |= set(rule.categories or [])
    return sorted(names)


def _item_channel_values(
    scenario: Scenario, channels: Sequence[ResolvedChannel], validate_content: ContentValidator | None
) -> tuple[dict[tuple[int, int], str], dict[tuple[int, int], list[str]], list[list[float]]]:
    best_format: dict[tuple[int, int], str] = {}
    rejected: dict[tuple[int, int], list[str]] = {}
    values: list[list[float]] = []
    for item_index, item in enumerate(scenario.content):
        row: list[float] = []
        for channel in channels:
            value, format_id, problems = _best_format(item, channel, validate_content)
            row.append(value)
            if format_id is not None:
                best_format[(item_index, channel.index)] = format_id
            elif problems:
                rejected[(item_index, channel.index)] = problems
        values.append(row)
    return best_format, rejected, values


def _best_format(
    item: ContentItem, channel: ResolvedChannel, validate_content: ContentValidator | None
) -> tuple[float, str | None, list[str]]:
    """Most valuable format of `item` on `channel` (value in minor units at slot factor 1), or why none fits."""
    if not channel.organic_enabled:
        return 0.0, None, []
    if channel.id in item.forbidden_channels:
        return 0.0, None, [f"{channel.id} is in forbidden_channels"]
    problems: list[str] = []
    best_value, best_id = 0.0, None
    for fmt in channel.formats:
        if fmt.id not in item.formats:
            continue
        found = generic_format_problems(item, channel.platform, fmt)
        if validate_content is not None:
            found += validate_content(item, channel, fmt)
        if found:
            problems += [f"{fmt.id}: {problem}" for problem in found]
            continue
        value = base_post_revenue(channel.audience, channel.audience.rates[fmt.id], item.value) * 100
        if best_id is None or value > best_value:
            best_value, best_id = value, fmt.id
    if best_id is None and not problems:
        have = ", ".join(fmt.id for fmt in channel.formats)
        problems.append(f"none of its formats ({', '.join(item.formats)}) is used on {channel.id} ({have})")
    return best_value, best_id, problems


def _category_shares(
    scenario: Scenario, categories: list[str], channels: Sequence[ResolvedChannel]
) -> tuple[CategoryShare, ...]:
    """The brand-wide category mix (all channels), then each per-channel mix (its channels' posts only)."""
    shares = [
        CategoryShare(category=categories.index(rule.category), min_share=rule.min_share, max_share=rule.max_share)
        for rule in scenario.policy.category_mix
    ]
    index = {channel.id: channel.index for channel in channels}
    for scoped in scenario.policy.by_channel:
        group = tuple(index[channel_id] for channel_id in scenario.policy_channels(scoped))
        if not group:
            continue
        shares.extend(
            CategoryShare(categories.index(rule.category), rule.min_share, rule.max_share, channels=group)
            for rule in scoped.category_mix
        )
    return tuple(shares)


def _compile_item(
    scenario: Scenario,
    index: int,
    item: ContentItem,
    values: list[float],
    categories: list[str],
    channels: Sequence[ResolvedChannel],
) -> ItemData:
    horizon = scenario.horizon
    total_slots = horizon.days * horizon.slots_per_day
    first = 0 if item.available_from is None else max(0, first_slot_at_or_after(horizon, item.available_from))
    last = total_slots - 1
    if item.available_until is not None:
        last = min(last, last_slot_at_or_before(horizon, item.available_until))
    channel_index = {channel.id: channel.index for channel in channels}
    boost_weight = item.value if item.boostable else 0.0
    return ItemData(
        name=item.id,
        category=categories.index(item.category),
        value=tuple(values),
        first_slot=first,
        last_slot=last,
        max_uses=item.uses_limit(sum(1 for v in values if v > 0)),
        max_uses_per_channel=item.uses_per_channel,
        cooldown_slots=math.ceil(item.cooldown_hours * 60 / horizon.slot_minutes),
        cross_gap_slots=math.ceil(item.cross_post_gap_hours * 60 / horizon.slot_minutes),
        required=item.required,
        required_channels=tuple(channel_index[name] for name in item.required_channels),
        boost_weight=boost_weight,
    )


def _presolve_items(
    scenario: Scenario,
    items: Sequence[ItemData],
    channels: Sequence[ResolvedChannel],
    rejected: dict[tuple[int, int], list[str]],
) -> None:
    """Contradictions that need the scenario's words to explain: required items that can go nowhere."""
    conflicts: list[str] = []
    for index, (item, data) in enumerate(zip(scenario.content, items, strict=True)):
        where = f"content[{index}] {item.id!r}"
        if (item.required or item.required_channels) and data.first_slot > data.last_slot:
            conflicts.append(f"{where} is required but its availability window lies outside the plan")
        for name in item.required_channels:
            channel = next(c for c in channels if c.id == name)
            if data.value[channel.index] <= 0:
                reasons = "; ".join(rejected.get((index, channel.index), [])) or (
                    f"{channel.label} takes no organic posts"
                )
                conflicts.append(f"{where} must go to {name}, but it cannot: {reasons}")
        if item.required and not any(value > 0 for value in data.value):
            reasons = "; ".join(
                f"{channels[k].id}: {'; '.join(problems)}"
                for (i, k), problems in sorted(rejected.items())
                if i == index
            )
            conflicts.append(f"{where} is required but fits no channel" + (f" ({reasons})" if reasons else ""))
    if conflicts:
        raise InfeasibleError(conflicts)


# -- posting ----------------------------------------------------------------------------------
def _compile_posting(scenario: Scenario, channel: ResolvedChannel) -> PostingData:
    horizon = scenario.horizon
    blackout = set(channel.posting.blackout_hours)
    rows = []
    for day_index, day in enumerate(horizon.dates()):
        uplift = event_uplift(scenario.events, channel.id, day, "organic")
        row = []
        for slot in range(horizon.slots_per_day):
            start = slot_datetime(horizon, day_index * horizon.slots_per_day + slot)
            hour = start.hour
            if hour in blackout or not wall_time_exists(start):
                row.append(0.0)
            else:
                row.append(activity_factor(channel.audience, day.weekday(), hour) * uplift)
        rows.append(tuple(row))
    rules = channel.posting
    quota_window = rules.publish_quota_window_hours * 60 // horizon.slot_minutes
    return PostingData(
        slot_value=tuple(rows),
        max_per_day=rules.max_posts_per_day,
        max_per_week=rules.max_posts_per_week,
        min_gap_slots=math.ceil(rules.min_gap_minutes / horizon.slot_minutes),
        quota=rules.publish_quota,
        quota_window_slots=max(1, quota_window),
        same_day_decay=tuple(rules.same_day_decay),
        boost=_compile_boost(scenario, channel) if channel.boost_enabled else None,
    )


def _compile_boost(scenario: Scenario, channel: ResolvedChannel) -> BoostData:
    levels = [0, *(to_minor_units(level) for level in channel.boost_levels)]
    saturation = float(max(channel.boost_levels))
    revenue = [boost_revenue(level / 100, channel.boost_roas, saturation, 1.0) * 100 for level in levels]
    return BoostData(
        levels=tuple(levels),
        revenue=tuple(revenue),
        day_factor=tuple(event_uplift(scenario.events, channel.id, day, "paid") for day in scenario.horizon.dates()),
    )


# -- spend ------------------------------------------------------------------------------------
def spend_grid(scenario: Scenario, channel: ResolvedChannel) -> tuple[int, ...]:
    """Allowed daily spend levels of a channel in minor units: 0, then the minimum and every step above it."""
    budget = scenario.budget
    step = to_minor_units(channel.ads.spend_step)
    minimum = to_minor_units(channel.ads.min_daily_budget)
    first = max(step, math.ceil(minimum / step) * step) if minimum > 0 else step
    cap = to_minor_units(budget.total)
    channel_budget = budget.channels.get(channel.id)
    if channel_budget is not None:
        for limit in (channel_budget.max_daily, channel_budget.max):
            if limit is not None:
                cap = min(cap, to_minor_units(limit))
        if channel_budget.max_share is not None:
            cap = min(cap, math.floor(to_minor_units(budget.total) * channel_budget.max_share))
    day_caps = [c for c in _daily_caps(scenario) if c is not None]
    if day_caps and len(day_caps) == scenario.horizon.days:
        cap = min(cap, max(day_caps))
    top = (cap // step) * step
    if top < first:
        return (0,)
    return (0, *range(first, top + 1, step))


def _compile_ads(scenario: Scenario, channel: ResolvedChannel) -> AdsData:
    assert channel.curve is not None
    grid = spend_grid(scenario, channel)
    budget = scenario.budget
    min_total, max_total = 0, None
    channel_budget = budget.channels.get(channel.id)
    total = to_minor_units(budget.total)
    if channel_budget is not None:
        if channel_budget.min is not None:
            min_total = to_minor_units(channel_budget.min)
        if channel_budget.min_share is not None:
            min_total = max(min_total, math.ceil(total * channel_budget.min_share))
        if channel_budget.max is not None:
            max_total = to_minor_units(channel_budget.max)
        if channel_budget.max_share is not None:
            share_cap = math.floor(total * channel_budget.max_share)
            max_total = share_cap if max_total is None else min(max_total, share_cap)
    return AdsData(
        grid=grid,
        revenue=_revenue_on_grid(channel.curve, grid),
        day_factor=paid_day_factors(scenario, channel.id, channel.curve),
        min_daily=grid[1] if len(grid) > 1 else 0,
        step=to_minor_units(channel.ads.spend_step),
        max_daily=grid[-1],
        min_total=min_total,
        max_total=max_total,
        max_change=channel.ads.max_daily_change,
        samples=tuple(_revenue_on_grid(sample, grid) for sample in channel.curve_samples),
        previous_spend=to_minor_units(last_prior_spend(channel.prior_spend)),
    )


def _revenue_on_grid(curve: ResponseCurve, grid: Sequence[int]) -> tuple[float, ...]:
    return tuple(curve_revenue(curve, level / 100) * 100 for level in grid)


def paid_day_factors(scenario: Scenario, channel_id: str, curve: ResponseCurve) -> tuple[float, ...]:
    """Per-day multiplier of paid revenue: event uplift × carry-over earned within the horizon."""
    days = scenario.horizon.days
    return tuple(
        event_uplift(scenario.events, channel_id, day, "paid")
        * carryover_factor(curve.carryover, index, days, counts_tail(scenario.channels, channel_id))
        for index, day in enumerate(scenario.horizon.dates())
    )


def _daily_caps(scenario: Scenario) -> tuple[int | None, ...]:
    budget = scenario.budget
    caps: list[int | None] = []
    for day in scenario.horizon.dates():
        specific = budget.daily_caps.get(day)
        general = budget.daily_cap
        chosen = specific if specific is not None else general
        caps.append(None if chosen is None else to_minor_units(chosen))
    return tuple(caps)


def _day_categories(scenario: Scenario, categories: list[str]) -> tuple[int | None, ...]:
    rotation = scenario.policy.category_by_weekday
    if not rotation:
        return ()
    return tuple(
        categories.index(rotation[WEEKDAYS[day.weekday()]]) if WEEKDAYS[day.weekday()] in rotation else None
        for day in scenario.horizon.dates()
    )


# -- rules and objective ----------------------------------------------------------------------
def _day_range(scenario: Scenario, start: date | None, end: date | None, where: str) -> tuple[int, int]:
    horizon = scenario.horizon
    first = 0 if start is None else (start - horizon.start).days
    last = horizon.days - 1 if end is None else (end - horizon.start).days
    first, last = max(first, 0), min(last, horizon.days - 1)
    if first > last:
        raise InputError(where, "its dates lie outside the plan's horizon")
    return first, last


def _channel_indexes(
    names: list[str] | None, channels: Sequence[ResolvedChannel], where: str
) -> tuple[int, ...] | None:
    if names is None:
        return None
    index = {channel.id: channel.index for channel in channels}
    for name in names:
        if name not in index:
            raise InputError(where, f"unknown channel {name!r}")
    return tuple(index[name] for name in names)


def _compile_post_rule(
    scenario: Scenario, rule: PostCountRule, channels: Sequence[ResolvedChannel], categories: list[str]
) -> PostCount:
    where = f"rule {rule.name!r}"
    first_day, last_day = _day_range(scenario, rule.start, rule.end, where)
    per_day = scenario.horizon.slots_per_day
    for category in rule.categories or []:
        if category not in categories:
            raise InputError(where, f"unknown category {category!r}")
    content = [item.id for item in scenario.content]
    for item_id in rule.items or []:
        if item_id not in content:
            raise InputError(where, f"unknown content item {item_id!r}")
    return PostCount(
        name=rule.name,
        channels=_channel_indexes(rule.channels, channels, where),
        categories=None if rule.categories is None else tuple(categories.index(c) for c in rule.categories),
        first_slot=first_day * per_day,
        last_slot=(last_day + 1) * per_day - 1,
        window_slots=None if rule.window_hours is None else rule.window_hours * 60 // scenario.horizon.slot_minutes,
        lo=rule.min_posts or 0,
        hi=rule.max_posts,
        items=None if rule.items is None else tuple(content.index(item_id) for item_id in rule.items),
    )


def _compile_spend_rule(scenario: Scenario, rule: SpendRule, channels: Sequence[ResolvedChannel]) -> SpendBound:
    where = f"rule {rule.name!r}"
    first_day, last_day = _day_range(scenario, rule.start, rule.end, where)
    return SpendBound(
        name=rule.name,
        channels=_channel_indexes(rule.channels, channels, where),
        first_day=first_day,
        last_day=last_day,
        lo=0 if rule.min_spend is None else to_minor_units(rule.min_spend),
        hi=None if rule.max_spend is None else to_minor_units(rule.max_spend),
    )


def _compile_objective(scenario: Scenario, channels: Sequence[ResolvedChannel]) -> ObjectiveData:
    objective = scenario.objective
    per_revenue: tuple[float, ...] = ()
    if objective.kind == "target_cpa":
        # conversions per minor unit of paid revenue
        per_revenue = tuple(conversions_per_revenue(c.audience, objective.cpa_on) / 100 for c in channels)
    return ObjectiveData(
        kind=objective.kind,
        margin=objective.margin,
        revenue_target=None if objective.revenue_target is None else to_minor_units(objective.revenue_target),
        min_spend=None if objective.min_spend is None else to_minor_units(objective.min_spend),
        risk_measure=objective.risk_measure,
        risk_alpha=objective.risk_alpha,
        risk_lambda=objective.risk_lambda,
        target_roas=objective.target_roas,
        roas_basis=objective.roas_basis,
        target_cpa=None if objective.target_cpa is None else float(to_minor_units(objective.target_cpa)),
        conversions_per_revenue=per_revenue,
    )
