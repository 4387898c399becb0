"""The posting part of a Problem as numpy arrays, built once and shared by every phase.

Semantics follow ``mixplan.solver.problem`` (module docstring), made explicit here where the
Problem leaves room:

- a channel publishes at most one post per slot (a slot is a start time), whatever its gap;
- an item appears at most once per (channel, slot);
- ``max_uses`` counts an item's uses on all channels, ``per_channel`` its uses on one channel;
- ``cooldown`` separates two uses of an item on the same channel (a repost), ``cross_gap`` two uses
  on different channels (a cross-post; 0 lets them share a slot); ``item_gap``, the smaller of the
  two, separates any two uses whatever their channels (the form the bounds relax);
- a sliding ``PostCount`` window longer than its range is the whole range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from mixplan.solver.problem import PostCount, Problem

NO_CATEGORY = -1


@dataclass(frozen=True)
class ChannelRules:
    """The posting rules of one channel, normalized.

    ``gap`` is ``max(1, min_gap_slots)`` (one post per slot); ``day_cap`` is the effective number of
    posts one day can hold; ``week_cap`` None when no weekly limit; ``quota`` None when there is none
    or when it can never bind (checked arithmetically from gap and caps).
    """

    channel: int
    name: str
    gap: int
    day_cap: int
    week_cap: int | None
    quota: int | None
    quota_window: int
    raw_quota: int | None
    decay: tuple[float, ...]


@dataclass(frozen=True)
class ShareRule:
    """Weekly share bounds of one category as exact fractions (``num/den``), among the posts on the
    channels where ``on`` is True (all channels for a brand-wide mix)."""

    category: int
    min_share: Fraction | None
    max_share: Fraction | None
    on: np.ndarray
    scoped: bool = False


@dataclass(frozen=True)
class CountWindow:
    """One window of a ``PostCount`` rule: slots ``first..last`` inclusive."""

    rule: int
    first: int
    last: int


def share_fraction(share: float | None) -> Fraction | None:
    """A share as the nearest small fraction (0.4 → 2/5), so integer models match float checks."""
    if share is None:
        return None
    return Fraction(share).limit_denominator(10_000)


def _channel_mask(channels: tuple[int, ...] | None, n_channels: int) -> np.ndarray:
    """``(channels,)`` booleans: True on the listed channels (all when None)."""
    mask = np.ones(n_channels, dtype=bool) if channels is None else np.zeros(n_channels, dtype=bool)
    if channels is not None:
        mask[[k for k in channels if 0 <= k < n_channels]] = True
    return mask


def count_windows(rule: PostCount, index: int, slots: int) -> list[CountWindow]:
    """The windows of a PostCount rule inside the horizon (sliding, or one for the whole range)."""
    first = max(0, rule.first_slot)
    last = min(slots - 1, rule.last_slot)
    if first > last:
        return []
    if rule.window_slots is None or rule.window_slots >= last - first + 1:
        return [CountWindow(index, first, last)]
    width = max(1, rule.window_slots)
    return [CountWindow(index, s, s + width - 1) for s in range(first, last - width + 2)]


class PostingInstance:
    """Arrays describing the posting problem (items × channels × slots)."""

    def __init__(self, problem: Problem, bonus: np.ndarray | None = None) -> None:
        self.problem = problem
        self.n_items = len(problem.items)
        self.n_channels = len(problem.channels)
        self.slots_per_day = problem.slots_per_day
        self.days = problem.days
        self.n_slots = problem.days * problem.slots_per_day
        self.n_weeks = max(1, math.ceil(problem.days / 7))
        self.n_categories = max(
            [len(problem.categories)]
            + [item.category + 1 for item in problem.items]
            + [s.category + 1 for s in problem.category_shares]
        )
        n_items, n_channels, n_slots = self.n_items, self.n_channels, self.n_slots

        self.posting_channels = [k for k, ch in enumerate(problem.channels) if ch.posting is not None]
        self.slot_value = np.zeros((n_channels, n_slots))
        for k in self.posting_channels:
            posting = problem.channels[k].posting
            assert posting is not None
            grid = np.asarray(posting.slot_value, dtype=float).reshape(problem.days, problem.slots_per_day)
            self.slot_value[k] = np.maximum(grid.reshape(-1), 0.0)

        self.value = np.zeros((n_items, n_channels))
        for i, item in enumerate(problem.items):
            row = np.asarray(item.value, dtype=float)[:n_channels]
            self.value[i, : len(row)] = np.maximum(row, 0.0)
        no_posting = [k for k in range(n_channels) if k not in self.posting_channels]
        self.value[:, no_posting] = 0.0

        self.category = np.array([item.category for item in problem.items], dtype=np.int64)
        self.first = np.array([max(0, item.first_slot) for item in problem.items], dtype=np.int64)
        self.last = np.array([min(n_slots - 1, item.last_slot) for item in problem.items], dtype=np.int64)
        self.max_uses = np.array([max(0, item.max_uses) for item in problem.items], dtype=np.int64)
        self.per_channel = np.array([max(0, item.per_channel_uses) for item in problem.items], dtype=np.int64)
        self.cooldown = np.array([max(0, item.cooldown_slots) for item in problem.items], dtype=np.int64)
        self.cross_gap = np.array([max(0, item.cross_gap) for item in problem.items], dtype=np.int64)
        self.item_gap = np.minimum(self.cooldown, self.cross_gap)
        self.required = np.array([item.required for item in problem.items], dtype=bool)
        self.required_channels = np.zeros((n_items, n_channels), dtype=bool)
        for i, item in enumerate(problem.items):
            for k in item.required_channels:
                if 0 <= k < n_channels:
                    self.required_channels[i, k] = True

        day_category = list(problem.day_category) + [None] * (problem.days - len(problem.day_category))
        self.day_category = np.array(
            [NO_CATEGORY if c is None else c for c in day_category[: problem.days]], dtype=np.int64
        )
        slot_index = np.arange(n_slots)
        self.slot_day = slot_index // problem.slots_per_day
        self.slot_week = self.slot_day // 7
        in_window = (slot_index[None, :] >= self.first[:, None]) & (slot_index[None, :] <= self.last[:, None])
        slot_category = self.day_category[self.slot_day]
        category_ok = (slot_category[None, :] == NO_CATEGORY) | (slot_category[None, :] == self.category[:, None])
        self.available = in_window & category_ok

        if bonus is None:
            self.bonus = np.zeros((n_items, n_channels, problem.days))
            self.has_bonus = False
        else:
            self.bonus = np.asarray(bonus, dtype=float).reshape(n_items, n_channels, problem.days)
            self.has_bonus = bool(np.any(self.bonus != 0.0))

        self.rules = {k: self._channel_rules(k) for k in self.posting_channels}
        self.max_decay_len = max([len(r.decay) for r in self.rules.values()] + [1])
        self.uses_cap = self._effective_uses()
        self.shares = [
            ShareRule(
                s.category,
                share_fraction(s.min_share),
                share_fraction(s.max_share),
                _channel_mask(s.channels, n_channels),
                s.channels is not None,
            )
            for s in problem.category_shares
            if s.min_share is not None or s.max_share is not None
        ]
        self.count_rules = list(problem.post_counts)
        self.count_items = [self._counted_items(rule) for rule in self.count_rules]
        self._n_candidates: int | None = None
        self.count_windows = [w for r, rule in enumerate(problem.post_counts) for w in count_windows(rule, r, n_slots)]

    # -- derived facts -----------------------------------------------------------------------
    def _channel_rules(self, k: int) -> ChannelRules:
        posting = self.problem.channels[k].posting
        assert posting is not None
        spd = self.slots_per_day
        gap = max(1, posting.min_gap_slots)
        day_cap = math.ceil(spd / gap)
        if posting.max_per_day is not None:
            day_cap = min(day_cap, max(0, posting.max_per_day))
        week_cap = None if posting.max_per_week is None else max(0, posting.max_per_week)
        if week_cap is not None:
            day_cap = min(day_cap, week_cap)
            if week_cap >= 7 * day_cap:
                week_cap = None
        quota = posting.quota
        window = max(1, posting.quota_window_slots)
        if quota is not None:
            quota = max(0, quota)
            if quota >= self._max_posts_in_window(window, gap, day_cap, week_cap):
                quota = None
        decay = tuple(float(x) for x in posting.same_day_decay) or (1.0,)
        decay = decay[: max(1, day_cap)]
        return ChannelRules(
            k, self.problem.channels[k].name, gap, day_cap, week_cap, quota, window, posting.quota, decay
        )

    def _max_posts_in_window(self, window: int, gap: int, day_cap: int, week_cap: int | None) -> int:
        """An upper bound on the posts any ``window`` consecutive slots can hold under gap and caps."""
        by_gap = math.ceil(window / gap)
        days_touched = math.ceil((window - 1) / self.slots_per_day) + 1
        by_day = days_touched * day_cap
        best = min(by_gap, by_day)
        if week_cap is not None:
            weeks_touched = math.ceil((window - 1) / (7 * self.slots_per_day)) + 1
            best = min(best, weeks_touched * week_cap)
        return best

    def _effective_uses(self) -> np.ndarray:
        """``max_uses`` tightened by what the window, the channels and the spacing rules let fit."""
        span = np.maximum(self.last - self.first, -1)
        slots = self.n_slots * max(1, self.n_channels)
        one_channel = np.where(self.cooldown > 0, span // np.maximum(self.cooldown, 1) + 1, self.n_slots)
        one_channel = np.minimum(one_channel, self.per_channel)
        channels = (self.value > 0).sum(axis=1)
        fit = np.minimum(
            one_channel * channels, np.where(self.item_gap > 0, span // np.maximum(self.item_gap, 1) + 1, slots)
        )
        fit = np.where(span < 0, 0, fit)
        return np.minimum(self.max_uses, fit)

    def _counted_items(self, rule: PostCount) -> np.ndarray:
        """``(items,)`` booleans: the items whose posts a post-count rule counts (its categories and items)."""
        mask = np.ones(self.n_items, dtype=bool)
        if rule.categories is not None:
            mask &= np.isin(self.category, rule.categories)
        if rule.items is not None:
            mask &= np.isin(np.arange(self.n_items), rule.items)
        return mask

    def channel_uses_cap(self) -> np.ndarray:
        """``(items, channels)``: uses an item can have on one channel (per-channel limit, window, cool-down)."""
        span = np.maximum(self.last - self.first, -1)
        one_channel = np.where(self.cooldown > 0, span // np.maximum(self.cooldown, 1) + 1, self.n_slots)
        one_channel = np.where(span < 0, 0, np.minimum(one_channel, np.minimum(self.per_channel, self.uses_cap)))
        return np.where(self.value > 0, one_channel[:, None], 0)

    def use_conflicts(self, i: int, k: int, t: int, other_k: int, other_t: int) -> bool:
        """Two uses of item ``i``, (k, t) and (other_k, other_t), are too close for its cool-down or cross-post gap."""
        need = self.cooldown[i] if k == other_k else self.cross_gap[i]
        return abs(t - other_t) < need or (k == other_k and t == other_t)

    # -- queries -----------------------------------------------------------------------------
    def allowed_mask(self, k: int) -> np.ndarray:
        """``(items, slots)`` booleans: item may go on channel ``k`` at that slot."""
        return self.available & (self.value[:, k] > 0)[:, None] & (self.slot_value[k] > 0)[None, :]

    def n_candidates(self) -> int:
        """Number of allowed (item, channel, slot) triples (computed once)."""
        if self._n_candidates is None:
            self._n_candidates = int(sum(int(self.allowed_mask(k).sum()) for k in self.posting_channels))
        return self._n_candidates

    def week_slots(self, week: int) -> tuple[int, int]:
        """First and last global slot of a week (clipped to the horizon)."""
        first = week * 7 * self.slots_per_day
        return first, min(self.n_slots, (week + 1) * 7 * self.slots_per_day) - 1

    def slot_label(self, slot: int) -> str:
        """'Thu 2026-11-26 05:00' for a global slot ('day 3 05:00' when the problem has no day labels)."""
        day, s = divmod(slot, self.slots_per_day)
        minutes = s * self.problem.slot_minutes
        return f"{self.problem.day_name(day)} {minutes // 60:02d}:{minutes % 60:02d}"

    def category_name(self, c: int) -> str:
        """The user's name of a category, or its index."""
        return self.problem.categories[c] if 0 <= c < len(self.problem.categories) else f"category {c}"

    def channel_name(self, k: int) -> str:
        """The channel's name."""
        return self.problem.channels[k].name

    def item_name(self, i: int) -> str:
        """The item's name."""
        return self.problem.items[i].name
