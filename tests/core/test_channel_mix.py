"""A category mix and weekday rotation per channel (or platform): planned, verified, explained."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from mixplan.errors import InfeasibleError
from mixplan.model import Plan, Scenario
from mixplan.solver import PostChoice
from support.testnet import engine_with_testnet, plan_from_posts, small_scenario

_plan = plan_from_posts


def _with_policy(**policy: Any) -> Scenario:
    data = small_scenario().model_dump(exclude_unset=True)
    data["policy"] = policy
    return Scenario.model_validate(data)


def _ugc_share_on(plan: Plan, channel: str) -> float:
    kinds = Counter("ugc" if post.content_id == "i3" else "other" for post in plan.posts if post.channel_id == channel)
    return kinds["ugc"] / max(1, sum(kinds.values()))


def test_a_mix_on_one_channel_is_held_where_the_brand_wide_one_would_not_force_it() -> None:
    engine = engine_with_testnet()
    share = [{"category": "ugc", "min_share": 0.42}]
    brand, scoped = (
        _with_policy(category_mix=share),
        _with_policy(by_channel=[{"channels": ["a"], "category_mix": share}]),
    )
    brand_plan = engine.plan(brand)
    # brand-wide, the share holds with channel a below it (the other channel makes up for it)
    assert engine.verify(brand_plan, brand).ok
    assert _ugc_share_on(brand_plan, "a") < 0.42
    assert not engine.verify(brand_plan, scoped).ok
    plan = engine.plan(scoped)
    assert engine.verify(plan, scoped).ok
    assert Counter(post.channel_id for post in plan.posts)["a"] > 0
    assert _ugc_share_on(plan, "a") >= 0.42


def test_the_verifier_names_a_broken_per_channel_mix() -> None:
    engine = engine_with_testnet()
    scenario = _with_policy(by_channel=[{"channels": ["a"], "category_mix": [{"category": "ugc", "min_share": 0.5}]}])
    posts = [PostChoice(item=0, channel=0, slot=9), PostChoice(item=1, channel=0, slot=12)]  # two product posts on a
    posts.append(PostChoice(item=2, channel=1, slot=10))  # ugc on b does not count for a
    result = engine.verify(_plan(engine, scenario, posts, {}), scenario)
    assert "week 1: 0 of 2 posts on a are 'ugc', below 50%" in result.violations


def test_a_rotation_per_platform_is_planned_verified_and_named() -> None:
    engine = engine_with_testnet()
    rotation = {"by_channel": [{"platforms": ["testnet"], "category_by_weekday": {"tuesday": "ugc"}}]}
    scenario = _with_policy(**rotation)
    plan = engine.plan(scenario)
    assert engine.verify(plan, scenario).ok
    tuesday = [post for post in plan.posts if post.start.weekday() == 1]
    assert all(post.content_id == "i3" for post in tuesday)
    broken = [PostChoice(item=0, channel=1, slot=24 + 10)]  # product on b on Tuesday 3 November
    result = engine.verify(_plan(engine, scenario, broken, {}), scenario)
    assert any(
        "only 'ugc' on tuesdays (2026-11-03; policy.by_channel[0].category_by_weekday)" in v for v in result.violations
    ), result.violations


def test_an_impossible_per_channel_mix_is_explained_with_its_channel() -> None:
    engine = engine_with_testnet()
    data = small_scenario().model_dump(exclude_unset=True)
    data["content"][0]["required_channels"] = ["a"]  # a product post must go to a ...
    data["policy"] = {"by_channel": [{"channels": ["a"], "category_mix": [{"category": "ugc", "min_share": 1.0}]}]}
    with pytest.raises(InfeasibleError, match=r"each week's posts on a must be 'ugc'"):
        engine.plan(Scenario.model_validate(data))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"category_mix": [{"category": "ugc", "min_share": 0.5}]}, "give either channels or platforms"),
        ({"channels": ["zz"], "category_mix": [{"category": "ugc", "min_share": 0.5}]}, "unknown channel 'zz'"),
        ({"platforms": ["tiktok"], "category_by_weekday": {"monday": "ugc"}}, "no channel is on platform 'tiktok'"),
        ({"channels": ["a"], "category_mix": [{"category": "nope", "max_share": 0.5}]}, "unknown category 'nope'"),
        ({"channels": ["a"]}, "give category_mix, category_by_weekday or both"),
    ],
)
def test_bad_per_channel_policies_are_refused_naming_the_field(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _with_policy(by_channel=[entry])
