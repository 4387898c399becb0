"""Exact dynamic program for one channel: which slots to post in, and at which same-day rank.

Given ``f[d, s, r]`` — the value of the best post in slot ``s`` of day ``d`` if it takes same-day rank
``r`` (``-inf`` where no post may go) — it finds the schedule of maximum total value under the
channel's minimum gap (one post per slot), posts per day and posts per week.

Ranks: ``0 .. R-1`` are "special" (each used at most once per day, tracked as a bit mask), rank
``R`` is the tail rank (any number of times). Because the same-day decay is non-increasing, the
true value of a day (posts sorted by worth) is the maximum over all rank assignments, so the
program's optimum equals the best true value. State inside a day: slots since the last post
(capped at ``gap - 1``), the mask of special ranks used and the number of posts; across days:
the gap state and the number of posts in the current week. Days are solved together (vectorized
over days and over the gap state on entering the day).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEG = -np.inf
NO_POST_SHIFT = 1
NO_POST_STAY = 2
POST = 3


@dataclass(frozen=True)
class ChannelSchedule:
    """The program's answer: total value and the chosen posts as (global slot, rank)."""

    value: float
    posts: list[tuple[int, int]]


class ChannelDP:
    """The program for one channel's structure; call :meth:`solve` with a value table."""

    def __init__(
        self, days: int, slots_per_day: int, gap: int, day_cap: int, week_cap: int | None, n_special: int
    ) -> None:
        self.days = days
        self.spd = slots_per_day
        self.gap = max(1, gap)
        self.day_cap = max(0, day_cap)
        self.week_cap = week_cap
        self.n_special = max(0, n_special)
        masks = 1 << self.n_special
        self.masks = masks
        self.rank_src = [
            np.array([m for m in range(masks) if not (m >> r) & 1], dtype=np.int64) for r in range(self.n_special)
        ]
        self.rank_dst = [src | (1 << r) for r, src in enumerate(self.rank_src)]

    # -- within a day --------------------------------------------------------------------------
    def _days_table(self, f: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        """Best value of every day for each (gap state in, gap state out, mask, posts)."""
        g, cap, masks, tail = self.gap, self.day_cap, self.masks, self.n_special
        shape = (self.days, g, g, masks, cap + 1)
        value = np.full(shape, NEG)
        for a in range(g):
            value[:, a, a, 0, 0] = 0.0
        choices: list[np.ndarray] = []
        for s in range(self.spd):
            old = value
            new = np.full(shape, NEG)
            code = np.zeros(shape, dtype=np.int8)
            if g == 1:
                new[...] = old
                code[np.isfinite(old)] = NO_POST_SHIFT
            else:
                new[:, :, 1:] = old[:, :, :-1]
                code[:, :, 1:][np.isfinite(old[:, :, :-1])] = NO_POST_SHIFT
                stay = old[:, :, g - 1] > new[:, :, g - 1]
                new[:, :, g - 1] = np.where(stay, old[:, :, g - 1], new[:, :, g - 1])
                code[:, :, g - 1][stay] = NO_POST_STAY
            if cap > 0:
                src = old[:, :, g - 1]
                target = new[:, :, 0]
                target_code = code[:, :, 0]
                fs = f[:, s, :]
                for r in range(tail):
                    dst = self.rank_dst[r]
                    cand = src[:, :, self.rank_src[r], :cap] + fs[:, r][:, None, None, None]
                    cur = target[:, :, dst, 1:]
                    better = cand > cur
                    target[:, :, dst, 1:] = np.where(better, cand, cur)
                    target_code[:, :, dst, 1:] = np.where(better, POST + r, target_code[:, :, dst, 1:])
                cand = src[:, :, :, :cap] + fs[:, tail][:, None, None, None]
                cur = target[:, :, :, 1:]
                better = cand > cur
                target[:, :, :, 1:] = np.where(better, cand, cur)
                target_code[:, :, :, 1:] = np.where(better, POST + tail, target_code[:, :, :, 1:])
            value = new
            choices.append(code)
        return value, choices

    def _backtrack_day(
        self, choices: list[np.ndarray], d: int, a_in: int, a: int, mask: int, n: int
    ) -> list[tuple[int, int]]:
        posts: list[tuple[int, int]] = []
        g = self.gap
        for s in range(self.spd - 1, -1, -1):
            c = int(choices[s][d, a_in, a, mask, n])
            if c == NO_POST_SHIFT:
                a = a - 1 if g > 1 else a
            elif c == NO_POST_STAY:
                a = g - 1
            elif c >= POST:
                r = c - POST
                posts.append((d * self.spd + s, r))
                a = g - 1
                n -= 1
                if r < self.n_special:
                    mask ^= 1 << r
            else:  # pragma: no cover - unreachable state on the optimal path
                raise RuntimeError("channel program lost its path")
        return posts

    # -- across days ---------------------------------------------------------------------------
    def solve(self, f: np.ndarray) -> ChannelSchedule:
        """Best schedule for the value table ``f`` of shape (days, slots_per_day, n_special + 1)."""
        if self.day_cap == 0 or self.week_cap == 0:
            return ChannelSchedule(0.0, [])
        g = self.gap
        end, choices = self._days_table(f)
        by_mask = end.max(axis=3)  # (D, g_in, g_out, n)
        best_mask = end.argmax(axis=3)
        weekly = self.week_cap is not None
        if weekly:
            table = by_mask
            wcap = int(self.week_cap or 0)
        else:
            table = by_mask.max(axis=3, keepdims=True)
            best_n = by_mask.argmax(axis=3)
            wcap = 0
        q_max = table.shape[3] - 1
        state = np.full((g, wcap + 1), NEG)
        state[g - 1, 0] = 0.0
        rec_in: list[np.ndarray] = []
        rec_q: list[np.ndarray] = []
        rec_reset: dict[int, np.ndarray] = {}
        for d in range(self.days):
            if weekly and d > 0 and d % 7 == 0:
                rec_reset[d] = state.argmax(axis=1)
                reset = np.full_like(state, NEG)
                reset[:, 0] = state.max(axis=1)
                state = reset
            new = np.full((g, wcap + 1), NEG)
            arg_in = np.zeros((g, wcap + 1), dtype=np.int64)
            arg_q = np.zeros((g, wcap + 1), dtype=np.int64)
            for q in range(min(q_max, wcap) + 1):
                cand = state[:, None, : wcap + 1 - q] + table[d, :, :, q][:, :, None]  # (g_in, g_out, w)
                best = cand.max(axis=0)
                which = cand.argmax(axis=0)
                cur = new[:, q:]
                better = best > cur
                new[:, q:] = np.where(better, best, cur)
                arg_in[:, q:] = np.where(better, which, arg_in[:, q:])
                arg_q[:, q:] = np.where(better, q, arg_q[:, q:])
            state = new
            rec_in.append(arg_in)
            rec_q.append(arg_q)
        flat = int(np.argmax(state))
        a, w = divmod(flat, wcap + 1)
        total = float(state[a, w])
        if not np.isfinite(total):  # pragma: no cover - the empty schedule is always feasible
            raise RuntimeError("channel program found no schedule")
        posts: list[tuple[int, int]] = []
        for d in range(self.days - 1, -1, -1):
            a_in = int(rec_in[d][a, w])
            q = int(rec_q[d][a, w])
            n = q if weekly else int(best_n[d, a_in, a])
            mask = int(best_mask[d, a_in, a, n])
            posts.extend(self._backtrack_day(choices, d, a_in, a, mask, n))
            a, w = a_in, w - q
            if d in rec_reset:
                w = int(rec_reset[d][a])
        posts.reverse()
        return ChannelSchedule(total, sorted(posts))
