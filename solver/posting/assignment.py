"""Assign items to chosen slots by min-cost flow, and read item prices off the optimal flow.

Once each channel's slots (and same-day ranks) are chosen, the value of putting item ``i`` in slot
``p`` is ``item value × slot value × decay of the rank`` (+ bonus): an assignment (transportation)
problem with item supplies ``max_uses`` (and per-channel caps where they bind), solved exactly by
OR-Tools' min-cost flow. Required items
and required channels get a first unit worth more than any schedule, so they are placed when the
slots allow it. Cool-downs, cross-post gaps and calendar-wide rules are not in the flow;
:mod:`local_search` repairs
them.

The flow's node potentials (shortest-path distances in the residual graph) are optimal duals of
the transportation LP; the item potentials are good starting multipliers for the item-use rows of
the Lagrangian.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from mixplan.solver.posting.instance import PostingInstance
from ortools.graph.python import min_cost_flow

COST_RESOLUTION = 1e7  # the largest profit after scaling to integers


@dataclass
class SlotSet:
    """Chosen slots: channel, global slot and same-day rank of each."""

    channels: np.ndarray
    slots: np.ndarray
    ranks: np.ndarray

    @staticmethod
    def from_posts(posts: list[tuple[int, int, int, int]]) -> SlotSet:
        """From (item, channel, slot, rank) posts, ignoring the items; one entry per (channel, slot)."""
        seen: dict[tuple[int, int], int] = {}
        for _i, k, t, r in posts:
            seen.setdefault((k, t), r)
        keys = sorted(seen)
        return SlotSet(
            np.array([k for k, _ in keys], dtype=np.int64),
            np.array([t for _, t in keys], dtype=np.int64),
            np.array([seen[key] for key in keys], dtype=np.int64),
        )

    def __len__(self) -> int:
        return int(self.slots.size)


@dataclass
class Assignment:
    """The flow's answer: item per slot (-1 = empty), its profit, and item prices."""

    item_of_slot: np.ndarray
    profit: float
    item_price: np.ndarray
    work: float = 0.0  # estimated seconds on the reference machine (flow solves, price search)


def slot_multipliers(inst: PostingInstance, slots: SlotSet) -> np.ndarray:
    """Slot value × decay of the slot's rank."""
    decay = np.array(
        [
            inst.rules[int(k)].decay[min(int(r), len(inst.rules[int(k)].decay) - 1)]
            for k, r in zip(slots.channels, slots.ranks, strict=True)
        ]
    )
    return inst.slot_value[slots.channels, slots.slots] * decay


