"""Large-neighbourhood search over channel-day windows, chosen by Lagrangian reduced costs.

At a set of multipliers (the column generation's best), every post has a *reduced value*: its value
plus what the relaxed rules (item uses, cool-downs, shares, counts) add to it. The relaxed schedule
of the dual function is the best schedule by reduced value; where it gains most over the incumbent,
channel-day by channel-day, is where the incumbent is most likely to improve. Each step re-solves
one window — ``span`` days on the ``width`` channels with the largest gain over those days — with
CP-SAT (:func:`neighbourhood.resolve_window`): everything outside is fixed, the incumbent is the hint,
and the items the relaxed schedule puts in the window join the candidates. A window is kept only if
the whole schedule gets better and keeps every rule, so the incumbent never gets worse.

Deterministic: windows are ranked by numbers computed from the instance, the multipliers and the
incumbent only; each CP-SAT call runs single-threaded with the solve's seed and stops on
deterministic time; the search stops on counted work (the :class:`Budget` meter), on a window count,
or when no untried window has a positive gain. The wall clock only acts through the budget's
safety net.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from mixplan.solver.posting.budget import Budget
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.lagrangian import DualEvaluation, Lagrangian, Multipliers
from mixplan.solver.posting.neighbourhood import resolve_window
from mixplan.solver.posting.schedule import Schedule
from mixplan.solver.solution import PostChoice

WINDOW_WORK = 0.6  # CP-SAT deterministic time for one window re-solve
MAX_WINDOWS = 200  # windows tried at most in one search (a count, never the clock)


@dataclass(frozen=True)
class Window:
    """Days ``first_day .. first_day + span - 1`` on ``channels``, with the relaxed schedule's gain there."""

    first_day: int
    span: int
    channels: tuple[int, ...]
    gain: float


@dataclass
class LnsResult:
    """What a search did: the best schedule and its value, windows tried and improved."""

    posts: list[PostChoice]
    value: float
    tried: int
    improved: int


class ReducedCostLNS:
    """Window re-solves around an incumbent, windows ranked by the reduced-cost gain of the relaxed schedule."""

    def __init__(
        self,
        inst: PostingInstance,
        lag: Lagrangian,
        multipliers: Multipliers,
        relaxed: DualEvaluation,
        budget: Budget,
        *,
        span: int = 2,
        width: int = 4,
        window_work: float = WINDOW_WORK,
        max_windows: int = MAX_WINDOWS,
    ) -> None:
        self.inst = inst
        self.budget = budget
        self.span = max(1, min(span, inst.days))
        self.width = max(1, min(width, len(inst.posting_channels)))
        self.window_work = window_work
        self.max_windows = max_windows
        m = lag.valid(multipliers)
        self.item_term = lag.item_terms(m)  # (I, K)
        self.slot_term = lag.slot_terms(m)  # (C, K, T)
        self.item_slot = lag.item_slot_terms(m)  # (I, T)
        self.relaxed_value = np.zeros((inst.n_channels, inst.days))
        self.relaxed_items: dict[tuple[int, int], set[int]] = {}
        spd = inst.slots_per_day
        for i, k, t, r in relaxed.posts:
            d = t // spd
            self.relaxed_value[k, d] += self.reduced(i, k, t, r)
            self.relaxed_items.setdefault((k, d), set()).add(i)
        budget.spend(2e-6 * len(relaxed.posts) + 1e-8 * inst.n_items * inst.n_slots)

    def reduced(self, i: int, k: int, t: int, rank: int) -> float:
        """Reduced value of item i on channel k at slot t as the ``rank``-th post of its day (0 = first)."""
        inst = self.inst
        decay = inst.rules[k].decay
        worth = inst.value[i, k] * inst.slot_value[k, t] * decay[min(rank, len(decay) - 1)]
        c = int(inst.category[i])
        extra = self.item_term[i, k] + self.slot_term[c, k, t] + self.item_slot[i, t]
        return float(worth + extra + inst.bonus[i, k, t // inst.slots_per_day])

    def incumbent_value(self, sched: Schedule) -> np.ndarray:
        """``(K, days)``: the incumbent's reduced value per channel-day (posts ranked by their worth)."""
        inst = self.inst
        spd = inst.slots_per_day
        by_day: dict[tuple[int, int], list[tuple[float, int, int]]] = {}
        for i, k, t in sched.triples():
            by_day.setdefault((k, t // spd), []).append((float(inst.value[i, k] * inst.slot_value[k, t]), i, t))
        out = np.zeros((inst.n_channels, inst.days))
        for (k, d), posts in by_day.items():
            posts.sort(key=lambda p: (-p[0], p[2]))
            out[k, d] = sum(self.reduced(i, k, t, r) for r, (_w, i, t) in enumerate(posts))
        self.budget.spend(3e-6 * len(sched.triples()))
        return out

    def windows(self, sched: Schedule) -> list[Window]:
        """Every window start with its best ``width`` channels, largest gain first (ties: earlier day first)."""
        inst = self.inst
        gain = self.relaxed_value - self.incumbent_value(sched)
        channels = np.array(inst.posting_channels, dtype=np.int64)
        out: list[Window] = []
        for d0 in range(0, inst.days - self.span + 1):
            per_channel = gain[channels, d0 : d0 + self.span].sum(axis=1)
            order = np.lexsort((channels, -per_channel))[: self.width]
            total = float(per_channel[order].sum())
            out.append(Window(d0, self.span, tuple(sorted(int(k) for k in channels[order])), total))
        out.sort(key=lambda w: (-w.gain, w.first_day, w.channels))
        return out

    def run(self, posts: list[PostChoice], value: float) -> LnsResult:
        """Improve the valid schedule ``posts`` (worth ``value``); returns the best schedule found."""
        inst = self.inst
        spd = inst.slots_per_day
        best_posts, best_value = list(posts), value
        tried: set[Window] = set()
        n_tried = n_improved = 0
        sched = Schedule.from_posts(inst, [(p.item, p.channel, p.slot) for p in posts])
        if sched.total_violation() > 1e-9:
            return LnsResult(best_posts, best_value, 0, 0)
        candidates = self.windows(sched)
        while n_tried < self.max_windows and not self.budget.exhausted():
            window = next((w for w in candidates if w.gain > 1e-9 and w not in tried), None)
            if window is None:
                break
            tried.add(window)
            n_tried += 1
            first = window.first_day * spd
            last = (window.first_day + window.span) * spd - 1
            extra = sorted(
                {
                    i
                    for k in window.channels
                    for d in range(window.first_day, window.first_day + window.span)
                    for i in self.relaxed_items.get((k, d), ())
                }
            )
            trial = Schedule.from_posts(inst, sched.triples())
            work = min(self.window_work, self.budget.remaining())
            if work <= 0:
                break
            ok = resolve_window(
                inst, trial, first, last, self.budget, work, extra, need_improvement=True, channels=window.channels
            )
            if not ok or trial.total_violation() > 1e-9:
                continue
            new_value = trial.value()
            if new_value <= best_value + 1e-9 * max(1.0, abs(best_value)):
                continue
            sched = trial
            best_posts, best_value = sched.posts(), new_value
            n_improved += 1
            self.budget.progress("LNS window re-solve", best_value, None)
            candidates = self.windows(sched)  # the gains changed where the schedule did
        return LnsResult(best_posts, best_value, n_tried, n_improved)
