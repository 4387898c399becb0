"""Infeasibility explanations name calendar dates in the scenario's terms, never solver day indices."""

from __future__ import annotations

import pytest
import yaml
from mixplan import Engine, PlanOptions
from mixplan.errors import InfeasibleError
from mixplan.model import Scenario

TIKTOK_ADS = """
  - id: tt
    platform: tiktok
    organic: false
    ads:
      curve: {kind: hill, max_revenue: "500.00", half_saturation: "60.00", shape: 1.5}
"""

LAUNCH_PUSH = f"""
name: Launch push too big
horizon: {{start: 2026-11-23, days: 7, timezone: Europe/Berlin}}
channels:{TIKTOK_ADS}
budget:
  total: "500.00"
  channels:
    tt: {{max_daily: "100.00"}}
rules:
  - {{kind: spend, name: launch push, channels: [tt], start: 2026-11-24, end: 2026-11-25, min_spend: "300.00"}}
"""

MONDAY_FOR_PROMOS = """
name: Monday is for promos
horizon: {start: 2026-11-23, days: 14, timezone: Europe/Berlin}
channels:
  - {id: ig, platform: instagram}
content:
  - {id: mug, title: Mug, category: product, formats: [image], required: true,
     available_from: 2026-11-23, available_until: 2026-11-23}
  - {id: sale, title: Sale, category: promo, formats: [image]}
budget: {total: "0"}
policy:
  category_by_weekday: {monday: promo}
"""


@pytest.fixture(scope="module")
def engine() -> Engine:
    """The built-in platforms only."""
    return Engine(load_entry_points=False)


def _conflicts(engine: Engine, text: str) -> list[str]:
    scenario = Scenario.model_validate(yaml.safe_load(text))
    with pytest.raises(InfeasibleError) as caught:
        engine.plan(scenario, PlanOptions(time_limit_s=10))
    return list(caught.value.conflicts)


def test_a_spend_rule_over_two_days_names_both_dates(engine: Engine) -> None:
    (conflict,) = _conflicts(engine, LAUNCH_PUSH)
    assert conflict == (
        "rule 'launch push': minimum spend 300.00 from Tue 2026-11-24 to Wed 2026-11-25 cannot be reached: "
        "its channels can spend at most 200.00 there"
    )


def test_a_rotation_conflict_names_the_weekday_and_date(engine: Engine) -> None:
    (conflict,) = _conflicts(engine, MONDAY_FOR_PROMOS)
    assert "the day rotation reserves Mon 2026-11-23 of its window for other categories than 'product'" in conflict
    assert "day 0" not in conflict


def test_the_problem_carries_one_label_per_day(engine: Engine) -> None:
    scenario = Scenario.model_validate(yaml.safe_load(MONDAY_FOR_PROMOS))
    problem = engine.compile(scenario).problem
    assert len(problem.day_labels) == 14
    assert problem.day_labels[0] == "Mon 2026-11-23" and problem.day_labels[13] == "Sun 2026-12-06"
    assert problem.day_span(7, 13) == "Mon 2026-11-30 – Sun 2026-12-06"
    assert type(problem).from_json(problem.to_json()).day_labels == problem.day_labels


PROMO_IN_WEEK_TWO = """
name: No promos, but a required one
horizon: {start: 2026-11-23, days: 14, timezone: Europe/Berlin}
channels:
  - {id: ig, platform: instagram}
content:
  - {id: sale, title: Sale, category: promo, formats: [image], required: true,
     available_from: 2026-12-01, available_until: 2026-12-03}
  - {id: mug, title: Mug, category: product, formats: [image]}
budget: {total: "0"}
policy:
  category_mix:
    - {category: promo, max_share: 0.0}
"""


def test_a_category_mix_conflict_names_the_week_by_its_dates(engine: Engine) -> None:
    (conflict,) = _conflicts(engine, PROMO_IN_WEEK_TWO)
    assert "must be posted in the week Mon 2026-11-30 – Sun 2026-12-06" in conflict
    assert "week 1" not in conflict
