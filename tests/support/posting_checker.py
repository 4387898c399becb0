"""An independent rule checker, value function and brute force for the posting calendar (tests only).

Written from the ``mixplan.solver.problem`` docstring and docs/solver.md ("Posting calendar"), not from the
optimizer's code: a channel publishes at most one post per slot; two uses of an item on one channel closer
than its cool-down, or on two channels closer than its cross-post gap (None: the cool-down, also in the same
slot), break it; an item has at most ``max_uses`` uses and ``max_uses_per_channel`` on one channel;
weeks are ``day // 7``; a sliding post-count window longer
than its range is the range. Tested in tests/solver/test_posting_checker.py.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from hypothesis import strategies as st
from mixplan.solver import CategoryShare, ChannelData, ItemData, PostChoice, PostCount, PostingData, Problem


def checker_violations(problem: Problem, posts: Sequence[PostChoice]) -> list[str]:
    """Every broken posting rule (empty list: the schedule is valid)."""
    out: list[str] = []
    spd = problem.slots_per_day
    n_slots = problem.days * spd
    seen: set[tuple[int, int]] = set()
    by_channel: dict[int, list[int]] = defaultdict(list)
    by_item: dict[int, list[int]] = defaultdict(list)
    for p in posts:
        if not (0 <= p.channel < len(problem.channels) and 0 <= p.item < len(problem.items) and 0 <= p.slot < n_slots):
            out.append(f"out of range: {p}")
            continue
        posting = problem.channels[p.channel].posting
        item = problem.items[p.item]
        day, s = divmod(p.slot, spd)
        if posting is None:
            out.append(f"channel {p.channel} takes no posts")
            continue
        if (p.channel, p.slot) in seen:
            out.append(f"two posts on channel {p.channel} at slot {p.slot}")
        seen.add((p.channel, p.slot))
        if posting.slot_value[day][s] <= 0:
            out.append(f"blackout slot {p.slot} on channel {p.channel}")
        if item.value[p.channel] <= 0:
            out.append(f"item {p.item} not allowed on channel {p.channel}")
        if not item.first_slot <= p.slot <= item.last_slot:
            out.append(f"item {p.item} outside its window at {p.slot}")
        rotation = problem.day_category[day] if day < len(problem.day_category) else None
        if rotation is not None and rotation != item.category:
            out.append(f"item {p.item} on a day of another category")
        by_channel[p.channel].append(p.slot)
        by_item[p.item].append(p.slot)
    for k, slots in by_channel.items():
        posting = problem.channels[k].posting
        assert posting is not None
        slots.sort()
        for a, b in itertools.pairwise(slots):
            if b - a < posting.min_gap_slots:
                out.append(f"channel {k}: gap {b - a} < {posting.min_gap_slots}")
        per_day: dict[int, int] = defaultdict(int)
        per_week: dict[int, int] = defaultdict(int)
        for t in slots:
            per_day[t // spd] += 1
            per_week[t // spd // 7] += 1
        if posting.max_per_day is not None and any(n > posting.max_per_day for n in per_day.values()):
            out.append(f"channel {k}: too many posts in a day")
        if posting.max_per_week is not None and any(n > posting.max_per_week for n in per_week.values()):
            out.append(f"channel {k}: too many posts in a week")
        if posting.quota is not None:
            for t in slots:
                if sum(1 for u in slots if t <= u < t + posting.quota_window_slots) > posting.quota:
                    out.append(f"channel {k}: quota broken")
                    break
    for i, slots in by_item.items():
        item = problem.items[i]
        if len(slots) > item.max_uses:
            out.append(f"item {i}: {len(slots)} uses > {item.max_uses}")
        uses = [(p.slot, p.channel) for p in posts if p.item == i]
        per_channel = item.max_uses if item.max_uses_per_channel is None else item.max_uses_per_channel
        cross_gap = item.cooldown_slots if item.cross_gap_slots is None else item.cross_gap_slots
        for k in {k for _t, k in uses}:
            if sum(1 for _t, c in uses if c == k) > per_channel:
                out.append(f"item {i}: too many uses on channel {k}")
        for a in range(len(uses)):
            for b in range(a + 1, len(uses)):
                (ta, ka), (tb, kb) = uses[a], uses[b]
                if ka == kb and abs(ta - tb) < item.cooldown_slots:
                    out.append(f"item {i}: cool-down broken")
                if ka != kb and abs(ta - tb) < cross_gap:
                    out.append(f"item {i}: cross-post gap broken")
    on = {(p.item, p.channel) for p in posts}
    for i, item in enumerate(problem.items):
        if item.required and i not in by_item:
            out.append(f"required item {i} missing")
        for k in item.required_channels:
            if (i, k) not in on:
                out.append(f"item {i} missing on required channel {k}")
    for share in problem.category_shares:
        weeks: dict[int, list[int]] = defaultdict(list)
        for p in posts:
            if share.channels is None or p.channel in share.channels:
                weeks[p.slot // spd // 7].append(problem.items[p.item].category)
        for w, cats in weeks.items():
            got, total = cats.count(share.category), len(cats)
            if share.min_share is not None and got < share.min_share * total - 1e-9:
                out.append(f"week {w}: category {share.category} below its share")
            if share.max_share is not None and got > share.max_share * total + 1e-9:
                out.append(f"week {w}: category {share.category} above its share")
    for rule in problem.post_counts:
        first, last = max(0, rule.first_slot), min(n_slots - 1, rule.last_slot)
        if first > last:
            continue
        width = last - first + 1 if rule.window_slots is None else min(rule.window_slots, last - first + 1)
        for start in range(first, last - width + 2):
            n = sum(
                1
                for p in posts
                if start <= p.slot < start + width
                and (rule.channels is None or p.channel in rule.channels)
                and (rule.categories is None or problem.items[p.item].category in rule.categories)
                and (rule.items is None or p.item in rule.items)
            )
            if n < rule.lo or (rule.hi is not None and n > rule.hi):
                out.append(f"rule {rule.name}: {n} posts in window at {start}")
                break
    return out


def checker_value(problem: Problem, posts: Sequence[PostChoice], bonus: np.ndarray | None = None) -> float:
    """Value by the docstring: per channel-day, posts sorted by worth, the r-th times decay[min(r, len-1)]."""
    spd = problem.slots_per_day
    groups: dict[tuple[int, int], list[float]] = defaultdict(list)
    extra = 0.0
    for p in posts:
        posting = problem.channels[p.channel].posting
        assert posting is not None
        day, s = divmod(p.slot, spd)
        groups[(p.channel, day)].append(problem.items[p.item].value[p.channel] * posting.slot_value[day][s])
        if bonus is not None:
            extra += float(bonus[p.item, p.channel, day])
    total = 0.0
    for (k, _day), worth in groups.items():
        decay = problem.channels[k].posting.same_day_decay
        for r, v in enumerate(sorted(worth, reverse=True)):
            total += v * decay[min(r, len(decay) - 1)]
    return total + extra


def allowed_triples(problem: Problem) -> list[tuple[int, int, int]]:
    """Every (item, channel, slot) that window, blackout, value and day rotation allow."""
    spd = problem.slots_per_day
    out = []
    for k, channel in enumerate(problem.channels):
        if channel.posting is None:
            continue
        for i, item in enumerate(problem.items):
            if item.value[k] <= 0:
                continue
            for t in range(max(0, item.first_slot), min(problem.days * spd - 1, item.last_slot) + 1):
                day, s = divmod(t, spd)
                if channel.posting.slot_value[day][s] <= 0:
                    continue
                if day < len(problem.day_category) and problem.day_category[day] not in (None, item.category):
                    continue
                out.append((i, k, t))
    return out


def brute_force(problem: Problem, bonus: np.ndarray | None = None) -> float | None:
    """The best value over all valid schedules (None when there is none), by exhaustive search."""
    triples = allowed_triples(problem)
    best: list[float | None] = [None]
    chosen: list[PostChoice] = []

    # rules that adding posts can only break further: everything except lower limits and shares
    relaxed = Problem(
        days=problem.days,
        slots_per_day=problem.slots_per_day,
        slot_minutes=problem.slot_minutes,
        budget=0,
        channels=problem.channels,
        items=tuple(ItemData(**{**it.__dict__, "required": False, "required_channels": ()}) for it in problem.items),
        categories=problem.categories,
        day_category=problem.day_category,
        post_counts=tuple(PostCount(**{**r.__dict__, "lo": 0}) for r in problem.post_counts),
    )

    def upper_rules_hold(posts: list[PostChoice]) -> bool:
        return not checker_violations(relaxed, posts)

    def search(index: int) -> None:
        if index == len(triples):
            if not checker_violations(problem, chosen):
                value = checker_value(problem, chosen, bonus)
                if best[0] is None or value > best[0]:
                    best[0] = value
            return
        search(index + 1)
        i, k, t = triples[index]
        chosen.append(PostChoice(i, k, t))
        if upper_rules_hold(chosen):
            search(index + 1)
        chosen.pop()

    search(0)
    return best[0]


def tiny_problem(slot_values: list[list[list[float]]], items: list[ItemData], **rules: object) -> Problem:
    """A posting Problem from per-channel day × slot values and items; ``rules`` set PostingData fields
    for every channel (``max_per_day``, ``min_gap_slots``, ``same_day_decay``, …) or Problem fields
    (``category_shares``, ``day_category``, ``post_counts``, ``categories``)."""
    posting_fields = {"max_per_day", "max_per_week", "min_gap_slots", "quota", "quota_window_slots", "same_day_decay"}
    posting_rules = {k: v for k, v in rules.items() if k in posting_fields}
    problem_rules = {k: v for k, v in rules.items() if k not in posting_fields}
    defaults: dict[str, object] = {
        "max_per_day": None,
        "max_per_week": None,
        "min_gap_slots": 1,
        "quota": None,
        "quota_window_slots": 1,
        "same_day_decay": (1.0,),
    }
    channels = tuple(
        ChannelData(
            name=f"ch{k}",
            posting=PostingData(slot_value=tuple(tuple(d) for d in grid), **{**defaults, **posting_rules}),
        )
        for k, grid in enumerate(slot_values)
    )
    days, spd = len(slot_values[0]), len(slot_values[0][0])
    return Problem(
        days=days, slots_per_day=spd, slot_minutes=60, budget=0, channels=channels, items=tuple(items), **problem_rules
    )


def item(
    name: str,
    value: Sequence[float],
    first: int = 0,
    last: int = 10_000,
    uses: int = 1,
    cooldown: int = 0,
    category: int = 0,
    required: bool = False,
    required_channels: tuple[int, ...] = (),
    per_channel: int | None = None,
    cross_gap: int | None = None,
) -> ItemData:
    """An ItemData with short defaults (``per_channel``/``cross_gap`` None: the solver's defaults)."""
    return ItemData(
        name=name,
        category=category,
        value=tuple(value),
        first_slot=first,
        last_slot=last,
        max_uses=uses,
        cooldown_slots=cooldown,
        required=required,
        required_channels=required_channels,
        max_uses_per_channel=per_channel,
        cross_gap_slots=cross_gap,
    )


@st.composite
def tiny_problems(draw: st.DrawFn) -> tuple[Problem, np.ndarray | None]:
    """Random tiny posting problems (1-8 days, 1-2 channels, 2-5 items, every rule family) and maybe a bonus."""
    days = draw(st.sampled_from([1, 2, 3, 8]))
    spd = draw(st.integers(1, 4)) if days < 8 else 1
    n_channels = draw(st.integers(1, 2))
    n_items = draw(st.integers(2, 5))
    n_cat = draw(st.integers(1, 2))
    slot_values = st.sampled_from([0.0, 0.5, 1.0, 2.0])
    channels = []
    for k in range(n_channels):
        if k == 1 and draw(st.booleans()) and draw(st.booleans()):
            channels.append(ChannelData(name=f"ads-only-{k}"))
            continue
        grid = tuple(tuple(draw(slot_values) for _ in range(spd)) for _ in range(days))
        decay = tuple(
            sorted(draw(st.lists(st.sampled_from([1.0, 0.8, 0.5, 0.2]), min_size=1, max_size=3)), reverse=True)
        )
        channels.append(
            ChannelData(
                name=f"ch{k}",
                posting=PostingData(
                    slot_value=grid,
                    max_per_day=draw(st.sampled_from([None, 1, 2])),
                    max_per_week=draw(st.sampled_from([None, None, 1, 3])),
                    min_gap_slots=draw(st.integers(0, 3)),
                    quota=draw(st.sampled_from([None, None, 1, 2])),
                    quota_window_slots=draw(st.integers(1, 4)),
                    same_day_decay=decay,
                ),
            )
        )
    n_slots = days * spd
    items = []
    for i in range(n_items):
        first = draw(st.integers(0, n_slots - 1)) if draw(st.booleans()) else 0
        last = draw(st.integers(first, n_slots - 1)) if draw(st.booleans()) else n_slots - 1
        value = tuple(draw(st.sampled_from([0.0, 1.0, 2.5, 4.0])) for _ in range(n_channels))
        required_channels = tuple(k for k in range(n_channels) if draw(st.integers(0, 9)) == 0)
        items.append(
            ItemData(
                name=f"it{i}",
                category=draw(st.integers(0, n_cat - 1)),
                value=value,
                first_slot=first,
                last_slot=last,
                max_uses=draw(st.integers(0, 3)),
                cooldown_slots=draw(st.integers(0, 4)),
                required=draw(st.integers(0, 4)) == 0,
                required_channels=required_channels,
                max_uses_per_channel=draw(st.sampled_from([None, None, 1, 2])),
                cross_gap_slots=draw(st.sampled_from([None, None, 0, 2])),
            )
        )
    shares: tuple[CategoryShare, ...] = ()
    if n_cat > 1 and draw(st.booleans()):
        scope = draw(st.sampled_from([None, None, (0,), (n_channels - 1,)]))
        shares = (
            CategoryShare(0, draw(st.sampled_from([None, 0.25, 0.5])), draw(st.sampled_from([None, 0.5, 0.75])), scope),
        )
    day_category: tuple[int | None, ...] = ()
    if draw(st.integers(0, 3)) == 0:
        day_category = tuple(draw(st.sampled_from([None, 0, 1])) for _ in range(days))
    counts: tuple[PostCount, ...] = ()
    if draw(st.integers(0, 3)) == 0:
        counts = (
            PostCount(
                "count",
                None,
                draw(st.sampled_from([None, (0,)])),
                0,
                n_slots - 1,
                draw(st.sampled_from([None, 2, 3])),
                draw(st.integers(0, 1)),
                draw(st.sampled_from([None, 1, 2])),
                draw(st.sampled_from([None, None, (0,), (0, 1)])),
            ),
        )
    problem = Problem(
        days=days,
        slots_per_day=spd,
        slot_minutes=60,
        budget=0,
        channels=tuple(channels),
        items=tuple(items),
        categories=("a", "b"),
        category_shares=shares,
        day_category=day_category,
        post_counts=counts,
    )
    bonus = None
    if draw(st.integers(0, 3)) == 0:
        bonus = np.array(
            draw(
                st.lists(
                    st.sampled_from([0.0, 0.5, 3.0]),
                    min_size=n_items * n_channels * days,
                    max_size=n_items * n_channels * days,
                )
            )
        ).reshape(n_items, n_channels, days)
    return problem, bonus
