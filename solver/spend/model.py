"""The spend model: a multiple-choice knapsack with linear side rows and day-to-day change links.

Every paid decision is a *group* with a few *options* (one is chosen): an ads channel-day picks one
level of its grid, a boost picks one of its levels. Option ``j`` of group ``g`` costs
``spend[g, j]`` minor units and earns ``revenue[g, j]`` (day factor and boost weight applied). The
objective is ``sum(alpha * revenue - beta * spend) + constant`` over the chosen options, and the
side rows are linear in the chosen spend or revenue. Options are stored in padded 2-D arrays; an
option that does not exist (or was removed by the exact reduction) has ``valid == False``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

ADS = 0
BOOST = 1

RowSense = Literal["<=", ">="]
RowTerm = Literal["spend", "revenue", "net"]


@dataclass(frozen=True)
class Row:
    """``sum over members of (spend or revenue of the chosen option) <sense> rhs``.

    ``family`` names the rule in the user's terms (``budget``, ``daily_cap``, ``min_total``,
    ``max_total``, ``spend_bound_lo``, ``spend_bound_hi``, ``boost_max_total``, ``revenue_target``,
    ``min_spend``); ``subject`` holds its indices (channel, day, rule name) for explanations.
    """

    family: str
    sense: RowSense
    rhs: float
    members: np.ndarray
    term: RowTerm = "spend"
    subject: tuple[tuple[str, int], ...] = ()
    weights: np.ndarray | None = None
    """``net`` rows: revenue weight of each member (aligned with ``members``)."""
    spend_weight: float = 0.0
    """``net`` rows: the activity is ``sum(weights * revenue) - spend_weight * spend`` (a target ROAS or CPA)."""
    slack: float = 0.0
    """``net`` rows: how far below ``rhs`` a plan may be and still count as meeting it (float rounding)."""

    def terms(self, spend: np.ndarray, revenue: np.ndarray) -> np.ndarray:
        """The row's coefficients for the members, from the members' ``spend`` and ``revenue`` (any shape)."""
        if self.term == "spend":
            return spend
        if self.term == "revenue":
            return revenue
        assert self.weights is not None
        w = self.weights.reshape((-1,) + (1,) * (revenue.ndim - 1))
        return w * revenue - self.spend_weight * spend

    def revenue_coefficient(self) -> np.ndarray:
        """Per member, the coefficient of revenue in the row."""
        if self.term == "revenue":
            return np.ones(len(self.members))
        if self.term == "net":
            assert self.weights is not None
            return self.weights
        return np.zeros(len(self.members))

    def spend_coefficient(self) -> float:
        """The coefficient of spend in the row (the same for every member)."""
        return 1.0 if self.term == "spend" else (-self.spend_weight if self.term == "net" else 0.0)

    def subset(self, keep: np.ndarray, members: np.ndarray, rhs: float) -> Row:
        """The row over the members where ``keep`` holds, renumbered to ``members``, with another rhs."""
        weights = None if self.weights is None else self.weights[keep]
        return Row(
            self.family, self.sense, rhs, members, self.term, self.subject, weights, self.spend_weight, self.slack
        )

    def label(self) -> str:
        """A short machine-readable name, e.g. ``daily_cap[day=3]``."""
        inner = ",".join(f"{k}={v}" for k, v in self.subject)
        return f"{self.family}[{inner}]" if inner else self.family


@dataclass(frozen=True)
class Link:
    """Day-over-day change limit between group ``prev`` (day d-1) and ``next`` (day d) of one channel.

    Links chain a channel's days in order. Along a chain, every two *consecutive positive* days
    must be compatible, whether or not zero days lie between them: a positive option ``x`` may
    follow the last positive option ``p`` before it only when ``lo[x] <= p <= hi[x]``. So pausing
    (option 0) is always allowed, and restarting after a pause counts as a change from the level
    before the pause. The first positive day of a chain is free, unless ``SpendModel.entry`` holds
    a mask for the chain's first group (the spend before the window).
    """

    prev: int
    next: int
    lo: np.ndarray
    hi: np.ndarray


@dataclass
class SpendModel:
    """Groups, options, rows and links of one spend problem (see the module docstring)."""

    spend: np.ndarray
    revenue: np.ndarray
    valid: np.ndarray
    kind: np.ndarray
    channel: np.ndarray
    day: np.ndarray
    post: np.ndarray
    curve: np.ndarray
    scale: np.ndarray
    curves: list[tuple[np.ndarray, np.ndarray]]
    rows: list[Row] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    alpha: float = 1.0
    beta: float = 0.0
    constant: float = 0.0
    samples: np.ndarray | None = None
    entry: dict[int, np.ndarray] = field(default_factory=dict)
    """First group of a chain → which options its first positive day may take (the spend before the window)."""
    cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    """Derived data shared by copies of the model (best jumps per curve, link arrays)."""

    @property
    def groups(self) -> int:
        """Number of groups."""
        return int(self.spend.shape[0])

    def value(self) -> np.ndarray:
        """Objective contribution of every option (``-inf`` where the option is not valid)."""
        v = self.alpha * self.revenue - self.beta * self.spend
        return np.where(self.valid, v, -np.inf)

    def with_objective(self, alpha: float, beta: float, constant: float = 0.0) -> SpendModel:
        """A copy sharing the data, with another objective ``alpha * revenue - beta * spend + constant``."""
        copy = SpendModel(**{**self.__dict__})
        copy.alpha, copy.beta, copy.constant = alpha, beta, constant
        copy.valid = self.valid.copy()
        return copy

    def with_rows(self, extra: list[Row]) -> SpendModel:
        """A copy with more rows (data shared, validity copied)."""
        copy = SpendModel(**{**self.__dict__})
        copy.rows = [*self.rows, *extra]
        copy.valid = self.valid.copy()
        return copy

    def links_of(self) -> tuple[np.ndarray, np.ndarray]:
        """For each group, the index in ``links`` of its link to the previous and to the next day (-1 if none)."""
        before = np.full(self.groups, -1, dtype=np.int64)
        after = np.full(self.groups, -1, dtype=np.int64)
        for index, link in enumerate(self.links):
            before[link.next] = index
            after[link.prev] = index
        return before, after

    def rows_of(self) -> list[list[int]]:
        """For each group, the indices of the rows it is a member of."""
        member: list[list[int]] = [[] for _ in range(self.groups)]
        for index, row in enumerate(self.rows):
            for g in row.members.tolist():
                member[g].append(index)
        return member

    def chosen(self, choice: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Spend and revenue of the chosen option of every group."""
        index = np.arange(self.groups)
        return self.spend[index, choice], self.revenue[index, choice]

    def objective_of(self, choice: np.ndarray) -> float:
        """Objective value of a choice (one option index per group)."""
        spend, revenue = self.chosen(choice)
        return float(self.alpha * revenue.sum() - self.beta * spend.sum() + self.constant)

    def violations(self, choice: np.ndarray, tolerance: float = 1e-6) -> list[str]:
        """Rows and links the choice breaks (empty when feasible); revenue rows use a relative tolerance."""
        spend, revenue = self.chosen(choice)
        found: list[str] = []
        if not bool(self.valid[np.arange(self.groups), choice].all()):
            found.append("an option that is not allowed")
        for row in self.rows:
            activity = float(row.terms(spend[row.members], revenue[row.members]).sum())
            slack = tolerance * max(1.0, abs(row.rhs)) if row.term == "revenue" else row.slack
            if row.sense == "<=" and activity > row.rhs + slack:
                found.append(f"{row.label()}: {activity} > {row.rhs}")
            if row.sense == ">=" and activity < row.rhs - slack:
                found.append(f"{row.label()}: {activity} < {row.rhs}")
        found += self.link_violations(choice)
        return found

    def link_violations(self, choice: np.ndarray) -> list[str]:
        """Consecutive positive days of a chain that break its change limit (see :class:`Link`)."""
        found: list[str] = []
        before, after = self.links_of()
        for first in range(self.groups):
            if before[first] >= 0:
                continue
            entry = self.entry.get(first)
            last, g = -1, first
            while True:
                x = int(choice[g])
                if x > 0:
                    if last < 0 and entry is not None and not entry[x]:
                        found.append(f"change limit against the spend before the window at group {g}")
                    elif last >= 0:
                        link = self.links[int(before[g])]
                        p = int(choice[last])
                        if not link.lo[x] <= p <= link.hi[x]:
                            found.append(f"change limit between groups {last} and {g}")
                    last = g
                if after[g] < 0:
                    break
                g = self.links[int(after[g])].next
        return found


