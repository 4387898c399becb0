"""Refuse scenarios whose figures are too large to add up: one clear error instead of an overflow.

Each input is bounded by the model, but products of bounds (an audience of 10^10 people times an order
value of 10^12) can still make a plan's expected revenue exceed what its totals can hold. The check
runs on the compiled Problem, before any solving, and names the channel that contributes most.
"""

from __future__ import annotations

from collections.abc import Sequence

from mixplan.errors import InputError
from mixplan.resolve import ResolvedChannel
from mixplan.solver import Problem

MOST_PLANNED_REVENUE_MINOR = 10**17
"""The most expected revenue (minor units) a plan may reach: 10^15 in major units, well inside a plan's
totals (at most 9 × 10^16) and the solver's float and 64-bit arithmetic."""


def channel_potential(problem: Problem, channel: int) -> float:
    """An upper bound on the expected revenue (minor units) of one channel over the horizon."""
    data = problem.channels[channel]
    total = 0.0
    if data.ads is not None:
        total += max(abs(v) for v in data.ads.revenue) * sum(data.ads.day_factor)
    posting = data.posting
    if posting is not None and problem.items:
        per_day = posting.max_per_day if posting.max_per_day is not None else problem.slots_per_day
        posts = per_day * problem.days
        best_slot = max((max(row, default=0.0) for row in posting.slot_value), default=0.0)
        total += max(item.value[channel] for item in problem.items) * best_slot * posts
        if posting.boost is not None:
            weight = max(item.boost_weight for item in problem.items)
            factor = max(posting.boost.day_factor, default=1.0)
            total += weight * max(abs(v) for v in posting.boost.revenue) * factor * posts
    return total


def check_magnitudes(problem: Problem, channels: Sequence[ResolvedChannel]) -> None:
    """Raise InputError, naming the largest channel, when the plan's revenue could exceed the ceiling."""
    potentials = [channel_potential(problem, k) for k in range(len(problem.channels))]
    if not potentials or sum(potentials) <= MOST_PLANNED_REVENUE_MINOR:
        return
    largest = max(range(len(potentials)), key=potentials.__getitem__)
    channel = channels[largest]
    raise InputError(
        f"channels[{channel.index}]",
        f"{channel.channel.id} could earn up to {potentials[largest] / 100:.3g} in this plan, more than mixplan "
        f"adds up (at most {MOST_PLANNED_REVENUE_MINOR // 100:,} in all); check its audience size, rates, "
        "average_order_value and response curve",
    )