class AssignmentFlow:
    """The min-cost-flow network for one slot set; arcs can be banned and the flow re-solved."""

    def __init__(
        self, inst: PostingInstance, slots: SlotSet, extra: np.ndarray | None = None, requirements: bool = True
    ) -> None:
        self.inst = inst
        self.slots = slots
        n_items, n_pos = inst.n_items, len(slots)
        allowed = (
            inst.available[:, slots.slots]
            & (inst.value[:, slots.channels] > 0)
            & (inst.slot_value[slots.channels, slots.slots] > 0)[None, :]
            & (inst.uses_cap > 0)[:, None]
        )
        ii, pp = np.nonzero(allowed)
        self.ii, self.pp = ii, pp
        self.arc_of = np.full((n_items, n_pos), -1, dtype=np.int64)
        profit = inst.value[ii, slots.channels[pp]] * slot_multipliers(inst, slots)[pp]
        if inst.has_bonus:
            profit = profit + inst.bonus[ii, slots.channels[pp], inst.slot_day[slots.slots[pp]]]
        self.profit = profit
        guide = profit if extra is None else profit + extra[ii, pp]
        peak = float(np.abs(guide).max(initial=0.0)) or 1.0
        self.scale = COST_RESOLUTION / peak
        cost = -np.round(guide * self.scale).astype(np.int64)
        big = int(COST_RESOLUTION * (n_pos + 1) * 4)

        req_pairs = {(int(i), int(k)) for i, k in zip(*np.nonzero(inst.required_channels), strict=True) if requirements}
        channel_cap = inst.channel_uses_cap()
        arc_channels = slots.channels[pp]
        binding = channel_cap[ii, arc_channels] < inst.uses_cap[ii]
        capped = {(int(i), int(k)) for i, k in zip(ii[binding].tolist(), arc_channels[binding].tolist(), strict=True)}
        pairs = sorted(req_pairs | capped)
        pair_node = {pair: n_items + idx for idx, pair in enumerate(pairs)}
        slot0 = n_items + len(pairs)
        self.src, self.snk = slot0 + n_pos, slot0 + n_pos + 1
        tails: list[np.ndarray] = []
        heads: list[np.ndarray] = []
        caps: list[np.ndarray] = []
        costs: list[np.ndarray] = []

        def arcs(t: np.ndarray, h: np.ndarray, c: np.ndarray, w: np.ndarray) -> None:
            tails.append(np.asarray(t, dtype=np.int64))
            heads.append(np.asarray(h, dtype=np.int64))
            caps.append(np.asarray(c, dtype=np.int64))
            costs.append(np.asarray(w, dtype=np.int64))

        uses = inst.uses_cap.astype(np.int64)
        req = inst.required & (uses > 0) & requirements
        items = np.arange(n_items)
        arcs(np.full(n_items, self.src), items, np.where(req, uses - 1, uses), np.zeros(n_items))
        n_req = int(req.sum())
        arcs(np.full(n_req, self.src), items[req], np.ones(n_req), np.full(n_req, -big))
        via = np.full(ii.size, -1, dtype=np.int64)
        if pair_node:
            pair_index = {pair: idx for idx, pair in enumerate(pairs)}
            keys = [pair_index.get(key, -1) for key in zip(ii.tolist(), arc_channels.tolist(), strict=True)]
            known = np.array(keys, dtype=np.int64)
            via = np.where(known >= 0, n_items + known, -1)
        for (i, k), node in pair_node.items():
            cap = min(int(uses[i]), int(channel_cap[i, k]))
            if (i, k) in req_pairs:
                arcs(np.array([i]), np.array([node]), np.array([1]), np.array([-big]))
                cap -= 1
            arcs(np.array([i]), np.array([node]), np.array([max(0, cap)]), np.array([0]))
        start = np.where(via >= 0, via, ii)
        self.first_arc = sum(len(t) for t in tails)
        arcs(start, slot0 + pp, np.ones(ii.size), cost)
        arcs(slot0 + np.arange(n_pos), np.full(n_pos, self.snk), np.ones(n_pos), np.zeros(n_pos))
        arcs(np.array([self.src]), np.array([self.snk]), np.array([n_pos]), np.array([0]))
        self.tails, self.heads, self.caps, self.costs = (np.concatenate(x) for x in (tails, heads, caps, costs))
        self.arc_of[ii, pp] = self.first_arc + np.arange(ii.size)
        self.flow = min_cost_flow.SimpleMinCostFlow()
        self.flow.add_arcs_with_capacity_and_unit_cost(self.tails, self.heads, self.caps, self.costs)
        self.flow.set_node_supply(self.src, n_pos)
        self.flow.set_node_supply(self.snk, -n_pos)
        self.flows = np.zeros(self.tails.size, dtype=np.int64)

    def solve(self) -> np.ndarray:
        """Solve (again); returns the item of each slot position (-1: empty)."""
        status = self.flow.solve()
        if status != self.flow.OPTIMAL:  # pragma: no cover - the bypass arc keeps the network feasible
            raise RuntimeError(f"min-cost flow failed with status {status}")
        self.flows = self.flow.flows(np.arange(self.tails.size))
        used = np.flatnonzero(self.flows[self.first_arc : self.first_arc + self.ii.size] > 0)
        item_of_slot = np.full(len(self.slots), -1, dtype=np.int64)
        item_of_slot[self.pp[used]] = self.ii[used]
        self.used = used
        return item_of_slot

    def profit_of(self) -> float:
        """Profit of the last solution (true values, without guidance)."""
        return float(self.profit[self.used].sum())

    def ban(self, item: int, position: int) -> None:
        """Forbid ``item`` in slot ``position`` from the next solve on."""
        arc = int(self.arc_of[item, position])
        if arc >= 0:
            self.flow.set_arc_capacity(arc, 0)
            self.caps[arc] = 0

    def prices(self) -> np.ndarray:
        """Item prices of the last solution."""
        return (
            _item_prices(self.tails, self.heads, self.caps, self.costs, self.flows, self.src, self.inst.n_items)
            / self.scale
        )

    def cooldown_conflicts(self, item_of_slot: np.ndarray) -> list[tuple[int, int]]:
        """(item, position) to ban so that each pair of an item's uses closer than its cool-down (same
        channel) or cross-post gap (other channels) loses its less valuable use."""
        inst, slots = self.inst, self.slots
        pos = np.flatnonzero(item_of_slot >= 0)
        order = pos[np.lexsort((slots.slots[pos], item_of_slot[pos]))]
        items = item_of_slot[order]
        times = slots.slots[order]
        mult = slot_multipliers(inst, slots)
        out = []
        reach = np.maximum(inst.cooldown, inst.cross_gap)
        for a in range(order.size):
            i = int(items[a])
            b = a + 1
            while b < order.size and items[b] == i and times[b] - times[a] < reach[i]:
                pa, pb = int(order[a]), int(order[b])
                if inst.use_conflicts(
                    i, int(slots.channels[pa]), int(times[a]), int(slots.channels[pb]), int(times[b])
                ):
                    va = inst.value[i, slots.channels[pa]] * mult[pa]
                    vb = inst.value[i, slots.channels[pb]] * mult[pb]
                    out.append((i, pb if vb < va else pa))
                    break
                b += 1
        return out


