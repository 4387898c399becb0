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


def _best_neighbour(values: np.ndarray, lo: np.ndarray, hi: np.ndarray, n: int, width: int) -> np.ndarray:
    """Per level of one day, the best value on the neighbouring day it may be joined with: level 0
    joins anything; a positive level x joins level 0 or levels lo[x]..hi[x] (-inf where none)."""
    row = np.full(width, -np.inf)
    row[0] = values.max()
    row[1:n] = np.maximum(values[0], _range_max(values[:n], lo[1:], hi[1:]))
    return row


def _forward(chain: Chain, value: np.ndarray) -> np.ndarray:
    """Forward DP values ``F[t, x]``: the best value of days 0..t of the chain ending at level x."""
    groups = chain.groups
    width = value.shape[1]
    forward = np.empty((len(groups), width))
    forward[0] = value[groups[0]]
    for t in range(1, len(groups)):
        link = chain.links[t - 1]
        forward[t] = value[groups[t]] + _best_neighbour(forward[t - 1], link.lo, link.hi, len(link.lo), width)
    return forward


@dataclass(frozen=True)
class ChainValues:
    """Best value of every chain, and for every option the best value of a chain plan using it."""

    best: np.ndarray
    through: np.ndarray


def chain_values(model: SpendModel, chains: list[Chain], value: np.ndarray) -> ChainValues:
    """Forward/backward DP over every chain for option values ``value`` (``-inf`` = not allowed)."""
    width = value.shape[1]
    best = np.zeros(len(chains))
    through = np.full(value.shape, -np.inf)
    for index, chain in enumerate(chains):
        groups = chain.groups
        if len(groups) == 1:
            g = int(groups[0])
            best[index] = value[g].max()
            through[g] = value[g]
            continue
        count = len(groups)
        forward = _forward(chain, value)
        backward = np.empty((count, width))
        backward[count - 1] = value[groups[count - 1]]
        for t in range(count - 2, -1, -1):
            link = chain.links[t]
            first, last = _follow_ranges(link)
            backward[t] = value[groups[t]] + _best_neighbour(backward[t + 1], first, last, len(link.lo), width)
        best[index] = forward[-1].max()
        with np.errstate(invalid="ignore"):
            through[groups] = forward + backward - value[groups]
    through[~np.isfinite(value)] = -np.inf
    return ChainValues(best, through)


def chain_argmax(model: SpendModel, chains: list[Chain], value: np.ndarray) -> np.ndarray:
    """An option per group maximizing each chain's total value under its change limits."""
    choice = np.zeros(model.groups, dtype=np.int64)
    for chain in chains:
        groups = chain.groups
        if len(groups) == 1:
            choice[groups[0]] = int(np.argmax(value[groups[0]]))
            continue
        count = len(groups)
        forward = _forward(chain, value)
        x = int(np.argmax(forward[-1]))
        choice[groups[-1]] = x
        for t in range(count - 1, 0, -1):
            link = chain.links[t - 1]
            prev = forward[t - 1]
            if x == 0:
                allowed = np.ones(len(prev), dtype=bool)
            else:
                allowed = np.zeros(len(prev), dtype=bool)
                allowed[0] = True
                allowed[link.lo[x] : link.hi[x] + 1] = True
            x = int(np.argmax(np.where(allowed, prev, -np.inf)))
            choice[groups[t - 1]] = x
    return choice
