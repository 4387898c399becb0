"""The large-instance method: Lagrangian bound by column generation, schedules by flow + local search.

1. Warm start: the channel programs at zero multipliers choose slots; min-cost flow assigns items
   to them; the flow's item prices become multipliers; repeated a few times (prices smoothed).
   Every dual evaluation is a proven bound.
2. Column generation on channel-day patterns lowers the bound towards the LP optimum and supplies
   multipliers for the cool-down, share and count rules too.
3. Primal rounds: at the best multipliers, the channel programs' slots get items by min-cost flow
   (guided by the multipliers of the rules the flow cannot express), then :mod:`local_search`
   repairs every rule and improves the value. The best valid schedule is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from mixplan.solver.posting.assignment import SlotSet, assign_items
from mixplan.solver.posting.budget import Budget
from mixplan.solver.posting.column_generation import ColumnGeneration
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.lagrangian import DualEvaluation, Lagrangian, Multipliers
from mixplan.solver.posting.lns import ReducedCostLNS
from mixplan.solver.posting.local_search import LocalSearch
from mixplan.solver.posting.neighbourhood import resolve_window
from mixplan.solver.posting.rules import schedule_violations
from mixplan.solver.posting.schedule import Schedule
from mixplan.solver.solution import PostChoice

WARM_START_ROUNDS = 4
WARM_START_SHARE = 0.15  # share of the budget the flow-price rounds may use
SMOOTHING = 0.8  # weight of the best multipliers when pricing (dual smoothing steadies column generation)
REPAIR_SECONDS = 1.0  # CP-SAT time (deterministic when asked) for one re-solve in the repair
WINDOW_SECONDS = 1.0  # CP-SAT time for one improving window re-solve
SEARCH_SCALE = 1.6  # local search's own estimates, calibrated against the wall clock
BOUND_SHARE = 0.75  # share of the budget the bound search may use before the last primal rounds
DIVE_SHARE = 0.1  # share of the budget the LP diving may use
COMPLETION_ALLOWANCE = 0.15  # share of the budget the LP rounding's completion may overrun
DIVE_END = 0.85  # ... and diving ends by this share, so the rounded schedule can be completed


@dataclass
class Incumbent:
    """The best valid schedule so far."""

    posts: list[PostChoice] = field(default_factory=list)
    value: float = -np.inf
    found: bool = False


class Decomposition:
    """Runs the method of the module docstring within a :class:`Budget`."""

    def __init__(self, inst: PostingInstance, budget: Budget) -> None:
        self.inst = inst
        self.budget = budget
        self.lag = Lagrangian(inst)
        self.best = Incumbent()
        self.bound = np.inf
        self.messages: list[str] = []
        self.eval_cost = 4e-9 * sum(p.items.size * inst.n_slots * p.decay.size for p in self.lag.pricing)
        self.eval_cost += len(self.lag.pricing) * (1.5e-3 + 1.5e-4 * inst.days) + 2e-9 * inst.n_items * inst.n_slots
        self.cg: ColumnGeneration | None = None
        self.cooldown_rounds = 25 if inst.n_items * inst.n_slots <= 400_000 else 6

    # -- bookkeeping -------------------------------------------------------------------------------
    def _evaluate(self, m: Multipliers) -> DualEvaluation:
        ev = self.lag.evaluate(m)
        self.budget.spend(self.eval_cost)
        self.bound = min(self.bound, ev.bound)
        return ev

    def _offer(self, sched: Schedule, phase: str) -> None:
        if sched.total_violation() > 1e-9:
            return
        posts = sched.posts()
        value = sched.value()
        if value <= self.best.value + 1e-9 * max(1.0, abs(self.best.value)):
            return
        problems = schedule_violations(self.inst, posts)
        if problems:  # pragma: no cover - local search keeps every rule; this guards against a bug
            self.messages.append(f"discarded an invalid schedule from {phase}: {problems[0]}")
            return
        self.best = Incumbent(posts, value, True)
        self.budget.progress(phase, value, self.bound)

    def sparse_start(self) -> None:
        """The feasibility fallback: start from no posts, repair only what the rules require, then improve.

        The flow rounding fills every good slot and then repairs; when items are scarce next to
        weekly minimum shares (e.g. one education post needed in every week that has posts, with
        fewer education posts than weeks) that repair cannot empty enough weeks. Starting empty,
        the repair adds just the required posts and the shares they call for, and the improvement
        moves then add posts only where every rule still holds.
        """
        sched = Schedule(self.inst)
        search = LocalSearch(self.inst, sched, lambda: self.budget.stop_requested() or self.budget.past_deadline())
        search.repair()
        if sched.total_violation() > 1e-9:
            return
        self._offer(sched, "sparse start")
        search.should_stop = self.budget.checker()
        search.improve(rounds=2, fill_slots=self.inst_positions())
        self._offer(sched, "sparse start")

    def inst_positions(self) -> list[tuple[int, int]]:
        """Every (channel, slot) a post may take, best slot value first (for the fill pass)."""
        inst = self.inst
        out = [(k, int(t)) for k in inst.posting_channels for t in np.flatnonzero(inst.slot_value[k] > 0).tolist()]
        out.sort(key=lambda kt: -float(inst.slot_value[kt[0], kt[1]]))
        return out

    def min_schedule_value(self) -> float:
        """A value no valid schedule can fall below (negative bonuses are the only negative terms)."""
        inst = self.inst
        worst = float(np.minimum(inst.bonus, 0.0).min(initial=0.0))
        posts = sum(inst.rules[k].day_cap * inst.days for k in inst.posting_channels)
        return posts * worst

    def proven_infeasible(self) -> bool:
        """The bound is below every possible schedule value: no valid schedule exists."""
        slack = 1e-6 * max(1.0, abs(self.min_schedule_value()))
        return bool(self.bound < self.min_schedule_value() - slack)

    def gap_closed(self) -> bool:
        """The incumbent is within the requested relative gap of the bound."""
        if not self.best.found:
            return False
        gap = self.budget.gap(self.best.value, self.bound)
        return gap is not None and gap <= self.budget.options.relative_gap

    # -- phases -------------------------------------------------------------------------------------
    def warm_start(self) -> tuple[Multipliers, DualEvaluation]:
        """Flow-price rounds; returns the best multipliers and their evaluation."""
        m = self.lag.zero.copy()
        ev = self._evaluate(m)
        best_m, best_ev = m.copy(), ev
        self.seed_schedules: list[list[tuple[int, int, int]]] = []
        for r in range(WARM_START_ROUNDS):
            if self.budget.exhausted(WARM_START_SHARE):
                break
            slots = SlotSet.from_posts(ev.posts)
            flow = assign_items(self.inst, slots, prices=True)
            self.budget.spend(flow.work)
            self.seed_schedules.append(
                [
                    (int(i), int(k), int(t))
                    for i, k, t in zip(flow.item_of_slot, slots.channels, slots.slots, strict=True)
                    if i >= 0
                ]
            )
            m = m.copy()
            m.uses[:] = flow.item_price if r == 0 else 0.5 * m.uses + 0.5 * flow.item_price
            ev = self._evaluate(m)
            if ev.bound <= best_ev.bound:
                best_m, best_ev = m.copy(), ev
        self.budget.progress("bound: flow prices", None, self.bound)
        return best_m, best_ev

    def primal_round(self, m: Multipliers, ev: DualEvaluation, phase: str, rounds: int = 6) -> None:
        """Slots of ``ev`` → flow assignment guided by ``m`` → repair → improve; keep it if best.

        Without a valid schedule yet, the repair runs until it is done (only a stop request cuts it, not
        the time limit) and the flow gets fewer cool-down rounds when time is short.
        """
        inst = self.inst
        slots = SlotSet.from_posts(ev.posts)
        if len(slots) == 0:
            self._offer(Schedule(inst), phase)
            return
        phi = self.lag.slot_terms(m)
        item_slot = self.lag.item_slot_terms(m)
        extra = item_slot[:, slots.slots] + phi[inst.category][:, slots.channels, slots.slots]
        first = not self.best.found
        cooldown_rounds = self.cooldown_rounds
        if first and self.budget.remaining() < 0.5 * self.budget.limit:
            cooldown_rounds = min(cooldown_rounds, 3)
        flow = assign_items(inst, slots, extra=extra, cooldown_rounds=cooldown_rounds)
        self.budget.spend(flow.work)
        sched = Schedule(inst)
        search = LocalSearch(inst, sched, self.budget.checker())
        search.insert_assignment(slots, flow.item_of_slot)
        if first:  # the first valid schedule is finished even past the time limit: a plan beats none
            search.should_stop = lambda: self.budget.stop_requested() or self.budget.past_deadline()
        search.repair()
        search.should_stop = self.budget.checker()
        positions = list(zip(slots.channels.tolist(), slots.slots.tolist(), strict=True))
        self._complete(sched, search, positions, rounds, phase)

    def _complete(
        self, sched: Schedule, search: LocalSearch, positions: list[tuple[int, int]], rounds: int, phase: str
    ) -> None:
        """Fill the open ``positions``, improve, repair (deeply if needed) and offer the schedule as ``phase``."""
        search.fill(positions)
        search.improve(rounds=rounds, fill_slots=positions)
        # the repair is finished even when the budget ran out meanwhile: a schedule left broken is lost work
        budget_stop = search.should_stop
        search.should_stop = lambda: self.budget.stop_requested() or self.budget.past_deadline()
        search.repair()
        search.should_stop = budget_stop
        self.budget.spend(SEARCH_SCALE * search.work + 2e-3)
        self.deep_repair(sched, search)
        self._offer(sched, phase)

    def lp_round(self, phase: str, rounds: int = 6, dives: int = 20) -> None:
        """Round the master LP by diving (fix the most fractional-but-heaviest pattern to 1, re-solve, repeat),
        then take per channel-day its heaviest pattern, repair and improve."""
        if self.cg is None:
            return
        inst = self.inst
        master = self.cg.master
        counted = master.work
        ok = master.solve()  # columns may have been added since the last solve
        self.budget.spend(master.work - counted)
        counted = master.work
        if not ok:
            return
        stop_diving = min(self.budget.used() + DIVE_SHARE * self.budget.limit, DIVE_END * self.budget.limit)
        for _ in range(dives):
            if self.budget.exhausted() or self.budget.used() >= stop_diving:
                break
            solution = master.solution()
            frac = [(x, col.value, -col.channel, -col.day, n) for n, (col, x) in enumerate(solution) if x < 1 - 1e-6]
            if not frac:
                break
            # fix the nearly integral patterns and the heaviest fractional one, then re-solve
            picks = {max(frac)[4]} | {n for x, _v, _k, _d, n in frac if x > 0.6}
            for n in picks:
                solution[n][0].var.SetLb(1.0)
            ok = master.solve()
            if ok and master.add_violated_rows():
                ok = master.solve()
            self.budget.spend(master.work - counted)
            counted = master.work
            if not ok or master.artificial_use() > 1e-6:
                for n in picks:
                    solution[n][0].var.SetLb(0.0)
                    solution[n][0].var.SetUb(0.0)
                if not master.solve():
                    break
        self.budget.spend(master.work - counted)
        solution = sorted(master.solution(), key=lambda cx: (-cx[1], -cx[0].value, cx[0].channel, cx[0].day))
        for col in master.columns:
            col.var.SetLb(0.0)
            col.var.SetUb(master.inf)
        if not solution:
            return
        sched = Schedule(inst)
        search = LocalSearch(inst, sched, self.budget.checker())
        taken: set[tuple[int, int]] = set()
        positions: set[tuple[int, int]] = set()
        for col, _x in solution:
            positions.update((col.channel, int(t)) for t in col.slots.tolist())
            if (col.channel, col.day) in taken:
                continue
            taken.add((col.channel, col.day))
            for i, t in zip(col.items.tolist(), col.slots.tolist(), strict=True):
                if sched.channel_allows(col.channel, t) and sched.item_allows(i, col.channel, t):
                    sched.add(i, col.channel, t)
        search.repair()
        # the rounded schedule is the best primal of a converged master: completing it may overrun the
        # budget by a bounded, counted allowance rather than be thrown away half-repaired
        budget, self.budget = self.budget, self.budget.part(1.0 + COMPLETION_ALLOWANCE)
        try:
            search.should_stop = self.budget.checker()
            self._complete(sched, search, sorted(positions), rounds, phase)
        finally:
            self.budget = budget

    def deep_repair(self, sched: Schedule, search: LocalSearch, attempts: int = 4) -> None:
        """Rules the moves could not repair: re-solve a window around each with CP-SAT (each rule once),
        then repair again."""
        failed: set[tuple] = set()
        for _ in range(attempts):
            if sched.total_violation() <= 1e-9 or self.budget.exhausted():
                return
            target = search.next_violation(failed)
            if target is None:
                return
            first, last, extra = self._window_for(target)
            work = search.work
            if not resolve_window(self.inst, sched, first, last, self.budget, REPAIR_SECONDS, extra):
                failed.add(target)
            search.repair()
            self.budget.spend(SEARCH_SCALE * (search.work - work))

    def _window_for(self, target: tuple) -> tuple[int, int, list[int]]:
        """The slots to re-solve for a broken rule, and the items it needs."""
        inst = self.inst
        spd = inst.slots_per_day
        kind = target[0]
        if kind == "count":
            w = inst.count_windows[target[1]]
            return w.first - spd, min(w.last, w.first + 2 * spd) + spd, []
        if kind in ("share_min", "share_max"):
            first, last = inst.week_slots(target[2])
            return first, last, []
        i = target[1]
        channels = inst.posting_channels if kind == "required" else [target[2]]
        worth = np.max(
            [np.where(inst.allowed_mask(k)[i], inst.value[i, k] * inst.slot_value[k], -np.inf) for k in channels],
            axis=0,
        )
        best = int(np.argmax(worth))
        day = best // spd
        return (day - 1) * spd, (day + 2) * spd - 1, [i]

    def polish(self, rounds: int = 20) -> None:
        """More local search from the incumbent."""
        if not self.best.found:
            return
        sched = Schedule.from_posts(self.inst, [(p.item, p.channel, p.slot) for p in self.best.posts])
        search = LocalSearch(self.inst, sched, self.budget.checker())
        search.improve(rounds=rounds)
        self.budget.spend(SEARCH_SCALE * search.work + 2e-3)
        self._offer(sched, "polish")

    def run(self) -> None:
        """The whole method, within the budget."""
        m, ev = self.warm_start()
        if self.proven_infeasible():
            return
        self.primal_round(m, ev, "flow prices", rounds=2)  # a first valid schedule, quickly
        if not self.best.found:
            self.sparse_start()
        if self.gap_closed() or self.budget.exhausted():
            return
        cg = ColumnGeneration(self.inst, self.lag, SMOOTHING)
        self.cg = cg
        cg.offer(m, ev)
        for posts in self.seed_schedules:
            cg.add_posts(posts)
        if self.best.found:
            cg.add_posts([(p.item, p.channel, p.slot) for p in self.best.posts])
        last_primal_bound = self.bound
        retried = False
        history: list[tuple[float, float]] = []
        while not self.budget.exhausted(BOUND_SHARE) and not self.gap_closed() and not self.proven_infeasible():
            master_work = cg.master.work
            st = cg.round(self.budget.checker(BOUND_SHARE))
            self.budget.spend(self.eval_cost * 1.2 + (cg.master.work - master_work) + 2e-3)
            self.bound = min(self.bound, st.bound)
            self.budget.progress("bound: column generation", self.best.value if self.best.found else None, self.bound)
            history.append((st.bound, st.lp_value))
            if st.converged or _stalled(history):
                break
            if (
                not self.best.found
                and not retried
                and last_primal_bound - self.bound > 0.002 * abs(self.bound)
                and st.evaluation is not None
            ):  # one more early attempt at a valid schedule
                self.lp_round("LP rounding (early)", rounds=2)
                retried = True
        st = cg.state
        if not self.budget.exhausted():
            self.lp_round("LP rounding")
        if st.evaluation is not None and not self.budget.exhausted():
            self.primal_round(st.multipliers, st.evaluation, "best multipliers", rounds=10)
        if not self.budget.exhausted():
            duals = cg.last_multipliers
            self.primal_round(duals, self.lag.evaluate(duals), "master duals", rounds=10)
            self.budget.spend(self.eval_cost)
        while not self.budget.exhausted() and not self.gap_closed() and self.best.found:
            before = self.best.value
            self.polish()
            if self.best.value <= before + 1e-9 * max(1.0, abs(before)):
                break
        self.reduced_cost_lns()
        self.window_search()

    def reduced_cost_lns(self) -> None:
        """Window re-solves chosen by the reduced costs at the best multipliers (:mod:`lns`)."""
        st = self.cg.state if self.cg is not None else None
        if not self.best.found or st is None or st.evaluation is None or self.budget.exhausted():
            return
        out = ReducedCostLNS(self.inst, self.lag, st.multipliers, st.evaluation, self.budget).run(
            self.best.posts, self.best.value
        )
        self.messages.append(f"large-neighbourhood search: {out.improved} of {out.tried} windows improved")
        if out.value > self.best.value:
            self._offer(Schedule.from_posts(self.inst, [(p.item, p.channel, p.slot) for p in out.posts]), "LNS")

    def window_search(self, days: int = 2) -> None:
        """Re-solve the incumbent window by window (``days`` days, all channels) with CP-SAT while time is left."""
        inst = self.inst
        spd = inst.slots_per_day
        starts = list(range(0, inst.days, max(1, days - 1)))
        offset = self.budget.options.seed % max(1, len(starts))
        failures = 0
        position = 0
        while self.best.found and not self.budget.exhausted() and not self.gap_closed() and failures < len(starts):
            d = starts[(offset + position) % len(starts)]
            position += 1
            sched = Schedule.from_posts(inst, [(p.item, p.channel, p.slot) for p in self.best.posts])
            seconds = min(WINDOW_SECONDS, self.budget.remaining())
            if resolve_window(inst, sched, d * spd, (d + days) * spd - 1, self.budget, seconds, need_improvement=True):
                before = self.best.value
                self._offer(sched, "window re-solve")
                failures = 0 if self.best.value > before + 1e-9 * max(1.0, abs(before)) else failures + 1
            else:
                failures += 1


def _stalled(history: list[tuple[float, float]], rounds: int = 8) -> bool:
    """Neither the bound nor the master LP moved by more than 1e-6 (relative) in the last ``rounds`` rounds."""
    if len(history) <= rounds:
        return False
    bound_then, lp_then = history[-rounds - 1]
    bound_now, lp_now = history[-1]
    scale = max(1.0, abs(bound_now))
    return bound_then - bound_now <= 1e-6 * scale and abs(lp_now - lp_then) <= 1e-6 * scale