def _segments(model: SpendModel, block: np.ndarray, choice: np.ndarray) -> np.ndarray:
    """``block`` widened along every chain it touches to a run of days bounded by fixed positive days.

    Each chain segment runs from the last positive day (under ``choice``) before the block's first
    group of that chain, or the chain's start, to the first positive day after its last one, or the
    chain's end. Inside such a run the change limit only depends on the run's own days (see
    :class:`Link`), so fixing the added groups at ``choice`` keeps the sub-model exact.
    """
    before, after = model.links_of()
    inside = np.zeros(model.groups, dtype=bool)
    inside[block] = True
    extra: set[int] = set()
    seen: set[int] = set()
    for g0 in block.tolist():
        if g0 in seen or (before[g0] < 0 and after[g0] < 0):
            continue
        first = g0
        while before[first] >= 0:
            first = model.links[int(before[first])].prev
        order = [first]
        while after[order[-1]] >= 0:
            order.append(model.links[int(after[order[-1]])].next)
        seen.update(order)
        members = [k for k, g in enumerate(order) if inside[g]]
        lo, hi = members[0], members[-1]
        while lo > 0 and not (not inside[order[lo]] and choice[order[lo]] > 0):
            lo -= 1
        while hi < len(order) - 1 and not (not inside[order[hi]] and choice[order[hi]] > 0):
            hi += 1
        extra.update(g for g in order[lo : hi + 1] if not inside[g])
    if not extra:
        return np.asarray(block, dtype=np.int64)
    return np.asarray(sorted(set(block.tolist()) | extra), dtype=np.int64)


