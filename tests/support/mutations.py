"""The mutation fuzzer's pieces: the bundled example's value paths and the mutations applied to them.

Shared by ``tests/core/test_hostile_inputs.py`` (driven by Hypothesis) and
``benchmarks/bench_hostile.py`` (driven by a seeded random generator), so both try the same kinds of
hostile values in the same places.
"""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Iterator
from typing import Any

import yaml

from support.cli_invoke import EXAMPLE

EXAMPLE_DATA: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))

ACTIONS = ("replace", "replace", "replace", "delete", "duplicate")
"""How a path is mutated (replacing is three times as likely as deleting or duplicating)."""

HOSTILE_SAMPLES: tuple[Any, ...] = (
    "1e999999999",
    "-0",
    "٧٥٠٠",
    "NaN",
    "x\x00y",
    "",
    " ",
    "9999-12-31",
    "0001-01-01",
    "P1D",
    "€",
    "1,5",
)
"""Fixed hostile values: a Decimal overflow, non-ASCII digits, a NUL byte, edge dates, stray text."""


def value_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key/index path inside `value` (dicts and lists), outermost first."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += value_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += value_paths(item, (*prefix, index))
    return found


EXAMPLE_PATHS = value_paths(EXAMPLE_DATA)


def mutated(path: tuple[Any, ...], action: str, value: Any) -> dict[str, Any]:
    """A copy of the example with the item at `path` replaced by `value`, deleted, or (in a list) duplicated."""
    data = copy.deepcopy(EXAMPLE_DATA)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    else:
        parent[last] = value
    return data


def _random_value(rng: random.Random) -> Any:
    """One value of the kinds the Hypothesis strategy draws (None, bools, huge ints, odd floats, text, ...)."""
    kind = rng.randrange(8)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.randint(-(10**30), 10**30)
    if kind == 3:
        return rng.choice([math.nan, math.inf, -math.inf, 0.0, -0.0, 1e308, 5e-324, rng.uniform(-1e6, 1e6)])
    if kind == 4:
        return "".join(chr(rng.randrange(1, 0x3000)) for _ in range(rng.randrange(31)))
    if kind == 5:
        return rng.choice(HOSTILE_SAMPLES)
    if kind == 6:
        return [rng.randint(-(10**6), 10**6) for _ in range(rng.randrange(4))]
    return {str(rng.randrange(100)): rng.randint(-5, 5) for _ in range(rng.randrange(3))}


def random_mutations(count: int, seed: int = 0) -> Iterator[tuple[tuple[Any, ...], str, dict[str, Any]]]:
    """`count` mutated examples, the same ones for the same seed: ``(path, action, scenario data)``."""
    rng = random.Random(seed)
    for _ in range(count):
        path = rng.choice(EXAMPLE_PATHS)
        action = rng.choice(ACTIONS)
        yield path, action, mutated(path, action, _random_value(rng))
