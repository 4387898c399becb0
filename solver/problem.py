"""The Problem: everything the solver needs, as plain numbers, with every rule explicit.

This module is the contract between ``mixplan`` (which compiles a Scenario into a Problem) and
the solver. It imports nothing from mixplan: a Problem can be built by hand, serialized to
JSON for a bug report and solved without plugins, files or a database.

Conventions
-----------
- Money (spend) is integer minor units (cents). Expected revenue is a float in minor units: it
  is an estimate, never a balance; the caller rounds it when reporting.
- Time is a grid of ``days × slots_per_day`` slots. Slot ``t = day * slots_per_day + s`` is the
  global index; weeks are ``day // 7``.
- Indices refer to positions in the tuples (``channels``, ``items``, ``categories``).

Semantics of the value of posts
-------------------------------
A post of item ``i`` on posting channel ``k`` at global slot ``t`` (day ``d``) earns
``items[i].value[k] * channels[k].posting.slot_value[d][s]`` before the same-day decay. Within one
channel-day, posts are ranked by that value (highest first) and the r-th (0-based) is multiplied
by ``same_day_decay[min(r, len - 1)]`` (non-increasing, so a maximizer's best ranking is the
sorted one). A ``slot_value`` of 0 means nothing may be posted in that slot (blackout).

Semantics of paid spend
-----------------------
Channel ``c`` with ``ads`` spends ``x[c][d]`` on day ``d``, one of ``ads.grid`` (ascending, first
0; every positive level is at least the platform minimum). It earns
``ads.revenue[j] * ads.day_factor[d]`` where ``ads.grid[j] == x[c][d]``. ``day_factor`` folds in
event multipliers and the carry-over earned inside the horizon, so revenue stays separable.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ObjectiveKind = Literal[
    "max_revenue", "max_profit", "min_spend_for_revenue", "max_roas", "risk_aware", "target_roas", "target_cpa"
]


@dataclass(frozen=True)
class AdsData:
    """Paid spend options of one channel.

    ``grid``: allowed daily spend levels in minor units, ascending, ``grid[0] == 0``; the positive
    levels are ``min_daily, min_daily + step, …`` up to ``max_daily``.
    ``revenue[j]``: expected revenue of spending ``grid[j]`` on a day with factor 1.
    ``samples``: alternative revenue vectors on the same grid (risk-aware objective), may be empty.
    ``max_change``: day-over-day limit as a fraction: if the last day that spent before today spent
    ``p > 0``, today's positive spend ``x`` must satisfy ``p * (1 - max_change) <= x <= p * (1 +
    max_change)``. Pausing (spending 0) is always allowed, but restarting after a pause counts as a
    change from the level before the pause (ad platforms restart their learning phase too).
    ``None``: no limit.
    ``previous_spend``: the last positive daily spend before the window (minor units, 0 = none or
    unknown); with ``max_change``, the window's first positive day is limited against it.
    """

    grid: tuple[int, ...]
    revenue: tuple[float, ...]
    day_factor: tuple[float, ...]
    min_daily: int
    step: int
    max_daily: int
    min_total: int = 0
    max_total: int | None = None
    max_change: float | None = None
    samples: tuple[tuple[float, ...], ...] = ()
    previous_spend: int = 0


@dataclass(frozen=True)
class BoostData:
    """Promotion of a channel's scheduled posts.

    A post of item ``i`` scheduled on day ``d`` may get one of ``levels`` (minor units, first 0);
    level ``j`` earns ``items[i].boost_weight * revenue[j] * day_factor[d]``. A boost exists only
    if its post is scheduled; its spend counts in the budget and in that day's cap.
    """

    levels: tuple[int, ...]
    revenue: tuple[float, ...]
    day_factor: tuple[float, ...]


@dataclass(frozen=True)
class PostingData:
    """Organic posting options and rules of one channel.

    ``slot_value[d][s]``: multiplier of item values in that slot (0 = blackout).
    ``min_gap_slots``: two posts of this channel at slots ``t1 < t2`` need ``t2 - t1 >= min_gap_slots``.
    ``quota``: at most this many posts in any ``quota_window_slots`` consecutive slots.
    """

    slot_value: tuple[tuple[float, ...], ...]
    max_per_day: int | None
    max_per_week: int | None
    min_gap_slots: int
    quota: int | None
    quota_window_slots: int
    same_day_decay: tuple[float, ...]
    boost: BoostData | None = None


@dataclass(frozen=True)
class ChannelData:
    """One channel: a name for messages, and its paid and/or organic options."""

    name: str
    ads: AdsData | None = None
    posting: PostingData | None = None


@dataclass(frozen=True)
class ItemData:
    """One content item.

    ``value[k]``: revenue of posting it on channel ``k`` in a slot of value 1 (0 = not allowed there).
    ``first_slot``/``last_slot``: inclusive global slot window. ``max_uses``: uses on all channels
    together. ``max_uses_per_channel``: uses on any one channel (None: ``max_uses``).
    ``cooldown_slots``: two uses on the same channel at ``t1 < t2`` need ``t2 - t1 >= cooldown_slots``
    (a repost). ``cross_gap_slots``: two uses on different channels need ``|t2 - t1| >= cross_gap_slots``
    (a cross-post; None: ``cooldown_slots``, i.e. one cool-down between any two uses). ``required``:
    used at least once. ``required_channels``: used at least once on each.
    """

    name: str
    category: int
    value: tuple[float, ...]
    first_slot: int
    last_slot: int
    max_uses: int
    cooldown_slots: int
    required: bool = False
    required_channels: tuple[int, ...] = ()
    boost_weight: float = 0.0
    max_uses_per_channel: int | None = None
    cross_gap_slots: int | None = None

    @property
    def per_channel_uses(self) -> int:
        """The effective per-channel use limit."""
        return self.max_uses if self.max_uses_per_channel is None else min(self.max_uses, self.max_uses_per_channel)

    @property
    def cross_gap(self) -> int:
        """The effective least distance between uses on different channels."""
        return self.cooldown_slots if self.cross_gap_slots is None else self.cross_gap_slots


@dataclass(frozen=True)
class CategoryShare:
    """In every week, posts of ``category`` are at least ``min_share`` and at most ``max_share`` of all posts.

    ``channels``: only the posts on these channels count, for both the category and the total (a per-channel
    or channel-group mix); None = all channels.
    """

    category: int
    min_share: float | None
    max_share: float | None
    channels: tuple[int, ...] | None = None


@dataclass(frozen=True)
class PostCount:
    """``lo <= number of posts on `channels` (of `categories`, of `items`) in every window <= hi``.

    ``window_slots`` None: one window from ``first_slot`` to ``last_slot``; else every sliding window
    of that many slots inside the range. ``channels``/``categories``/``items`` None: all.
    """

    name: str
    channels: tuple[int, ...] | None
    categories: tuple[int, ...] | None
    first_slot: int
    last_slot: int
    window_slots: int | None
    lo: int
    hi: int | None
    items: tuple[int, ...] | None = None


@dataclass(frozen=True)
class SpendBound:
    """``lo <= total ad spend of `channels` over days first_day..last_day <= hi`` (boosts excluded)."""

    name: str
    channels: tuple[int, ...] | None
    first_day: int
    last_day: int
    lo: int
    hi: int | None


@dataclass(frozen=True)
class ObjectiveData:
    """The objective and its parameters (money in minor units)."""

    kind: ObjectiveKind = "max_revenue"
    margin: float | None = None
    revenue_target: int | None = None
    min_spend: int | None = None
    risk_measure: Literal["cvar", "mean_sd"] = "cvar"
    risk_alpha: float = 0.2
    risk_lambda: float = 1.0
    target_roas: float | None = None
    """target_roas: revenue per unit of paid spend to keep (paid, or with ``roas_basis`` blended, revenue)."""
    roas_basis: Literal["paid", "blended"] = "paid"
    """target_roas: ``paid`` counts ads + boost revenue; ``blended`` adds the organic revenue of the posts."""
    target_cpa: float | None = None
    """target_cpa: most paid spend (minor units) per paid conversion."""
    conversions_per_revenue: tuple[float, ...] = ()
    """target_cpa: per channel, conversions (orders or clicks) per minor unit of the channel's paid revenue."""


