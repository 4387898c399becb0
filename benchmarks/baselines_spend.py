"""Baselines for the spend benchmark: scipy SLSQP (what the marketing-mix tools run) and greedy.

Both work from the generated instances' true Hill curves (``instances.HillChannel``) and return a
spend table on the grid, so every method is scored by the same evaluation.

SLSQP (continuous): variables are the daily spends in [0, max_daily]; objective the true curve
times the day factor; constraints the budget and the daily caps. It cannot express "0 or at least
the minimum" nor the day-over-day change limits, so it ignores them, as the tools do. Start:
the budget spread uniformly. Limits: ``maxiter`` iterations and a wall-time cap (a callback stops
it). Repair to a feasible grid plan: each spend is rounded to the nearest grid level (a spend
below the minimum goes to 0 or to the minimum, whichever is nearer); then, while the budget or a
daily cap is exceeded, the channel-day whose next lower level loses the least revenue per unit
freed steps down; then a forward and a backward pass lower any day that breaks a change limit (a
rise above p*(1+m) is cut to the largest level <= p*(1+m); a fall below p*(1-m) lowers the previous
day to the largest level whose (1-m) multiple is <= today's spend, or to 0). Only lowering happens
after the rounding, so budget and caps stay met. The continuous value is reported too.

Greedy (marginal return, one grid step at a time): from zero, repeatedly raise the channel-day
whose next grid level earns the most per extra unit of spend, as long as budget, cap and change
limits allow; stop when no step adds revenue.
"""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass

import numpy as np
from instances import HillChannel
from mixplan.solver import Problem
from scipy.optimize import minimize


@dataclass(frozen=True)
class BaselineResult:
    """A baseline's grid plan (spend[c][d]), its value on the grid, and what it did."""

    spend: np.ndarray
    value: float
    seconds: float
    note: str
    continuous_value: float | None = None


def grid_value(problem: Problem, spend: np.ndarray) -> float:
    """Revenue of a grid plan by the Problem's semantics."""
    total = 0.0
    for c, channel in enumerate(problem.channels):
        ads = channel.ads
        assert ads is not None
        index = {level: j for j, level in enumerate(ads.grid)}
        total += sum(ads.revenue[index[int(x)]] * ads.day_factor[d] for d, x in enumerate(spend[c]))
    return total


def feasible(problem: Problem, spend: np.ndarray) -> bool:
    """Budget, caps, grid membership and change limits."""
    if spend.sum() > problem.budget:
        return False
    for d, cap in enumerate(problem.daily_cap):
        if cap is not None and spend[:, d].sum() > cap:
            return False
    for c, channel in enumerate(problem.channels):
        ads = channel.ads
        assert ads is not None
        if any(int(x) not in ads.grid for x in spend[c]):
            return False
        m = ads.max_change
        if m is None:
            continue
        for d in range(1, problem.days):
            p, x = spend[c, d - 1], spend[c, d]
            if p > 0 and x > 0 and not (p * (1 - m) <= x <= p * (1 + m)):
                return False
    return True


def _floor_level(grid: np.ndarray, amount: float) -> int:
    index = int(np.searchsorted(grid, amount + 1e-9, side="right")) - 1
    return int(grid[max(index, 0)])


def _nearest_level(grid: np.ndarray, amount: float) -> int:
    return int(grid[int(np.argmin(np.abs(grid - amount)))])


