"""Independent plan verifier: re-checks every rule and every reported number of a Plan against its Scenario.

It works from the scenario, the resolved platform rules and the value definitions in
:mod:`mixplan.metrics` only — never from the compiled Problem or the solver's arithmetic — so a bug in
the compiler or the solver shows up as a violation here.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from mixplan.content_check import generic_format_problems
from mixplan.efficiency import conversions_per_revenue
from mixplan.goals import goal_rules
from mixplan.metrics import (
    activity_factor,
    boost_revenue,
    carryover_factor,
    counts_tail,
    curve_revenue,
    decayed_factors,
    event_uplift,
    marginal_roas,
    post_metrics,
)
from mixplan.model.calendar import WEEKDAYS, CategoryRule
from mixplan.model.constraints import ExtraConstraint, PostCountRule, SpendRule
from mixplan.model.content import ContentItem
from mixplan.model.curves import HillCurve, ResponseCurve
from mixplan.model.plan import Plan, ScheduledPost, SpendAllocation
from mixplan.model.scenario import Scenario
from mixplan.prior_spend import carried_in_by_day, last_prior_spend
from mixplan.resolve import ResolvedChannel
from mixplan.slots import first_slot_at_or_after, last_slot_at_or_before, slot_of, wall_time_exists

CENT = Decimal("0.01")
RELATIVE_TOLERANCE = 1e-6
RATIO_OBJECTIVES = {"max_roas"}
"""Objectives whose value is a ratio; every other objective is an amount of money (major units)."""
NOISE_SHARE = 1e-8
"""Objective/bound differences up to this share of the scenario's money scale are rounding noise."""
RATIO_NOISE = 1e-9
"""Rounding noise of a ratio objective, relative to max(1, |objective|)."""