def assign_items(
    inst: PostingInstance,
    slots: SlotSet,
    extra: np.ndarray | None = None,
    prices: bool = False,
    cooldown_rounds: int = 0,
) -> Assignment:
    """Max-profit assignment of items to ``slots``.

    ``extra[i, p]`` (optional) is added to the profit of item i in slot p (guidance only, e.g.
    multipliers of calendar-wide rules). With ``cooldown_rounds`` > 0, cool-down conflicts are
    removed by banning the less valuable use of each conflicting pair and re-solving, up to that
    many times. With ``prices`` the item prices (duals of the item supplies) are computed too.
    """
    if len(slots) == 0 or inst.n_items == 0:
        return Assignment(np.full(len(slots), -1, dtype=np.int64), 0.0, np.zeros(inst.n_items))
    # prices come from the plain transportation problem: the first-unit bonuses of required items
    # would otherwise dominate the potentials
    net = AssignmentFlow(inst, slots, extra, requirements=not prices)
    solve_cost = 2e-3 + 4e-7 * net.tails.size
    work = 2 * solve_cost
    item_of_slot = net.solve()
    price = np.zeros(inst.n_items)
    if prices:
        price = net.prices()
        work += 5e-7 * net.tails.size
    for _ in range(cooldown_rounds):
        conflicts = net.cooldown_conflicts(item_of_slot)
        if not conflicts:
            break
        for i, p in conflicts:
            net.ban(i, p)
        item_of_slot = net.solve()
        work += solve_cost
    return Assignment(item_of_slot, net.profit_of(), price, work)


def _item_prices(
    tails: np.ndarray, heads: np.ndarray, caps: np.ndarray, costs: np.ndarray, flows: np.ndarray, src: int, n_items: int
) -> np.ndarray:
    """Duals of the item supplies: potential differences from Bellman-Ford on the residual graph."""
    forward = flows < caps
    backward = flows > 0
    rt = np.concatenate([tails[forward], heads[backward]])
    rh = np.concatenate([heads[forward], tails[backward]])
    rc = np.concatenate([costs[forward], -costs[backward]]).astype(float)
    n_nodes = int(max(tails.max(), heads.max())) + 1
    dist = np.zeros(n_nodes)
    for _ in range(min(4 * n_nodes, 400)):
        cand = dist[rt] + rc
        new = dist.copy()
        np.minimum.at(new, rh, cand)
        if np.array_equal(new, dist):
            break
        dist = new
    return np.maximum(0.0, dist[:n_items] - dist[src])