def _fit_budget_and_caps(problem: Problem, spend: np.ndarray) -> None:
    """Step channel-days down, least revenue lost per unit freed first, until budget and caps hold."""
    caps = list(problem.daily_cap) if problem.daily_cap else [None] * problem.days
    grids = [np.asarray(ch.ads.grid) for ch in problem.channels]
    revenue = [np.asarray(ch.ads.revenue) for ch in problem.channels]
    factor = [ch.ads.day_factor for ch in problem.channels]

    def over() -> list[int] | None:
        if spend.sum() > problem.budget:
            return list(range(problem.days))
        bad = [d for d, cap in enumerate(caps) if cap is not None and spend[:, d].sum() > cap]
        return bad or None

    while (days := over()) is not None:
        best: tuple[float, int, int, int] | None = None
        for d in days:
            for c in range(spend.shape[0]):
                j = int(np.searchsorted(grids[c], spend[c, d]))
                if j == 0:
                    continue
                lower = j - 1
                loss = (revenue[c][j] - revenue[c][lower]) * factor[c][d] / (grids[c][j] - grids[c][lower])
                if best is None or loss < best[0]:
                    best = (loss, c, d, int(grids[c][lower]))
        assert best is not None
        spend[best[1], best[2]] = best[3]


def repair(problem: Problem, continuous: np.ndarray) -> np.ndarray:
    """Round to the grid, fit budget and caps, then lower days that break change limits (module docstring)."""
    spend = np.zeros(continuous.shape, dtype=np.int64)
    for c, channel in enumerate(problem.channels):
        ads = channel.ads
        assert ads is not None
        grid = np.asarray(ads.grid)
        for d in range(problem.days):
            spend[c, d] = _nearest_level(grid, continuous[c, d])
    _fit_budget_and_caps(problem, spend)
    for c, channel in enumerate(problem.channels):
        ads = channel.ads
        assert ads is not None
        grid = np.asarray(ads.grid)
        m = ads.max_change
        if m is None:
            continue
        for d in range(1, problem.days):  # forward: cut rises
            p = spend[c, d - 1]
            if p > 0 and spend[c, d] > p * (1 + m):
                spend[c, d] = _floor_level(grid, p * (1 + m))
                if 0 < spend[c, d] < p * (1 - m):
                    spend[c, d] = 0
        for d in range(problem.days - 1, 0, -1):  # backward: lower the day before a fall
            p, x = spend[c, d - 1], spend[c, d]
            if p > 0 and x > 0 and x < p * (1 - m):
                lowered = _floor_level(grid, x / (1 - m)) if m < 1 else p
                spend[c, d - 1] = lowered if lowered > 0 and lowered * (1 + m) >= x else 0
    return spend


def slsqp(
    problem: Problem, channels: list[HillChannel], maxiter: int = 2000, time_cap_s: float = 30.0
) -> BaselineResult:
    """scipy SLSQP from a uniform start on the continuous curves, then the grid repair."""
    n, days = len(channels), problem.days
    factor = np.array([ch.ads.day_factor for ch in problem.channels])
    vmax = np.array([c.vmax for c in channels])[:, None]
    half = np.array([c.half for c in channels])[:, None]
    shape = np.array([c.shape for c in channels])[:, None]
    upper = np.array([c.max_daily for c in channels], dtype=np.float64)[:, None] * np.ones((1, days))

    def revenue(x: np.ndarray) -> float:
        s = np.maximum(x.reshape(n, days), 0.0)
        return float((factor * vmax * s**shape / (s**shape + half**shape)).sum())

    def objective(x: np.ndarray) -> float:
        return -revenue(x) / 1e4

    def gradient(x: np.ndarray) -> np.ndarray:
        s = np.maximum(x.reshape(n, days), 1e-9)
        hs = half**shape
        d = factor * vmax * shape * s ** (shape - 1) * hs / (s**shape + hs) ** 2
        return -(d / 1e4).ravel()

    constraints = [{"type": "ineq", "fun": lambda x: problem.budget - x.sum(), "jac": lambda x: -np.ones_like(x)}]
    for d, cap in enumerate(problem.daily_cap):
        if cap is None:
            continue
        row = np.zeros((n, days))
        row[:, d] = 1.0
        flat = row.ravel()
        constraints.append({"type": "ineq", "fun": lambda x, f=flat, c=cap: c - f @ x, "jac": lambda x, f=flat: -f})
    start = np.minimum(np.full((n, days), problem.budget / (n * days)), upper).ravel()
    started = time.perf_counter()
    stopped = [False]

    def callback(xk: np.ndarray) -> None:
        if time.perf_counter() - started > time_cap_s:
            stopped[0] = True
            raise StopIteration

    result = minimize(
        objective,
        start,
        jac=gradient,
        method="SLSQP",
        bounds=list(zip(np.zeros(n * days), upper.ravel(), strict=True)),
        constraints=constraints,
        callback=callback,
        options={"maxiter": maxiter, "ftol": 1e-9},
    )
    seconds = time.perf_counter() - started
    x = np.clip(result.x.reshape(n, days), 0.0, upper)
    # keep the continuous plan within budget and caps before rounding (SLSQP tolerates tiny overshoot)
    spend = repair(problem, x)
    note = f"{result.nit} iterations" + (", stopped by the time cap" if stopped[0] else f", {result.message}")
    return BaselineResult(spend, grid_value(problem, spend), seconds, note, revenue(x))


