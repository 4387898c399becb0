"""The exact value of a posting schedule, by the Problem's semantics (same-day decay by sorted rank)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np
from mixplan.solver.problem import Problem
from mixplan.solver.solution import PostChoice


def decayed_sum(values: Iterable[float], decay: tuple[float, ...]) -> float:
    """Sum of one channel-day's post values, the r-th highest times ``decay[min(r, len - 1)]``."""
    ranked = sorted(values, reverse=True)
    if not decay:
        return float(sum(ranked))
    last = len(decay) - 1
    return float(sum(v * decay[min(r, last)] for r, v in enumerate(ranked)))


def posting_value(problem: Problem, posts: Iterable[PostChoice], bonus: np.ndarray | None = None) -> float:
    """Organic value of ``posts`` (same-day decay applied) plus ``bonus[item, channel, day]`` of each post.

    Follows the ``mixplan.solver.problem`` docstring exactly: a post of item ``i`` on channel ``k``
    at slot ``t`` (day ``d``) is worth ``items[i].value[k] * slot_value[d][s]``; within a channel-day
    the posts are sorted by that worth and the r-th is multiplied by ``same_day_decay[min(r, len-1)]``.
    It does not check the rules.
    """
    per_day: dict[tuple[int, int], list[float]] = defaultdict(list)
    extra = 0.0
    spd = problem.slots_per_day
    for post in posts:
        posting = problem.channels[post.channel].posting
        if posting is None:
            raise ValueError(f"channel {problem.channels[post.channel].name!r} takes no posts")
        day, slot = divmod(post.slot, spd)
        worth = problem.items[post.item].value[post.channel] * posting.slot_value[day][slot]
        per_day[(post.channel, day)].append(worth)
        if bonus is not None:
            extra += float(bonus[post.item, post.channel, day])
    total = 0.0
    for (k, _day), values in per_day.items():
        posting = problem.channels[k].posting
        assert posting is not None
        total += decayed_sum(values, posting.same_day_decay)
    return total + extra
