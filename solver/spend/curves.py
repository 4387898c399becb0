"""Geometry of one response curve on its grid: the upper concave hull, best jumps, change-limit pairs.

Everything here depends only on a grid (ascending spend levels, first 0) and the revenue at each
level; a day factor or a boost weight scales revenue by a non-negative number, which changes
neither the hull nor the best jumps, so these are computed once per curve.
"""

from __future__ import annotations

import numpy as np


def upper_hull(spend: np.ndarray, revenue: np.ndarray) -> np.ndarray:
    """Indices of the vertices of the upper concave hull of the points (spend[j], revenue[j]).

    ``spend`` must be strictly ascending. The first and the last point are always vertices; points
    on a straight segment between two vertices are left out.
    """
    hull: list[int] = []
    for j in range(len(spend)):
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            # drop b when it lies on or below the segment a -> j
            cross = (spend[b] - spend[a]) * (revenue[j] - revenue[a]) - (revenue[b] - revenue[a]) * (
                spend[j] - spend[a]
            )
            if cross >= 0:
                hull.pop()
            else:
                break
        hull.append(j)
    return np.asarray(hull, dtype=np.int64)


def best_jumps(spend: np.ndarray, revenue: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For every level ``a``, the higher level ``b`` with the best average return and that return.

    ``target[a]`` maximizes ``(revenue[b] - revenue[a]) / (spend[b] - spend[a])`` over ``b > a``;
    ``ratio[a]`` is that maximum. For the last level ``target``
    is -1 and ``ratio`` is -inf. This is the tangent from point ``a`` to the upper hull of the points
    to its right, maintained from right to left, so the cost is O(n log n).
    """
    n = len(spend)
    target = np.full(n, -1, dtype=np.int64)
    ratio = np.full(n, -np.inf)
    s = spend.astype(np.float64)
    r = revenue.astype(np.float64)
    hull: list[int] = []  # upper hull of points a+1..n-1, hull[-1] is the leftmost
    for a in range(n - 1, -1, -1):
        if hull:
            # slopes from a to hull vertices (leftmost first) are unimodal: binary search the peak
            lo, hi = 0, len(hull) - 1  # positions counted from the left end: hull[-1 - pos]
            while lo < hi:
                mid = (lo + hi) // 2
                p, q = hull[-1 - mid], hull[-2 - mid]
                slope_p = (r[p] - r[a]) / (s[p] - s[a])
                slope_q = (r[q] - r[a]) / (s[q] - s[a])
                if slope_q > slope_p:
                    lo = mid + 1
                else:
                    hi = mid
            best = hull[-1 - lo]
            target[a] = best
            ratio[a] = (r[best] - r[a]) / (s[best] - s[a])
        # add a as the new leftmost point of the hull of a..n-1
        while len(hull) >= 2:
            b, c = hull[-1], hull[-2]
            cross = (s[b] - s[a]) * (r[c] - r[a]) - (r[b] - r[a]) * (s[c] - s[a])
            if cross >= 0:  # b on or below segment a -> c
                hull.pop()
            else:
                break
        hull.append(a)
    return target, ratio


def change_windows(grid: np.ndarray, max_change: float) -> tuple[np.ndarray, np.ndarray]:
    """For each level ``x`` of ``grid``, the index range of previous-day levels ``p > 0`` it may follow.

    ``p`` and ``x`` (both positive) are compatible when ``p * (1 - max_change) <= x <= p * (1 + max_change)``,
    evaluated in floating point exactly as written (the verifier's test). The compatible ``p`` form an
    index interval ``lo[x]..hi[x]`` (empty when ``lo > hi``). Level 0 is compatible with everything.
    """
    levels = grid.astype(np.float64)
    if max_change >= 1.0:  # p * (1 - max_change) <= 0 <= x always holds
        high_end = levels * (1.0 + max_change)
        lo = np.maximum(np.searchsorted(high_end, levels, side="left"), 1)
        lo[0] = 0
        return lo.astype(np.int64), np.full(len(grid), len(grid) - 1, dtype=np.int64)
    low_end = levels * (1.0 - max_change)  # ascending in p
    high_end = levels * (1.0 + max_change)
    # need high_end[p] >= x  and  low_end[p] <= x
    lo = np.searchsorted(high_end, levels, side="left")
    hi = np.searchsorted(low_end, levels, side="right") - 1
    lo = np.maximum(lo, 1)
    lo[0], hi[0] = 0, len(grid) - 1
    return lo.astype(np.int64), hi.astype(np.int64)
