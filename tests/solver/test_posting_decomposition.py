"""The large-instance machinery on small cases: channel DP exactness, Lagrangian bound validity, and the
decomposition (bound + flow + local search) against brute force."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mixplan.solver import Problem, SolveOptions
from mixplan.solver.posting.budget import Budget
from mixplan.solver.posting.channel_dp import ChannelDP
from mixplan.solver.posting.decomposition import Decomposition
from mixplan.solver.posting.instance import PostingInstance
from mixplan.solver.posting.lagrangian import Lagrangian
from support.posting_checker import allowed_triples, brute_force, checker_value, checker_violations, tiny_problems

SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow]
)


def dp_brute_force(f: np.ndarray, gap: int, day_cap: int, week_cap: int | None, n_special: int) -> float:
    """Best total over every slot subset and rank assignment (special ranks once per day, tail rank freely)."""
    days, spd, _ = f.shape
    best = 0.0
    for bits in range(1 << (days * spd)):
        slots = [t for t in range(days * spd) if bits >> t & 1]
        if any(b - a < gap for a, b in itertools.pairwise(slots)):
            continue
        per_day: dict[int, list[int]] = {}
        for t in slots:
            per_day.setdefault(t // spd, []).append(t)
        if any(len(v) > day_cap for v in per_day.values()):
            continue
        if week_cap is not None:
            weeks: dict[int, int] = {}
            for t in slots:
                weeks[t // spd // 7] = weeks.get(t // spd // 7, 0) + 1
            if any(n > week_cap for n in weeks.values()):
                continue
        total = 0.0
        for d, ts in per_day.items():
            day_best = -np.inf
            for ranks in itertools.product(range(n_special + 1), repeat=len(ts)):
                special = [r for r in ranks if r < n_special]
                if len(special) == len(set(special)):
                    day_best = max(day_best, sum(f[d, t % spd, r] for t, r in zip(ts, ranks, strict=True)))
            total += day_best
        best = max(best, total)
    return best


@SETTINGS
@given(st.data())
def test_channel_dp_is_exact(data: st.DataObject) -> None:
    spd = data.draw(st.integers(1, 3))
    days = data.draw(st.integers(1, 12 // spd))
    gap = data.draw(st.integers(1, 3))
    day_cap = data.draw(st.integers(0, 3))
    week_cap = data.draw(st.sampled_from([None, 0, 1, 2, 4]))
    n_special = data.draw(st.integers(0, 2))
    values = data.draw(
        st.lists(
            st.sampled_from([-np.inf, -1.0, 0.5, 1.0, 2.0, 3.5]),
            min_size=days * spd * (n_special + 1),
            max_size=days * spd * (n_special + 1),
        )
    )
    f = np.array(values).reshape(days, spd, n_special + 1)
    sol = ChannelDP(days, spd, gap, day_cap, week_cap, n_special).solve(f)
    assert abs(sol.value - dp_brute_force(f, gap, day_cap, week_cap, n_special)) < 1e-9
    slots = [t for t, _ in sol.posts]
    assert all(b - a >= gap for a, b in itertools.pairwise(slots))
    assert abs(sum(f[t // spd, t % spd, r] for t, r in sol.posts) - sol.value) < 1e-9


@SETTINGS
@given(tiny_problems(), st.integers(0, 2**31 - 1))
def test_lagrangian_bound_holds_for_any_multipliers(case: tuple[Problem, np.ndarray | None], seed: int) -> None:
    problem, bonus = case
    if len(allowed_triples(problem)) > 14:
        return
    best = brute_force(problem, bonus)
    if best is None:
        return
    lag = Lagrangian(PostingInstance(problem, bonus))
    rng = np.random.default_rng(seed)
    for scale in (0.0, 0.5, 3.0):
        m = lag.zero.from_vector(rng.exponential(scale, size=lag.zero.vector().size) if scale else lag.zero.vector())
        assert lag.evaluate(m).bound >= best - 1e-7 * max(1.0, abs(best))


@SETTINGS
@given(tiny_problems())
def test_decomposition_schedules_are_valid_and_bounded(case: tuple[Problem, np.ndarray | None]) -> None:
    problem, bonus = case
    if len(allowed_triples(problem)) > 14:
        return
    best = brute_force(problem, bonus)
    inst = PostingInstance(problem, bonus)
    dec = Decomposition(inst, Budget(SolveOptions(workers=1), 5.0))
    dec.run()
    if best is None:
        assert not dec.best.found
        return
    assert dec.bound >= best - 1e-7 * max(1.0, abs(best))
    if dec.best.found:
        assert checker_violations(problem, dec.best.posts) == []
        assert abs(checker_value(problem, dec.best.posts, bonus) - dec.best.value) < 1e-7 * max(1.0, abs(best))
        assert dec.best.value <= best + 1e-7 * max(1.0, abs(best))
