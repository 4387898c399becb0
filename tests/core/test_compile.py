"""Compiling a Scenario into the solver's Problem: every rule explicit, in plain numbers."""

from __future__ import annotations

from typing import Any

import pytest
from mixplan import hookimpl
from mixplan.errors import InfeasibleError, InputError, PluginError
from mixplan.model import ContentItem, Scenario
from mixplan.model.constraints import PostCountRule, SpendRule
from mixplan.solver import Problem
from support.testnet import TestnetPlugin, engine_with_testnet, small_scenario


def test_spend_grid_is_zero_then_minimum_then_steps_capped_by_budget() -> None:
    compiled = engine_with_testnet().compile(small_scenario())
    ads = compiled.problem.channels[0].ads
    assert ads is not None
    assert ads.grid[:4] == (0, 1000, 1500, 2000)  # min 10.00, step 5.00, in cents
    assert ads.grid[-1] == 30000  # the whole budget
    assert ads.min_daily == 1000 and ads.step == 500 and ads.max_change == 0.5
    # Hill(max 200, k 40, n 2) at 20.00 → 200 × 400 / (400 + 1600) = 40.00
    assert ads.revenue[ads.grid.index(2000)] == pytest.approx(4000)


def test_minimum_that_is_not_a_multiple_of_the_step_rounds_up() -> None:
    scenario = small_scenario(channels=[{"id": "a", "platform": "testnet", "ads": {"min_daily_budget": "12.00"}}])
    ads = engine_with_testnet().compile(scenario).problem.channels[0].ads
    assert ads is not None and ads.grid[:3] == (0, 1500, 2000)


def test_channel_bounds_shares_and_daily_caps() -> None:
    scenario = small_scenario(
        budget={
            "total": "300.00",
            "daily_cap": "80.00",
            "daily_caps": {"2026-11-06": "120.00"},
            "channels": {"a": {"min": "50.00", "max_share": 0.5, "max_daily": "60.00"}, "b": {"min_share": 0.2}},
        }
    )
    problem = engine_with_testnet().compile(scenario).problem
    a, b = problem.channels[0].ads, problem.channels[1].ads
    assert a is not None and b is not None
    assert (a.min_total, a.max_total, a.max_daily) == (5000, 15000, 6000)
    assert (b.min_total, b.max_total) == (6000, None)
    assert problem.daily_cap == (8000, 8000, 8000, 8000, 12000, 8000, 8000)


def test_item_values_use_the_best_allowed_format_and_respect_forbidden_channels() -> None:
    scenario = small_scenario()
    scenario.content[1] = ContentItem.model_validate({**scenario.content[1].model_dump(), "forbidden_channels": ["b"]})
    compiled = engine_with_testnet().compile(Scenario.model_validate(scenario.model_dump()))
    i1, i2 = compiled.problem.items[0], compiled.problem.items[1]
    assert i1.value == (500.0, 500.0)  # image: 5.00 per post of weight 1
    assert i2.value == (2000.0, 0.0)  # video beats image; weight 2; forbidden on b
    assert compiled.best_format[(1, 0)] == "video"


def test_a_caption_too_long_for_the_format_rules_the_format_out() -> None:
    scenario = small_scenario()
    data = scenario.model_dump()
    data["content"][1]["caption"] = "x" * 150  # image allows 100; video has no caption limit
    data["content"][0]["caption"] = "y" * 150
    compiled = engine_with_testnet().compile(Scenario.model_validate(data))
    assert compiled.best_format[(1, 0)] == "video"
    assert compiled.problem.items[0].value == (0.0, 0.0)
    assert "caption has 150 characters" in compiled.rejected_formats[(0, 0)][0]


def test_posting_rules_become_slot_values_gaps_and_quota() -> None:
    posting = engine_with_testnet().compile(small_scenario()).problem.channels[0].posting
    assert posting is not None
    assert posting.slot_value[0][:6] == (0.0,) * 6  # blackout 0..5
    assert posting.slot_value[0][6] == pytest.approx(1.0)
    assert (posting.max_per_day, posting.max_per_week, posting.min_gap_slots) == (2, 10, 2)
    assert (posting.quota, posting.quota_window_slots) == (3, 24)
    assert posting.same_day_decay == (1.0, 0.5)
    assert posting.boost is not None and posting.boost.levels == (0, 500, 1000, 2000)


def test_events_lift_slots_and_paid_day_factors_with_carryover() -> None:
    scenario = small_scenario(
        events=[{"name": "BF", "start": "2026-11-06", "end": "2026-11-06", "uplift": 2.0}],
        channels=[
            {
                "id": "a",
                "platform": "testnet",
                "ads": {
                    "curve": {"kind": "hill", "max_revenue": "100", "half_saturation": "50", "carryover": 0.5},
                    "carryover_after_horizon": False,
                },
            }
        ],
    )
    problem = engine_with_testnet().compile(scenario).problem
    ads, posting = problem.channels[0].ads, problem.channels[0].posting
    assert ads is not None and posting is not None
    assert posting.slot_value[4][12] == pytest.approx(2.0)
    assert ads.day_factor[6] == pytest.approx(1.0)
    assert ads.day_factor[5] == pytest.approx(1.5)
    assert ads.day_factor[4] == pytest.approx(2.0 * 1.75)


