"""Tiny random spend-only Problems (hypothesis strategies) and the recomputation of a solver's spend table."""

from __future__ import annotations

from hypothesis import strategies as st
from mixplan.solver import AdsData, ChannelData, ObjectiveData, Problem, SolveOptions, SpendBound

from support.spend_bruteforce import Plan

OPTIONS = SolveOptions(time_limit_s=5.0, workers=1, relative_gap=1e-7)
RISK_OPTIONS = SolveOptions(time_limit_s=5.0, workers=1, relative_gap=1e-4)  # CVaR scales samples coarsely


def plan_of(problem: Problem, spend: tuple[tuple[int, ...], ...]) -> Plan:
    """Revenue and totals of the solver's spend table, recomputed here."""
    revenue, samples_count = 0.0, max((len(c.ads.samples) for c in problem.channels if c.ads), default=0)
    samples = [0.0] * samples_count
    for c, channel in enumerate(problem.channels):
        ads = channel.ads
        if ads is None:
            assert all(x == 0 for x in spend[c])
            continue
        for d, amount in enumerate(spend[c]):
            j = ads.grid.index(amount)
            revenue += ads.revenue[j] * ads.day_factor[d]
            for s in range(samples_count):
                curve = ads.samples[s] if ads.samples else ads.revenue
                samples[s] += curve[j] * ads.day_factor[d]
    total = sum(sum(row) for row in spend)
    return Plan(spend, revenue, total, tuple(samples))


@st.composite
def channels(draw: st.DrawFn, days: int) -> ChannelData:
    levels = draw(st.integers(1, 3))
    minimum = draw(st.integers(1, 6)) * 100
    step = draw(st.integers(1, 4)) * 100
    grid = (0, *[minimum + step * k for k in range(levels)])
    shape = draw(st.sampled_from([0.8, 1.0, 2.0, 3.0]))
    half = draw(st.integers(2, 10)) * 100.0
    vmax = draw(st.integers(2, 6)) * half
    revenue = tuple(vmax * g**shape / (g**shape + half**shape) for g in grid)
    factor = tuple(draw(st.sampled_from([0.5, 1.0, 1.5, 2.0])) for _ in range(days))
    min_total = draw(st.sampled_from([0, 0, 0, 0, minimum, 2 * minimum]))
    max_total = draw(st.sampled_from([None, None, grid[-1], grid[-1] + minimum]))
    change = draw(st.sampled_from([None, None, 0.2, 0.5, 1.0]))
    name = draw(st.sampled_from(["tiktok", "meta", "google", "pinterest"]))
    previous = draw(st.sampled_from([0, 0, minimum, grid[-1], grid[-1] * 3]))
    return ChannelData(
        name=name,
        ads=AdsData(
            grid=grid,
            revenue=revenue,
            day_factor=factor,
            min_daily=minimum,
            step=step,
            max_daily=grid[-1],
            min_total=min_total,
            max_total=max_total,
            max_change=change,
            previous_spend=previous,
        ),
    )


@st.composite
def problems(draw: st.DrawFn, objective: st.SearchStrategy[ObjectiveData]) -> Problem:
    days = draw(st.integers(1, 3))
    count = draw(st.integers(1, 3 if days == 1 else 2))
    chans = tuple(draw(channels(days)) for _ in range(count))
    most = sum(c.ads.grid[-1] for c in chans if c.ads) * days
    budget = draw(st.one_of(st.integers(0, most), st.integers(most // 3, most)))
    caps: tuple[int | None, ...] = ()
    if draw(st.booleans()):
        caps = tuple(draw(st.sampled_from([None, 300, 600, 1000, 2000])) for _ in range(days))
    bounds: tuple[SpendBound, ...] = ()
    if draw(st.booleans()):
        first = draw(st.integers(0, days - 1))
        last = draw(st.integers(first, days - 1))
        bounds = (
            SpendBound(
                name="group",
                channels=draw(st.sampled_from([None, (0,)])),
                first_day=first,
                last_day=last,
                lo=draw(st.sampled_from([0, 200, 500])),
                hi=draw(st.sampled_from([None, 500, 1000])),
            ),
        )
    return Problem(
        days=days,
        slots_per_day=1,
        slot_minutes=1440,
        budget=budget,
        channels=chans,
        daily_cap=caps,
        spend_bounds=bounds,
        objective=draw(objective),
    )