def greedy_marginal(problem: Problem) -> BaselineResult:
    """One grid step at a time by best marginal return (see the module docstring)."""
    started = time.perf_counter()
    n, days = len(problem.channels), problem.days
    level = np.zeros((n, days), dtype=np.int64)
    spend = np.zeros((n, days), dtype=np.int64)
    day_total = np.zeros(days, dtype=np.int64)
    total = 0
    caps = [None] * days if not problem.daily_cap else list(problem.daily_cap)
    ads = [ch.ads for ch in problem.channels]

    def step(c: int, d: int) -> tuple[float, int] | None:
        a = ads[c]
        assert a is not None
        j = int(level[c, d])
        if j + 1 >= len(a.grid):
            return None
        extra = a.grid[j + 1] - a.grid[j]
        gain = (a.revenue[j + 1] - a.revenue[j]) * a.day_factor[d]
        return gain / extra, extra

    def allowed(c: int, d: int) -> bool:
        a = ads[c]
        assert a is not None
        new = a.grid[int(level[c, d]) + 1]
        extra = new - spend[c, d]
        if total + extra > problem.budget:
            return False
        cap = caps[d]
        if cap is not None and day_total[d] + extra > cap:
            return False
        m = a.max_change
        if m is not None:
            if d > 0 and spend[c, d - 1] > 0 and not spend[c, d - 1] * (1 - m) <= new <= spend[c, d - 1] * (1 + m):
                return False
            if d + 1 < days and spend[c, d + 1] > 0 and not new * (1 - m) <= spend[c, d + 1] <= new * (1 + m):
                return False
        return True

    heap: list[tuple[float, int, int, int]] = []  # (-ratio, channel, day, level when pushed)
    for c in range(n):
        for d in range(days):
            found = step(c, d)
            if found and found[0] > 0:
                heap.append((-found[0], c, d, 0))
    heapq.heapify(heap)
    while heap:
        _key, c, d, pushed = heapq.heappop(heap)
        if pushed != level[c, d]:
            continue  # stale: this channel-day moved since
        if not allowed(c, d):
            continue  # dropped; re-offered only when a neighbouring day of the channel moves
        a = ads[c]
        assert a is not None
        extra = a.grid[int(level[c, d]) + 1] - spend[c, d]
        level[c, d] += 1
        spend[c, d] += extra
        day_total[d] += extra
        total += extra
        found = step(c, d)
        if found and found[0] > 0:
            heapq.heappush(heap, (-found[0], c, d, int(level[c, d])))
        if ads[c].max_change is not None:
            for near in (d - 1, d + 1):  # a neighbour's next step may fit the change limit now
                if 0 <= near < days:
                    again = step(c, near)
                    if again and again[0] > 0:
                        heapq.heappush(heap, (-again[0], c, near, int(level[c, near])))
    seconds = time.perf_counter() - started
    return BaselineResult(spend, grid_value(problem, spend), seconds, "one grid step at a time")