def restrict(model: SpendModel, block: np.ndarray, choice: np.ndarray) -> tuple[SpendModel, np.ndarray]:
    """The model over the groups in ``block`` only, the others fixed at ``choice``; and its groups.

    The block is first widened along the change-limit chains it touches (:func:`_segments`); the
    added groups are in the sub-model fixed at ``choice``. The second value lists the sub-model's
    groups (the widened block) in order. Rows keep only their members in the widened block, with
    the other members' activity moved to the right-hand side; the objective constant holds their
    value.
    """
    free = np.zeros(model.groups, dtype=bool)
    free[block] = True
    block = _segments(model, np.asarray(block, dtype=np.int64), choice)
    inside = np.zeros(model.groups, dtype=bool)
    inside[block] = True
    position = np.full(model.groups, -1, dtype=np.int64)
    position[block] = np.arange(len(block))
    spend, revenue = model.chosen(choice)
    outside = ~inside
    constant = model.constant + float(model.alpha * revenue[outside].sum() - model.beta * spend[outside].sum())
    valid = model.valid[block].copy()
    index = np.arange(valid.shape[1])
    pinned = ~free[block]
    valid[pinned] &= index[None, :] == choice[block][pinned][:, None]
    rows: list[Row] = []
    for row in model.rows:
        keep = inside[row.members]
        members = row.members[keep]
        fixed = float(row.terms(spend[row.members], revenue[row.members])[~keep].sum())
        if len(members) == 0:
            continue
        rows.append(row.subset(keep, position[members], row.rhs - fixed))
    links = [
        Link(int(position[link.prev]), int(position[link.next]), link.lo, link.hi)
        for link in model.links
        if inside[link.prev] and inside[link.next]
    ]
    entry = {int(position[g]): mask for g, mask in model.entry.items() if inside[g]}
    sub = SpendModel(
        spend=model.spend[block],
        revenue=model.revenue[block],
        valid=valid,
        kind=model.kind[block],
        channel=model.channel[block],
        day=model.day[block],
        post=model.post[block],
        curve=model.curve[block],
        scale=model.scale[block],
        curves=model.curves,
        rows=rows,
        links=links,
        alpha=model.alpha,
        beta=model.beta,
        constant=constant,
        samples=None if model.samples is None else model.samples[:, block],
        entry=entry,
        cache={"jumps": model.cache["jumps"]} if "jumps" in model.cache else {},
    )
    return sub, block
