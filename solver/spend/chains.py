"""Per-channel dynamic programming under day-over-day change limits.

Groups joined by links form chains (one ads channel's days in order; an unlinked group is a chain
of length one). Given a value per option (e.g. the Lagrangian reduced values), the best plan of
one chain under its change limits is a longest path over (day, level): forward values ``F`` and
backward values ``B`` give, for every option, the best chain plan that uses it
(``F + B - value``). Ranges of compatible levels are intervals, so each step is a range maximum,
answered with a sparse table in O(J log J).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from mixplan.solver.spend.model import Link, SpendModel


@dataclass(frozen=True)
class Chain:
    """Groups of one chain in day order, and the link into each group after the first."""

    groups: np.ndarray
    links: tuple[Link, ...]


def chains_of(model: SpendModel) -> list[Chain]:
    """Split the model's groups into chains along its links."""
    before, after = model.links_of()
    chains: list[Chain] = []
    for g in range(model.groups):
        if before[g] >= 0:
            continue
        members = [g]
        links: list[Link] = []
        while after[members[-1]] >= 0:
            link = model.links[int(after[members[-1]])]
            links.append(link)
            members.append(link.next)
        chains.append(Chain(np.asarray(members, dtype=np.int64), tuple(links)))
    return chains


def _range_max(values: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """max(values[lo[x]..hi[x]]) for each x (-inf for an empty range)."""
    n = len(values)
    table = [values]
    width = 1
    while 2 * width <= n:
        prev = table[-1]
        table.append(np.maximum(prev[:-width], prev[width:]))
        width *= 2
    out = np.full(len(lo), -np.inf)
    ok = lo <= hi
    if not ok.any():
        return out
    first, last = lo[ok], hi[ok]
    length = last - first + 1
    level = np.floor(np.log2(length)).astype(np.int64)
    result = np.empty(len(first))
    for k in np.unique(level).tolist():
        sel = level == k
        t = table[k]
        result[sel] = np.maximum(t[first[sel]], t[last[sel] - (1 << k) + 1])
    out[ok] = result
    return out


def _follow_ranges(link: Link) -> tuple[np.ndarray, np.ndarray]:
    """For each previous level p >= 1, the interval of next levels x >= 1 that may follow it."""
    lo, hi = link.lo[1:], link.hi[1:]  # x = 1..n-1, both non-decreasing in x
    p = np.arange(len(link.lo))
    first = np.searchsorted(hi, p, side="left") + 1  # first x with hi[x] >= p
    last = np.searchsorted(lo, p, side="right")  # last x with lo[x] <= p
    return first, last


def _entry_mask(model: SpendModel, chain: Chain, width: int) -> np.ndarray:
    """Options the chain's first positive day may take (all, unless the model has an entry mask)."""
    mask = model.entry.get(int(chain.groups[0]))
    allowed = np.ones(width, dtype=bool)
    if mask is not None:
        allowed[: len(mask)] = mask
    return allowed


def _transition(previous: np.ndarray, link: Link | None, entry: np.ndarray, width: int) -> np.ndarray:
    """Per option x >= 1 of a day, the best state value before it that a positive day at x may follow.

    State 0 means no positive day yet (x must be allowed by ``entry``); state p >= 1 means the last
    positive day spent level p (x must be compatible with p). Index 0 of the result is unused.
    """
    out = np.full(width, -np.inf)
    out[1:] = np.where(entry[1:], previous[0], -np.inf)
    if link is not None:
        n = len(link.lo)
        out[1:n] = np.maximum(out[1:n], _range_max(previous[:n], link.lo[1:], link.hi[1:]))
    return out


def _forward(model: SpendModel, chain: Chain, value: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Forward DP over (day, state): ``active[t, x]`` = best of days 0..t with day t at level x >= 1;
    ``state[t, r]`` = best of days 0..t ending in state r (0: nothing spent yet, r: last level r)."""
    groups = chain.groups
    width = value.shape[1]
    entry = _entry_mask(model, chain, width)
    count = len(groups)
    active = np.full((count, width), -np.inf)
    state = np.full((count, width), -np.inf)
    start = np.full(width, -np.inf)
    start[0] = 0.0
    previous = start
    for t in range(count):
        link = chain.links[t - 1] if t > 0 else None
        row = value[groups[t]]
        active[t, 1:] = row[1:] + _transition(previous, link, entry, width)[1:]
        state[t] = np.maximum(row[0] + previous, active[t])
        previous = state[t]
    return active, state


def _backward(model: SpendModel, chain: Chain, value: np.ndarray) -> np.ndarray:
    """Backward DP: ``after[t, r]`` = best of days t..end when the state before day t is r."""
    groups = chain.groups
    width = value.shape[1]
    entry = _entry_mask(model, chain, width)
    count = len(groups)
    after = np.zeros((count + 1, width))
    for t in range(count - 1, -1, -1):
        row = value[groups[t]]
        take = np.full(width, -np.inf)
        take[1:] = row[1:] + after[t + 1, 1:]  # day t positive at x: the state becomes x
        best = row[0] + after[t + 1]  # day t at 0: the state stays
        best[0] = max(float(best[0]), float(np.where(entry, take, -np.inf).max()))
        if t > 0:
            link = chain.links[t - 1]
            n = len(link.lo)
            first, last = _follow_ranges(link)
            best[1:n] = np.maximum(best[1:n], _range_max(take[:n], first[1:], last[1:]))
        after[t] = best
    return after


@dataclass(frozen=True)
class ChainValues:
    """Best value of every chain, and for every option the best value of a chain plan using it."""

    best: np.ndarray
    through: np.ndarray


def chain_values(model: SpendModel, chains: list[Chain], value: np.ndarray) -> ChainValues:
    """Forward/backward DP over every chain for option values ``value`` (``-inf`` = not allowed)."""
    best = np.zeros(len(chains))
    through = np.full(value.shape, -np.inf)
    for index, chain in enumerate(chains):
        groups = chain.groups
        if len(groups) == 1 and int(groups[0]) not in model.entry:
            g = int(groups[0])
            best[index] = value[g].max()
            through[g] = value[g]
            continue
        active, state = _forward(model, chain, value)
        after = _backward(model, chain, value)
        best[index] = state[-1].max()
        count = len(groups)
        before = np.full((count, value.shape[1]), -np.inf)
        before[0, 0] = 0.0
        before[1:] = state[:-1]
        with np.errstate(invalid="ignore"):
            through[groups, 1:] = active[:, 1:] + after[1:, 1:]
            through[groups, 0] = (value[groups, 0][:, None] + before + after[1:]).max(axis=1)
    through[~np.isfinite(value)] = -np.inf
    return ChainValues(best, through)


def chain_argmax(model: SpendModel, chains: list[Chain], value: np.ndarray) -> np.ndarray:
    """An option per group maximizing each chain's total value under its change limits."""
    choice = np.zeros(model.groups, dtype=np.int64)
    for chain in chains:
        groups = chain.groups
        if len(groups) == 1 and int(groups[0]) not in model.entry:
            choice[groups[0]] = int(np.argmax(value[groups[0]]))
            continue
        width = value.shape[1]
        entry = _entry_mask(model, chain, width)
        active, state = _forward(model, chain, value)
        r = int(np.argmax(state[-1]))
        for t in range(len(groups) - 1, -1, -1):
            if r > 0 and active[t, r] >= state[t, r] and np.isfinite(active[t, r]):
                choice[groups[t]] = r
                if t == 0:
                    break
                previous = state[t - 1]
                link = chain.links[t - 1]
                allowed = np.zeros(width, dtype=bool)
                allowed[0] = bool(entry[r])
                allowed[link.lo[r] : link.hi[r] + 1] = True
                allowed[1 : link.lo[r]] = False
                r = int(np.argmax(np.where(allowed, previous, -np.inf)))
            else:
                choice[groups[t]] = 0
    return choice