@dataclass
class Verification:
    """Result of verifying a plan: ``ok`` when ``violations`` is empty."""

    violations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the plan keeps every rule and its numbers add up."""
        return not self.violations

    def add(self, message: str) -> None:
        """Record one violation."""
        self.violations.append(message)


def verify_plan(
    plan: Plan, scenario: Scenario, channels: Sequence[ResolvedChannel], extra_rules: Sequence[ExtraConstraint] = ()
) -> Verification:
    """Check `plan` against `scenario` with its resolved `channels`; returns every violation found."""
    result = Verification()
    by_id = {channel.id: channel for channel in channels}
    rules = [*scenario.rules, *goal_rules(scenario), *extra_rules]
    slots = _check_posts(plan, scenario, by_id, result)
    _check_post_values(plan, scenario, by_id, slots, result)
    _check_content_rules(plan, scenario, slots, result)
    _check_post_rules(plan, scenario, slots, rules, result)
    _check_spend(plan, scenario, by_id, result)
    _check_spend_rules(plan, scenario, rules, result)
    _check_boosts(plan, scenario, by_id, result)
    _check_totals(plan, scenario, result)
    _check_carried_in(plan, scenario, channels, result)
    _check_objective(plan, scenario, by_id, result)
    return result


def _money(value: float) -> Decimal:
    return Decimal(repr(float(value))).quantize(CENT, rounding=ROUND_HALF_EVEN)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-6)


# -- posts ------------------------------------------------------------------------------------
def _check_posts(
    plan: Plan, scenario: Scenario, channels: dict[str, ResolvedChannel], result: Verification
) -> dict[int, int]:
    """Per-post checks; returns post index → global slot for the posts whose time is valid."""
    horizon = scenario.horizon
    items = {item.id: item for item in scenario.content}
    slots: dict[int, int] = {}
    for index, post in enumerate(plan.posts):
        where = f"post {post.content_id} on {post.channel_id} at {post.start.isoformat()}"
        channel = channels.get(post.channel_id)
        item = items.get(post.content_id)
        if channel is None or item is None:
            result.add(f"{where}: unknown {'channel' if channel is None else 'content item'}")
            continue
        if not channel.organic_enabled:
            result.add(f"{where}: {channel.id} takes no organic posts")
        if post.channel_id in item.forbidden_channels:
            result.add(f"{where}: the item forbids this channel")
        fmt = next((f for f in channel.formats if f.id == post.format), None)
        if fmt is None or post.format not in item.formats:
            result.add(f"{where}: format {post.format!r} is not available for this item on this channel")
        elif generic_format_problems(item, channel.platform, fmt):
            result.add(f"{where}: {'; '.join(generic_format_problems(item, channel.platform, fmt))}")
        slot = slot_of(horizon, post.start)
        if post.start.tzinfo is None or slot is None:
            result.add(f"{where}: not the start of a slot inside the horizon")
            continue
        local = post.start.astimezone(horizon.zone)
        if not wall_time_exists(local.replace(tzinfo=horizon.zone)):
            result.add(f"{where}: that local time does not exist (daylight-saving jump)")
        if local.hour in channel.posting.blackout_hours:
            result.add(f"{where}: {local.hour}:00 is a blackout hour of {channel.id}")
        first = 0 if item.available_from is None else first_slot_at_or_after(horizon, item.available_from)
        last = (
            horizon.days * horizon.slots_per_day - 1
            if item.available_until is None
            else last_slot_at_or_before(horizon, item.available_until)
        )
        if not first <= slot <= last:
            result.add(f"{where}: outside the item's availability window")
        slots[index] = slot
    _check_channel_limits(plan, scenario, channels, slots, result)
    return slots


def _check_channel_limits(
    plan: Plan,
    scenario: Scenario,
    channels: dict[str, ResolvedChannel],
    slots: dict[int, int],
    result: Verification,
) -> None:
    horizon = scenario.horizon
    per_day = horizon.slots_per_day
    by_channel: dict[str, list[int]] = defaultdict(list)
    for index, slot in slots.items():
        by_channel[plan.posts[index].channel_id].append(slot)
    for channel_id, channel_slots in by_channel.items():
        rules = channels[channel_id].posting
        channel_slots.sort()
        per_day_counts = Counter(slot // per_day for slot in channel_slots)
        if rules.max_posts_per_day is not None:
            for day, count in per_day_counts.items():
                if count > rules.max_posts_per_day:
                    result.add(
                        f"{channel_id}: {count} posts on {horizon.start + timedelta(days=day)}, "
                        f"the limit is {rules.max_posts_per_day}"
                    )
        if rules.max_posts_per_week is not None:
            for week, count in Counter(slot // (per_day * 7) for slot in channel_slots).items():
                if count > rules.max_posts_per_week:
                    result.add(
                        f"{channel_id}: {count} posts in week {week + 1}, the limit is {rules.max_posts_per_week}"
                    )
        for earlier, later in itertools.pairwise(channel_slots):
            gap = (later - earlier) * horizon.slot_minutes
            if gap < rules.min_gap_minutes:
                result.add(f"{channel_id}: posts {gap} minutes apart, the minimum gap is {rules.min_gap_minutes}")
        if rules.publish_quota is not None:
            window = rules.publish_quota_window_hours * 60 // horizon.slot_minutes
            for position, slot in enumerate(channel_slots):
                inside = sum(1 for other in channel_slots[position:] if other < slot + window)
                if inside > rules.publish_quota:
                    result.add(
                        f"{channel_id}: {inside} posts within {rules.publish_quota_window_hours} h, "
                        f"the publishing quota is {rules.publish_quota}"
                    )
                    break


def _check_post_values(
    plan: Plan, scenario: Scenario, channels: dict[str, ResolvedChannel], slots: dict[int, int], result: Verification
) -> None:
    """Recompute every post's expected metrics, same-day decay included."""
    horizon = scenario.horizon
    items = {item.id: item for item in scenario.content}
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for index, slot in slots.items():
        groups[(plan.posts[index].channel_id, slot // horizon.slots_per_day)].append(index)
    for (channel_id, day_index), indexes in groups.items():
        channel = channels[channel_id]
        if any(plan.posts[i].format not in channel.audience.rates for i in indexes):
            continue
        day = horizon.start + timedelta(days=day_index)
        uplift = event_uplift(scenario.events, channel_id, day, "organic")
        factors = []
        for i in indexes:
            hour = plan.posts[i].start.astimezone(horizon.zone).hour
            factors.append(activity_factor(channel.audience, day.weekday(), hour) * uplift)
        undecayed = [
            post_metrics(
                channel.audience, channel.audience.rates[plan.posts[i].format], items[plan.posts[i].content_id].value, f
            ).revenue
            for i, f in zip(indexes, factors, strict=True)
        ]
        decay = decayed_factors(undecayed, channel.posting.same_day_decay)
        for i, factor, multiplier in zip(indexes, factors, decay, strict=True):
            post = plan.posts[i]
            expected = post_metrics(
                channel.audience, channel.audience.rates[post.format], items[post.content_id].value, factor * multiplier
            )
            if not (
                _close(post.expected_impressions, expected.impressions)
                and _close(post.expected_clicks, expected.clicks)
                and _close(post.expected_engagements, expected.engagements)
                and abs(post.expected_revenue - _money(expected.revenue)) <= CENT
            ):
                result.add(_describe(post) + ": expected metrics do not match the audience and rates")


def _describe(post: ScheduledPost) -> str:
    return f"post {post.content_id} on {post.channel_id} at {post.start.isoformat()}"


def _check_spacing(item: ContentItem, placed: list[tuple[int, str]], slot_minutes: int, result: Verification) -> None:
    """Uses per channel, reposts (same channel) against the cool-down, cross-posts against the cross-post gap."""
    per_channel = Counter(channel for _slot, channel in placed)
    for channel_id, n in sorted(per_channel.items()):
        if n > item.uses_per_channel:
            result.add(
                f"content {item.id}: used {n} times on {channel_id}, max_uses_per_channel is {item.uses_per_channel}"
            )
    cooldown = item.cooldown_hours * 60 / slot_minutes
    cross_gap = item.cross_post_gap_hours * 60 / slot_minutes
    for a, (slot, channel_id) in enumerate(placed):
        for later, other in placed[a + 1 :]:
            hours = (later - slot) * slot_minutes / 60
            if other == channel_id and later - slot < cooldown:
                result.add(
                    f"content {item.id}: reposted on {channel_id} after {hours:g} h, the cool-down is "
                    f"{item.cooldown_hours} h"
                )
            elif other != channel_id and later - slot < cross_gap:
                result.add(
                    f"content {item.id}: cross-posted to {other} {hours:g} h after {channel_id}, "
                    f"cross_post_gap_hours is {item.cross_post_gap_hours}"
                )


def _check_content_rules(plan: Plan, scenario: Scenario, slots: dict[int, int], result: Verification) -> None:
    horizon = scenario.horizon
    per_day = horizon.slots_per_day
    uses: dict[str, list[int]] = defaultdict(list)
    used_on: dict[str, set[str]] = defaultdict(set)
    placed: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for index, slot in slots.items():
        post = plan.posts[index]
        uses[post.content_id].append(slot)
        used_on[post.content_id].add(post.channel_id)
        placed[post.content_id].append((slot, post.channel_id))
    for item in scenario.content:
        item_slots = sorted(uses.get(item.id, []))
        if item.max_uses is not None and len(item_slots) > item.max_uses:
            result.add(f"content {item.id}: used {len(item_slots)} times, max_uses is {item.max_uses}")
        _check_spacing(item, sorted(placed.get(item.id, [])), horizon.slot_minutes, result)
        if item.required and not item_slots:
            result.add(f"content {item.id}: required but not scheduled")
        for channel_id in item.required_channels:
            if channel_id not in used_on.get(item.id, set()):
                result.add(f"content {item.id}: must go to {channel_id} but does not")
    categories = {item.id: item.category for item in scenario.content}
    weekly: dict[int, Counter[str]] = defaultdict(Counter)
    for index, slot in slots.items():
        weekly[slot // (per_day * 7)][categories[plan.posts[index].content_id]] += 1
        weekday = WEEKDAYS[(horizon.start + timedelta(days=slot // per_day)).weekday()]
        wanted = scenario.policy.category_by_weekday.get(weekday)
        if wanted is not None and categories[plan.posts[index].content_id] != wanted:
            result.add(f"{_describe(plan.posts[index])}: on {weekday}s only {wanted!r} is posted")
    _check_mix(weekly, scenario.policy.category_mix, "", result)
    for scoped in scenario.policy.by_channel:
        group = scenario.policy_channels(scoped)
        on_group: dict[int, Counter[str]] = defaultdict(Counter)
        for index, slot in slots.items():
            if plan.posts[index].channel_id in group:
                on_group[slot // (per_day * 7)][categories[plan.posts[index].content_id]] += 1
        _check_mix(on_group, scoped.category_mix, f" on {', '.join(group)}", result)


def _check_mix(weekly: dict[int, Counter[str]], mix: Sequence[CategoryRule], where: str, result: Verification) -> None:
    """Weekly category shares (``where``: '' for all channels, ' on ig, fb' for a per-channel mix)."""
    for week, counts in weekly.items():
        total = sum(counts.values())
        for rule in mix:
            count = counts.get(rule.category, 0)
            if rule.min_share is not None and count < rule.min_share * total - 1e-9:
                result.add(
                    f"week {week + 1}: {count} of {total} posts{where} are {rule.category!r}, "
                    f"below {rule.min_share:.0%}"
                )
            if rule.max_share is not None and count > rule.max_share * total + 1e-9:
                result.add(
                    f"week {week + 1}: {count} of {total} posts{where} are {rule.category!r}, "
                    f"above {rule.max_share:.0%}"
                )


def _check_post_rules(
    plan: Plan, scenario: Scenario, slots: dict[int, int], rules: Sequence[ExtraConstraint], result: Verification
) -> None:
    horizon = scenario.horizon
    categories = {item.id: item.category for item in scenario.content}
    for rule in rules:
        if not isinstance(rule, PostCountRule):
            continue
        first_day = 0 if rule.start is None else max(0, (rule.start - horizon.start).days)
        last_day = horizon.days - 1 if rule.end is None else min(horizon.days - 1, (rule.end - horizon.start).days)
        first, last = first_day * horizon.slots_per_day, (last_day + 1) * horizon.slots_per_day - 1
        counted = sorted(
            slot
            for index, slot in slots.items()
            if first <= slot <= last
            and (rule.channels is None or plan.posts[index].channel_id in rule.channels)
            and (rule.categories is None or categories[plan.posts[index].content_id] in rule.categories)
            and (rule.items is None or plan.posts[index].content_id in rule.items)
        )
        if rule.window_hours is None:
            if rule.min_posts is not None and len(counted) < rule.min_posts:
                result.add(f"rule {rule.name!r}: {len(counted)} posts, needs at least {rule.min_posts}")
            if rule.max_posts is not None and len(counted) > rule.max_posts:
                result.add(f"rule {rule.name!r}: {len(counted)} posts, allows at most {rule.max_posts}")
            continue
        window = rule.window_hours * 60 // horizon.slot_minutes
        for position, slot in enumerate(counted):
            inside = sum(1 for other in counted[position:] if other < slot + window)
            if rule.max_posts is not None and inside > rule.max_posts:
                result.add(f"rule {rule.name!r}: {inside} posts within {rule.window_hours} h, allows {rule.max_posts}")
                break


# -- spend and boosts -------------------------------------------------------------------------
def _check_spend(plan: Plan, scenario: Scenario, channels: dict[str, ResolvedChannel], result: Verification) -> None:
    budget = scenario.budget
    seen: set[tuple[str, date]] = set()
    amounts: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for row in plan.spend:
        where = f"spend on {row.channel_id} on {row.day}"
        channel = channels.get(row.channel_id)
        day_index = (row.day - scenario.horizon.start).days
        if channel is None or not channel.ads_enabled or channel.curve is None:
            result.add(f"{where}: the channel buys no ads")
            continue
        if not 0 <= day_index < scenario.horizon.days:
            result.add(f"{where}: outside the horizon")
            continue
        if (row.channel_id, row.day) in seen:
            result.add(f"{where}: more than one row")
        seen.add((row.channel_id, row.day))
        step, minimum = channel.ads.spend_step, channel.ads.min_daily_budget
        if row.amount <= 0:
            result.add(f"{where}: a spend row must be positive")
        if row.amount < minimum:
            result.add(f"{where}: {row.amount} is below the minimum daily budget {minimum}")
        if row.amount % step != 0:
            result.add(f"{where}: {row.amount} is not a multiple of the spend step {step}")
        limits = budget.channels.get(row.channel_id)
        if limits is not None and limits.max_daily is not None and row.amount > limits.max_daily:
            result.add(f"{where}: {row.amount} is above the channel's max_daily {limits.max_daily}")
        factor = event_uplift(scenario.events, row.channel_id, row.day, "paid") * carryover_factor(
            channel.curve.carryover, day_index, scenario.horizon.days, counts_tail(scenario.channels, row.channel_id)
        )
        expected = _money(curve_revenue(channel.curve, float(row.amount)) * factor)
        if abs(expected - row.expected_revenue) > CENT:
            result.add(f"{where}: expected revenue {row.expected_revenue}, the curve gives {expected}")
        _check_marginal_roas(row, scenario, channel.curve, step, factor, result)
        amounts[row.channel_id][day_index] = row.amount
    total = budget.total
    for channel_id, by_day in amounts.items():
        spent = sum(by_day.values(), Decimal(0))
        limits = budget.channels.get(channel_id)
        if limits is not None:
            if limits.max is not None and spent > limits.max:
                result.add(f"{channel_id}: spends {spent}, its max is {limits.max}")
            if limits.max_share is not None and spent > total * Decimal(str(limits.max_share)) + CENT:
                result.add(f"{channel_id}: spends {spent}, above max_share {limits.max_share:.0%} of {total}")
        change = channels[channel_id].ads.max_daily_change
        if change is not None:
            # consecutive positive days, across pauses: a restart counts as a change
            previous = last_prior_spend(channels[channel_id].prior_spend)
            for day in sorted(by_day):
                amount = by_day[day]
                if previous > 0 and abs(amount - previous) > previous * Decimal(str(change)) + CENT:
                    result.add(
                        f"{channel_id}: spend moves from {previous} to {amount} on "
                        f"{scenario.horizon.start + timedelta(days=day)}, "
                        f"beyond the ±{change:.0%} day-over-day limit"
                        + ("" if by_day.get(day - 1) == previous else " (a restart after a pause counts as a change)")
                    )
                previous = amount
    for channel_id, limits in budget.channels.items():
        spent = sum(amounts.get(channel_id, {}).values(), Decimal(0))
        if limits.min is not None and spent < limits.min:
            result.add(f"{channel_id}: spends {spent}, its min is {limits.min}")
        if limits.min_share is not None and spent < total * Decimal(str(limits.min_share)) - CENT:
            result.add(f"{channel_id}: spends {spent}, below min_share {limits.min_share:.0%} of {total}")
    all_spend = sum((row.amount for row in plan.spend), Decimal(0)) + sum((b.amount for b in plan.boosts), Decimal(0))
    if all_spend > total:
        result.add(f"total spend {all_spend} exceeds the budget {total}")
    by_date: dict[date, Decimal] = defaultdict(Decimal)
    for row in plan.spend:
        by_date[row.day] += row.amount
    for boost in plan.boosts:
        by_date[boost.start.astimezone(scenario.horizon.zone).date()] += boost.amount
    for spend_day, spent in by_date.items():
        cap = budget.daily_caps.get(spend_day, budget.daily_cap)
        if cap is not None and spent > cap:
            result.add(f"{spend_day}: spend {spent} exceeds the daily cap {cap}")


def _check_marginal_roas(
    row: SpendAllocation,
    scenario: Scenario,
    curve: ResponseCurve,
    step: Decimal,
    factor: float,
    result: Verification,
) -> None:
    """The reported marginal ROAS is the curve's slope over the next spend step, times the day's factor.

    It may be missing only when the next step is above what the budget lets this channel spend on a day.
    """
    where = f"spend on {row.channel_id} on {row.day}"
    following = row.amount + step
    if row.marginal_roas is None:
        if following <= _daily_ceiling(scenario, row.channel_id):
            result.add(f"{where}: marginal_roas is missing, but the budget allows the next step {following}")
        return
    expected = marginal_roas(curve, float(row.amount), float(following), factor)
    if not _close(row.marginal_roas, expected):
        result.add(f"{where}: marginal_roas is {row.marginal_roas:.6g}, the curve gives {expected:.6g}")


def _daily_ceiling(scenario: Scenario, channel_id: str) -> Decimal:
    """The most this channel may spend on any one day under the budget's limits."""
    budget = scenario.budget
    ceiling = budget.total
    limits = budget.channels.get(channel_id)
    if limits is not None:
        for limit in (limits.max_daily, limits.max):
            if limit is not None:
                ceiling = min(ceiling, limit)
        if limits.max_share is not None:
            # a cent below the exact share: the cap in cents may round down
            ceiling = min(ceiling, budget.total * Decimal(str(limits.max_share)) - CENT)
    caps = [budget.daily_caps.get(day, budget.daily_cap) for day in scenario.horizon.dates()]
    if caps and all(cap is not None for cap in caps):
        ceiling = min(ceiling, max(cap for cap in caps if cap is not None))
    return ceiling


def _check_spend_rules(plan: Plan, scenario: Scenario, rules: Sequence[ExtraConstraint], result: Verification) -> None:
    for rule in rules:
        if not isinstance(rule, SpendRule):
            continue
        start = rule.start or scenario.horizon.start
        end = rule.end or scenario.horizon.end
        spent = sum(
            (
                row.amount
                for row in plan.spend
                if start <= row.day <= end and (rule.channels is None or row.channel_id in rule.channels)
            ),
            Decimal(0),
        )
        if rule.min_spend is not None and spent < rule.min_spend:
            result.add(f"rule {rule.name!r}: spend {spent} is below {rule.min_spend}")
        if rule.max_spend is not None and spent > rule.max_spend:
            result.add(f"rule {rule.name!r}: spend {spent} is above {rule.max_spend}")


def _check_boosts(plan: Plan, scenario: Scenario, channels: dict[str, ResolvedChannel], result: Verification) -> None:
    scheduled = {(post.content_id, post.channel_id, post.start) for post in plan.posts}
    items = {item.id: item for item in scenario.content}
    seen: set[tuple[str, str, datetime]] = set()
    for boost in plan.boosts:
        key = (boost.content_id, boost.channel_id, boost.start)
        where = f"boost of {boost.content_id} on {boost.channel_id} at {boost.start.isoformat()}"
        channel = channels.get(boost.channel_id)
        item = items.get(boost.content_id)
        if key not in scheduled:
            result.add(f"{where}: the post is not scheduled")
        if key in seen:
            result.add(f"{where}: boosted twice")
        seen.add(key)
        if channel is None or item is None or not channel.boost_enabled:
            result.add(f"{where}: boosting is not enabled on this channel")
            continue
        if not item.boostable:
            result.add(f"{where}: the item is not boostable")
        if boost.amount not in channel.boost_levels:
            result.add(f"{where}: {boost.amount} is not one of the boost levels {list(map(str, channel.boost_levels))}")
            continue
        day = boost.start.astimezone(scenario.horizon.zone).date()
        expected = boost_revenue(
            float(boost.amount), channel.boost_roas, float(max(channel.boost_levels)), item.value
        ) * event_uplift(scenario.events, boost.channel_id, day, "paid")
        if abs(_money(expected) - boost.expected_revenue) > CENT:
            result.add(f"{where}: expected revenue {boost.expected_revenue}, the boost model gives {_money(expected)}")
    share = scenario.budget.boost_max_share
    if share is not None:
        spent = sum((boost.amount for boost in plan.boosts), Decimal(0))
        if spent > scenario.budget.total * Decimal(str(share)) + CENT:
            result.add(f"boosts spend {spent}, above boost_max_share {share:.0%} of the budget")


# -- totals and objective ---------------------------------------------------------------------
def _check_totals(plan: Plan, scenario: Scenario, result: Verification) -> None:
    """Every figure of ``plan.totals`` against the plan's rows (and the objective's margin for profit)."""
    totals = plan.totals
    ad_spend = sum((row.amount for row in plan.spend), Decimal("0.00"))
    boost_spend = sum((boost.amount for boost in plan.boosts), Decimal("0.00"))
    paid = sum((row.expected_revenue for row in plan.spend), Decimal("0.00"))
    boosted = sum((boost.expected_revenue for boost in plan.boosts), Decimal("0.00"))
    organic = sum((post.expected_revenue for post in plan.posts), Decimal("0.00"))
    checks = {
        "ad_spend": (totals.ad_spend, ad_spend),
        "boost_spend": (totals.boost_spend, boost_spend),
        "spend": (totals.spend, ad_spend + boost_spend),
        "paid_revenue": (totals.paid_revenue, paid),
        "boost_revenue": (totals.boost_revenue, boosted),
    }
    for name, (reported, recomputed) in checks.items():
        if reported != recomputed:
            result.add(f"totals.{name} is {reported}, the rows add up to {recomputed}")
    # Organic revenue is summed unrounded, so allow one cent of rounding per post.
    if abs(totals.organic_revenue - organic) > CENT * max(1, len(plan.posts)):
        result.add(f"totals.organic_revenue is {totals.organic_revenue}, the posts add up to {organic}")
    revenue = totals.organic_revenue + paid + boosted
    if totals.revenue != revenue:
        result.add(f"totals.revenue is {totals.revenue}, organic + paid + boost revenue is {revenue}")
    if totals.posts != len(plan.posts):
        result.add(f"totals.posts is {totals.posts}, the plan has {len(plan.posts)} posts")
    post_sums = {
        "reach": (totals.reach, sum(post.expected_impressions for post in plan.posts)),
        "engagement": (totals.engagement, sum(post.expected_engagements for post in plan.posts)),
        "clicks": (totals.clicks, sum(post.expected_clicks for post in plan.posts)),
    }
    for name, (reported_sum, recomputed_sum) in post_sums.items():
        if not _close(reported_sum, recomputed_sum):
            result.add(f"totals.{name} is {reported_sum:.6g}, the posts add up to {recomputed_sum:.6g}")
    _check_roas_and_profit(plan, scenario, revenue, ad_spend + boost_spend, paid + boosted, result)


def _check_carried_in(
    plan: Plan, scenario: Scenario, channels: Sequence[ResolvedChannel], result: Verification
) -> None:
    """``totals.carried_in_revenue`` against the channels' spend before the window (mixplan.prior_spend)."""
    horizon = scenario.horizon
    carried = sum(
        sum(carried_in_by_day(channel.curve, channel.prior_spend, horizon.start, horizon.days))
        for channel in channels
        if channel.curve is not None and channel.prior_spend
    )
    expected = _money(carried)
    if abs(plan.totals.carried_in_revenue - expected) > CENT:
        result.add(
            f"totals.carried_in_revenue is {plan.totals.carried_in_revenue}, "
            f"the spend before the window carries in {expected}"
        )


def _check_roas_and_profit(
    plan: Plan, scenario: Scenario, revenue: Decimal, spend: Decimal, paid: Decimal, result: Verification
) -> None:
    """ROAS = (paid + boost revenue) / spend (None without spend); profit = margin × revenue − spend."""
    totals = plan.totals
    roas = float(paid / spend) if spend > 0 else None
    if roas is None or totals.roas is None:
        if roas != totals.roas:
            result.add(f"totals.roas is {totals.roas}, the rows give {roas}")
    elif not _close(totals.roas, roas):
        result.add(f"totals.roas is {totals.roas:.6g}, the rows give {roas:.6g}")
    margin = scenario.objective.margin
    profit = None if margin is None else (revenue * Decimal(str(margin)) - spend).quantize(CENT, ROUND_HALF_EVEN)
    if profit is None or totals.profit is None:
        if profit != totals.profit:
            result.add(f"totals.profit is {totals.profit}, margin × revenue − spend is {profit}")
    elif abs(totals.profit - profit) > CENT:
        result.add(f"totals.profit is {totals.profit}, margin × revenue − spend is {profit}")


def _check_objective(
    plan: Plan, scenario: Scenario, channels: dict[str, ResolvedChannel], result: Verification
) -> None:
    objective = scenario.objective
    target = objective.revenue_target
    if (
        objective.kind == "min_spend_for_revenue"
        and target is not None
        and plan.totals.revenue < target - CENT
        and plan.report.status != "interrupted"
    ):
        result.add(f"revenue {plan.totals.revenue} misses the target {objective.revenue_target}")
    if objective.kind == "max_roas" and objective.min_spend is not None and plan.totals.spend < objective.min_spend:
        result.add(f"spend {plan.totals.spend} is below the objective's min_spend {objective.min_spend}")
    if objective.kind in ("target_roas", "target_cpa") and plan.report.status != "interrupted":
        _check_efficiency(plan, scenario, channels, result)
    _check_gap(plan, scenario, channels, result)


def _check_efficiency(
    plan: Plan, scenario: Scenario, channels: dict[str, ResolvedChannel], result: Verification
) -> None:
    """The plan keeps its target ROAS or CPA, recomputed from its spend and boost rows.

    Each row's revenue is rounded to the cent, so the check allows a cent per row (times the target).
    """
    objective = scenario.objective
    rows = [(row.channel_id, row.amount, row.expected_revenue) for row in plan.spend]
    rows += [(boost.channel_id, boost.amount, boost.expected_revenue) for boost in plan.boosts]
    spend = float(sum((amount for _, amount, _ in rows), Decimal(0)))
    rounding = float(CENT) * (len(rows) + 1)
    if objective.kind == "target_roas" and objective.target_roas is not None:
        revenue = float(sum((revenue for _, _, revenue in rows), Decimal(0)))
        if objective.roas_basis == "blended":
            revenue += float(plan.totals.organic_revenue)
        if revenue + rounding * (1 + objective.target_roas) < objective.target_roas * spend:
            reached = revenue / spend if spend > 0 else 0.0
            result.add(
                f"ROAS ({objective.roas_basis}) is {reached:.4f}, below the objective's target_roas "
                f"{objective.target_roas:g}"
            )
    if objective.kind == "target_cpa" and objective.target_cpa is not None:
        cpa = float(objective.target_cpa)
        weights = {cid: conversions_per_revenue(ch.audience, objective.cpa_on) for cid, ch in channels.items()}
        conversions = sum(float(revenue) * weights.get(cid, 0.0) for cid, _, revenue in rows)
        most = max(weights.values(), default=0.0)
        if spend > cpa * (conversions + most * rounding) + rounding:
            cost = f"{spend / conversions:,.2f}" if conversions > 0 else "unbounded (no conversions)"
            result.add(
                f"cost per {objective.cpa_on[:-1]} is {cost}, above the objective's target_cpa {objective.target_cpa}"
            )


def _check_gap(plan: Plan, scenario: Scenario, channels: dict[str, ResolvedChannel], result: Verification) -> None:
    """Recompute the relative gap |bound − objective| / max(|bound|, |objective|) from the report.

    Differences up to the rounding slack (a cent, or 1e-8 of the scenario's money scale, whichever is
    larger; ratios: 1e-9) count as no gap, as the solver counts its rounding noise. An ``optimal``
    report must have a recomputed gap within its ``parameters.relative_gap``, and the reported gap must
    equal the recomputed one up to that slack.
    """
    report = plan.report
    tolerance = _reported_tolerance(report.parameters)
    if report.status == "optimal" and report.gap is not None and report.gap > tolerance + 1e-12:
        result.add(f"report says optimal but the gap is {report.gap:.4%}, above the relative_gap {tolerance:g}")
    if report.objective is None or report.best_bound is None:
        if report.gap is not None:
            result.add(f"report.gap is {report.gap:.6g} but the report has no objective and bound to give it")
        if report.status == "optimal":
            result.add("report says optimal but gives no objective and bound to prove it")
        return
    difference = abs(report.best_bound - report.objective)
    scale = max(abs(report.best_bound), abs(report.objective))
    slack = _rounding_slack(scenario, channels, report.objective_kind, report.objective)
    gap = 0.0 if scale == 0 else difference / scale
    slack_share = 0.0 if scale == 0 else slack / scale
    if report.status == "optimal" and gap > tolerance + slack_share + 1e-12:
        result.add(
            f"report says optimal but the gap recomputed from its objective {report.objective:.10g} and bound "
            f"{report.best_bound:.10g} is {gap:.4%}, above the relative_gap {tolerance:g}"
        )
    if report.gap is None:
        result.add(f"report.gap is missing, objective and bound give {gap:.6g}")
    elif abs(report.gap - gap) > slack_share + 1e-12:
        result.add(f"report.gap is {report.gap:.6g}, objective and bound give {gap:.6g}")


def _reported_tolerance(parameters: dict[str, object]) -> float:
    """The relative gap the solve aimed at, as its report records it (0 when it records none)."""
    value = parameters.get("relative_gap")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _rounding_slack(scenario: Scenario, channels: dict[str, ResolvedChannel], kind: str, objective: float) -> float:
    """How far objective and bound may differ by rounding alone, in the objective's units."""
    if kind in RATIO_OBJECTIVES:
        return RATIO_NOISE * max(1.0, abs(objective))
    return max(float(CENT), NOISE_SHARE * _money_scale(scenario, channels))


def _money_scale(scenario: Scenario, channels: dict[str, ResolvedChannel]) -> float:
    """The scenario's money scale (major units): the budget plus the most every ads channel could earn."""
    scale = float(scenario.budget.total)
    days = scenario.horizon.days
    for channel in channels.values():
        curve = channel.curve
        if not channel.ads_enabled or curve is None:
            continue
        top = (
            float(curve.max_revenue)
            if isinstance(curve, HillCurve)
            else max((float(point.revenue) for point in curve.points), default=0.0)
        )
        factors = (
            event_uplift(scenario.events, channel.id, day, "paid")
            * carryover_factor(curve.carryover, index, days, counts_tail(scenario.channels, channel.id))
            for index, day in enumerate(scenario.horizon.dates())
        )
        scale += abs(top) * sum(factors)
    return scale
