"""Seeded synthetic spend/revenue history generated from known response curves.

Used to test and benchmark curve fitting: because the true curves are known, a fit can be
checked against them. Spend moves between budget levels every few days (as a media buyer
changes budgets), with daily jitter and occasional paused days; observed revenue is the
planner's curve form (Hill, then geometric carry-over) times log-normal noise. A warm-up
period before the first row is simulated so the carry-over is already running on day one.

Command line: ``python tests/support/synthetic.py --days 120 --seed 7 -o history.csv`` writes a CSV in
the ``mixplan history import`` format and prints the true curves as JSON on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import numpy as np
from mixplan.fitting.response import carry_over, hill
from mixplan.history import history_csv_text
from mixplan.model.curves import HillCurve
from mixplan.model.history import HistoryRow

CENT = Decimal("0.01")


@dataclass(frozen=True)
class SyntheticChannel:
    """A channel with a known true curve; spend levels span `spend_low`..`spend_high` × half-saturation."""

    channel_id: str
    curve: HillCurve
    spend_low: float = 0.3
    spend_high: float = 2.2


DEFAULT_CHANNELS: tuple[SyntheticChannel, ...] = (
    SyntheticChannel("meta_ads", HillCurve(max_revenue="1200", half_saturation="180", shape=1.0, carryover=0.25)),
    SyntheticChannel("instagram_ads", HillCurve(max_revenue="900", half_saturation="140", shape=1.8, carryover=0.35)),
    SyntheticChannel("tiktok_ads", HillCurve(max_revenue="650", half_saturation="90", shape=2.6, carryover=0.5)),
    SyntheticChannel("google_ads", HillCurve(max_revenue="2000", half_saturation="320", shape=0.9, carryover=0.1)),
    SyntheticChannel("pinterest_ads", HillCurve(max_revenue="300", half_saturation="40", shape=1.4, carryover=0.0)),
)
"""Five channels with curves from concave to strongly S-shaped and carry-over from none to 0.5."""


def random_channels(count: int, seed: int) -> list[SyntheticChannel]:
    """`count` channels with random curves (shape 0.8–3, carry-over 0–0.6), reproducible for a seed."""
    rng = np.random.default_rng(seed)
    channels = []
    for index in range(count):
        half = float(rng.uniform(30, 400))
        channels.append(
            SyntheticChannel(
                channel_id=f"ch{index:02d}",
                curve=HillCurve(
                    max_revenue=_cents(half * float(rng.uniform(2.0, 8.0))),
                    half_saturation=_cents(half),
                    shape=round(float(rng.uniform(0.8, 3.0)), 3),
                    carryover=round(float(rng.uniform(0.0, 0.6)), 3),
                ),
            )
        )
    return channels


def _cents(value: float) -> Decimal:
    return Decimal(repr(max(value, 0.0))).quantize(CENT, rounding=ROUND_HALF_EVEN)


def _spend_path(rng: np.random.Generator, channel: SyntheticChannel, length: int) -> np.ndarray:
    """Daily spend: budget levels held 3–10 days, ±15 % jitter, about 4 % paused days."""
    half = float(channel.curve.half_saturation)
    spend = np.empty(length)
    day = 0
    while day < length:
        hold = int(rng.integers(3, 11))
        level = float(rng.uniform(channel.spend_low, channel.spend_high)) * half
        spend[day : day + hold] = level
        day += hold
    spend *= rng.lognormal(0.0, 0.15, size=length)
    spend[rng.random(length) < 0.04] = 0.0
    return np.round(spend, 2)


def generate_history(
    channels: Sequence[SyntheticChannel] = DEFAULT_CHANNELS,
    days: int = 120,
    start: date = date(2025, 1, 1),
    seed: int = 0,
    noise: float = 0.08,
    warmup_days: int = 60,
) -> list[HistoryRow]:
    """History rows for every channel and day from `start`, reproducible for a seed.

    `noise` is the standard deviation of the log-normal multiplicative revenue noise (0.08 ≈ ±8 %).
    """
    rng = np.random.default_rng(seed)
    rows: list[HistoryRow] = []
    for channel in channels:
        curve = channel.curve
        spend = _spend_path(rng, channel, warmup_days + days)
        daily = hill(spend, float(curve.max_revenue), float(curve.half_saturation), curve.shape)
        observed = carry_over(daily, curve.carryover) * rng.lognormal(0.0, noise, size=spend.size)
        for offset in range(days):
            index = warmup_days + offset
            rows.append(
                HistoryRow(
                    day=start + timedelta(days=offset),
                    channel_id=channel.channel_id,
                    spend=_cents(float(spend[index])),
                    revenue=_cents(float(observed[index])),
                )
            )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Write a synthetic history CSV and print the true curves as JSON."""
    parser = argparse.ArgumentParser(prog="python tests/support/synthetic.py", description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--noise", type=float, default=0.08)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2025, 1, 1))
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    rows = generate_history(days=args.days, start=args.start, seed=args.seed, noise=args.noise)
    args.output.write_text(history_csv_text(rows), encoding="utf-8")
    truth = {c.channel_id: c.curve.model_dump(mode="json") for c in DEFAULT_CHANNELS}
    json.dump(truth, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