@dataclass(frozen=True)
class Problem:
    """A complete, immutable planning problem."""

    days: int
    slots_per_day: int
    slot_minutes: int
    budget: int
    channels: tuple[ChannelData, ...]
    items: tuple[ItemData, ...] = ()
    categories: tuple[str, ...] = ()
    daily_cap: tuple[int | None, ...] = ()
    boost_max_total: int | None = None
    category_shares: tuple[CategoryShare, ...] = ()
    day_category: tuple[int | None, ...] = ()
    post_counts: tuple[PostCount, ...] = ()
    spend_bounds: tuple[SpendBound, ...] = ()
    objective: ObjectiveData = field(default_factory=ObjectiveData)
    day_labels: tuple[str, ...] = ()
    """How messages name each day, e.g. 'Mon 2026-11-23' (empty: 'day 0', 'day 1', …)."""

    @property
    def slots(self) -> int:
        """Number of slots in the horizon."""
        return self.days * self.slots_per_day

    def day_name(self, day: int) -> str:
        """The user's name of a day: its label when the compiler gave labels, else 'day N'."""
        if 0 <= day < len(self.day_labels):
            return self.day_labels[day]
        return f"day {day}"

    def day_span(self, first: int, last: int) -> str:
        """'Mon 2026-11-23' for one day, 'Mon 2026-11-23 – Sun 2026-11-29' for a range."""
        if first == last:
            return self.day_name(first)
        return f"{self.day_name(first)} – {self.day_name(last)}"

    def to_json(self) -> str:
        """The problem as JSON (for bug reports and for the benchmark corpus)."""
        return json.dumps(asdict(self), separators=(",", ":"))

    @staticmethod
    def from_json(text: str) -> Problem:
        """Rebuild a Problem from :meth:`to_json` output."""
        return problem_from_dict(json.loads(text))