def test_carryover_after_the_horizon_is_counted_by_default() -> None:
    """By hand: with λ = 0.5 a day's spend earns 1 + 0.5 + 0.25 + … = 2 × its same-day revenue, on every day."""
    scenario = small_scenario(
        events=[{"name": "BF", "start": "2026-11-06", "end": "2026-11-06", "uplift": 2.0}],
        channels=[
            {
                "id": "a",
                "platform": "testnet",
                "ads": {"curve": {"kind": "hill", "max_revenue": "100", "half_saturation": "50", "carryover": 0.5}},
            }
        ],
    )
    ads = engine_with_testnet().compile(scenario).problem.channels[0].ads
    assert ads is not None
    assert ads.day_factor[6] == pytest.approx(2.0)  # the last day no longer loses its tail
    assert ads.day_factor[5] == pytest.approx(2.0)
    assert ads.day_factor[4] == pytest.approx(2.0 * 2.0)  # the event day: uplift 2 × tail 2
    assert ads.day_factor[0] == pytest.approx(2.0)


def test_item_windows_become_slot_ranges() -> None:
    data = small_scenario().model_dump()
    data["content"][0]["available_from"] = "2026-11-03"
    data["content"][0]["available_until"] = "2026-11-04T12:00:00+01:00"
    item = engine_with_testnet().compile(Scenario.model_validate(data)).problem.items[0]
    assert (item.first_slot, item.last_slot) == (24, 24 + 24 + 12)


def test_required_item_that_fits_no_channel_is_infeasible_with_the_reason() -> None:
    data = small_scenario().model_dump()
    data["content"][0].update(required=True, caption="z" * 300)
    with pytest.raises(InfeasibleError) as caught:
        engine_with_testnet().compile(Scenario.model_validate(data))
    message = str(caught.value)
    assert "'i1' is required but fits no channel" in message
    assert "caption has 300 characters; TestNet Image allows 100" in message


def test_unknown_platform_names_the_field() -> None:
    scenario = small_scenario(channels=[{"id": "a", "platform": "myspace"}])
    with pytest.raises(InputError) as caught:
        engine_with_testnet().compile(scenario)
    assert str(caught.value).startswith("channels[0].platform: unknown platform 'myspace'")


class RulesPlugin(TestnetPlugin):
    """The testnet platform's plugin, contributing one post-count and one spend rule and rejecting a title."""

    @hookimpl
    def mixplan_extra_constraints(self, scenario: Scenario) -> list[Any]:
        return [
            PostCountRule(name="calm weekend", window_hours=24, max_posts=1, start=scenario.horizon.start),
            SpendRule(name="b cap", channels=["b"], max_spend="40.00"),
        ]

    @hookimpl
    def mixplan_validate_content(self, item: ContentItem, platform: Any, format: Any) -> list[str] | None:
        if platform.id == "testnet" and format.id == "video" and "Three" in item.title:
            return ["TestNet refuses videos titled Three"]
        return None


def test_plugin_rules_and_content_checks_are_compiled() -> None:
    compiled = engine_with_testnet(testnet=RulesPlugin()).compile(small_scenario())
    problem = compiled.problem
    assert [rule.name for rule in problem.post_counts] == ["calm weekend"]
    assert problem.post_counts[0].window_slots == 24 and problem.post_counts[0].hi == 1
    assert problem.spend_bounds[0].channels == (1,) and problem.spend_bounds[0].hi == 4000
    assert problem.items[2].value == (0.0, 0.0)
    assert "TestNet refuses videos titled Three" in compiled.rejected_formats[(2, 0)][0]


class BrokenRulesPlugin:
    @hookimpl
    def mixplan_extra_constraints(self) -> list[Any]:
        return [{"kind": "post_count", "name": "x"}]


class RaisingValidator(TestnetPlugin):
    @hookimpl
    def mixplan_validate_content(self) -> list[str]:
        raise RuntimeError("boom")


def test_a_plugin_returning_an_invalid_rule_is_named() -> None:
    with pytest.raises(PluginError) as caught:
        engine_with_testnet(broken=BrokenRulesPlugin()).compile(small_scenario())
    assert "plugin 'broken'" in str(caught.value)


def test_a_plugin_raising_in_a_hook_is_named() -> None:
    with pytest.raises(PluginError) as caught:
        engine_with_testnet(testnet=RaisingValidator()).compile(small_scenario())
    assert "plugin 'testnet'" in str(caught.value) and "boom" in str(caught.value)


def test_problem_round_trips_through_json() -> None:
    problem = engine_with_testnet().compile(small_scenario()).problem
    assert Problem.from_json(problem.to_json()) == problem


def test_reuse_defaults_once_per_channel_and_max_uses_keeps_its_meaning() -> None:
    """i1 sets max_uses 2, i2 nothing, i3 max_uses 3 with a 48 h cool-down (slots of 60 minutes)."""
    data = small_scenario().model_dump(exclude_unset=True)
    data["content"][1]["cross_post_gap_hours"] = 5
    data["content"].append(
        {"id": "i4", "title": "Four", "category": "ugc", "formats": ["video"], "max_uses_per_channel": 2}
    )
    items = engine_with_testnet().compile(Scenario.model_validate(data)).problem.items
    # unset max_uses: once on each of the two channels; set: that many in all, also on one channel
    assert [(i.max_uses, i.per_channel_uses) for i in items] == [(2, 2), (2, 1), (3, 3), (4, 2)]
    assert [i.cooldown_slots for i in items] == [0, 0, 48, 0]
    assert [i.cross_gap for i in items] == [0, 5, 0, 0]  # cross-posts are not spaced by the cool-down


def test_required_channels_beyond_an_explicit_max_uses_are_refused() -> None:
    with pytest.raises(ValueError, match="3 required channels need max_uses of at least that many"):
        ContentItem(
            id="x", title="X", category="promo", formats=["image"], max_uses=2, required_channels=["a", "b", "c"]
        )
    unset = ContentItem(id="x", title="X", category="promo", formats=["image"], required_channels=["a", "b", "c"])
    assert unset.max_uses is None and unset.uses_per_channel == 1
