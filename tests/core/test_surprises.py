"""Warnings where a plan surprises: each names what looks wrong and the setting to change."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from mixplan.loading import load_scenario
from mixplan.surprises import SILENT_DAYS, plan_warnings, scenario_warnings
from support.plans import make_plan, make_scenario

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "shop" / "scenario.yaml"


def test_a_horizon_in_the_past_names_horizon_start() -> None:
    scenario = make_scenario()
    start = scenario.horizon.start
    assert not [w for w in scenario_warnings(scenario, start) if w.startswith("horizon.start")]
    late = scenario_warnings(scenario, start + timedelta(days=1))
    assert any(w.startswith("horizon.start:") and "in the past" in w for w in late)
    over = scenario_warnings(scenario, start + timedelta(days=scenario.horizon.days + 1))
    assert any("whole horizon" in w for w in over)


def test_a_required_promo_with_max_uses_1_reaches_one_channel_only() -> None:
    scenario = load_scenario(EXAMPLE)
    organic = [c for c in scenario.channels if c.organic]
    assert len(organic) >= 2, "the fixture needs two organic channels"
    formats = sorted({f for c in organic for f in (c.formats or [])}) or scenario.content[0].formats
    item = scenario.content[0].model_copy(
        update={"required": True, "max_uses": 1, "required_channels": [], "forbidden_channels": [], "formats": formats}
    )
    changed = scenario.model_copy(update={"content": [item, *scenario.content[1:]]})
    warnings = scenario_warnings(changed, scenario.horizon.start)
    assert any(w.startswith("content[0].max_uses: required promo") for w in warnings)
    reposted = changed.model_copy(update={"content": [item.model_copy(update={"max_uses": 3}), *scenario.content[1:]]})
    assert not any(w.startswith("content[0].max_uses") for w in scenario_warnings(reposted, scenario.horizon.start))


def test_channels_with_no_posts_and_silent_stretches_are_named() -> None:
    scenario = make_scenario()
    plan = make_plan(scenario)
    organic = [c.id for c in scenario.channels if c.organic]
    posted = {p.channel_id for p in plan.posts}
    silent_channel = next(iter(posted & set(organic)))
    first = min(p.start for p in plan.posts if p.channel_id == silent_channel)
    kept = [p for p in plan.posts if p.channel_id != silent_channel] + [
        p.model_copy(update={"start": first}) for p in plan.posts if p.channel_id == silent_channel
    ][:1]
    long = plan.model_copy(update={"posts": kept, "days": max(plan.days, SILENT_DAYS + 3)})
    warnings = plan_warnings(long, scenario)
    assert any(w.startswith(f"{silent_channel}: no post for") and "content[].available_from" in w for w in warnings)
    empty = plan.model_copy(update={"posts": []})
    none = plan_warnings(empty, scenario)
    assert {w.split(":")[0] for w in none if "no posts planned" in w} == set(organic)
    assert all("channels[" in w for w in none if "no posts planned" in w)


CAPPED_TO_ZERO = """
name: category rules leave no post
horizon: {start: 2026-11-02, days: 7, timezone: Europe/Berlin}
channels:
  - {id: ig, platform: instagram}
budget: {total: "100"}
policy:
  category_mix:
    - {category: tips, max_share: 0}
    - {category: product, max_share: %s}
content:
  - {id: a, title: Mug, category: product, formats: [image]}
  - {id: b, title: How to glaze, category: tips, formats: [image]}
"""


def test_category_rules_capping_every_category_at_zero_are_named(tmp_path: Path) -> None:
    """Each rule is valid alone; together they allow no post, which validate and plan say before solving."""
    path = tmp_path / "capped.yaml"
    path.write_text(CAPPED_TO_ZERO % "0", encoding="utf-8")
    scenario = load_scenario(path)
    warnings = [w for w in scenario_warnings(scenario, scenario.horizon.start) if w.startswith("policy.")]
    assert warnings == [
        "policy.category_mix: every content category (product, tips) is capped at max_share 0, so no post can "
        "be planned; raise one of the caps or drop the rules"
    ]
    path.write_text(CAPPED_TO_ZERO % "0.5", encoding="utf-8")
    scenario = load_scenario(path)
    assert not [w for w in scenario_warnings(scenario, scenario.horizon.start) if w.startswith("policy.")]