def _tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def problem_from_dict(data: dict[str, Any]) -> Problem:
    """Rebuild a Problem from the dict form of :func:`dataclasses.asdict`."""

    def ads(d: dict[str, Any] | None) -> AdsData | None:
        return None if d is None else AdsData(**{k: _tuples(v) for k, v in d.items()})

    def boost(d: dict[str, Any] | None) -> BoostData | None:
        return None if d is None else BoostData(**{k: _tuples(v) for k, v in d.items()})

    def posting(d: dict[str, Any] | None) -> PostingData | None:
        if d is None:
            return None
        fields = {k: _tuples(v) for k, v in d.items() if k != "boost"}
        return PostingData(**fields, boost=boost(d.get("boost")))

    channels = tuple(
        ChannelData(name=c["name"], ads=ads(c.get("ads")), posting=posting(c.get("posting"))) for c in data["channels"]
    )
    return Problem(
        days=data["days"],
        slots_per_day=data["slots_per_day"],
        slot_minutes=data["slot_minutes"],
        budget=data["budget"],
        channels=channels,
        items=tuple(ItemData(**{k: _tuples(v) for k, v in i.items()}) for i in data.get("items", [])),
        categories=tuple(data.get("categories", [])),
        daily_cap=tuple(data.get("daily_cap", [])),
        boost_max_total=data.get("boost_max_total"),
        category_shares=tuple(CategoryShare(**c) for c in data.get("category_shares", [])),
        day_category=tuple(data.get("day_category", [])),
        post_counts=tuple(PostCount(**{k: _tuples(v) for k, v in p.items()}) for p in data.get("post_counts", [])),
        spend_bounds=tuple(SpendBound(**{k: _tuples(v) for k, v in s.items()}) for s in data.get("spend_bounds", [])),
        objective=ObjectiveData(**{k: _tuples(v) for k, v in data.get("objective", {}).items()}),
        day_labels=tuple(data.get("day_labels", [])),
    )
