"""A small, hand-computable test platform ("testnet") and scenario builders for core tests."""

from __future__ import annotations

from typing import Any

from mixplan import Engine, hookimpl
from mixplan.decode import build_plan
from mixplan.model import (
    AdRules,
    AudienceProfile,
    FormatRates,
    FormatSpec,
    HillCurve,
    Plan,
    PlatformSpec,
    PostingRules,
    Scenario,
)
from mixplan.solver import PostChoice, Solution, SolveStatus

UNIFORM = [[1.0] * 24 for _ in range(7)]

TESTNET = PlatformSpec(
    id="testnet",
    name="TestNet",
    formats=[
        FormatSpec(id="image", name="Image", caption_max_chars=100),
        FormatSpec(id="video", name="Video", video_max_seconds=60),
    ],
    posting=PostingRules(
        max_posts_per_day=2,
        max_posts_per_week=10,
        min_gap_minutes=120,
        blackout_hours=[0, 1, 2, 3, 4, 5],
        publish_quota=3,
        publish_quota_window_hours=24,
        same_day_decay=[1.0, 0.5],
    ),
    ads=AdRules(
        supports_ads=True,
        supports_boost=True,
        min_daily_budget="10.00",
        spend_step="5.00",
        max_daily_change=0.5,
        boost_min_budget="5.00",
    ),
    # A post of weight 1 in a slot of factor 1: 1000 × 0.1 × click × 0.05 × 50
    # image: 5.00, video: 10.00 of expected revenue.
    audience=AudienceProfile(
        size=1000,
        activity=UNIFORM,
        organic_reach_rate=0.1,
        rates={
            "image": FormatRates(engagement_rate=0.05, click_rate=0.02, conversion_rate=0.05),
            "video": FormatRates(engagement_rate=0.08, click_rate=0.04, conversion_rate=0.05),
        },
        average_order_value="50.00",
    ),
    default_curve=HillCurve(max_revenue="200.00", half_saturation="40.00", shape=2.0),
)


class TestnetPlugin:
    """Registers the testnet platform."""

    __test__ = False

    @hookimpl
    def mixplan_register_platforms(self, register: Any) -> None:
        register(TESTNET)


def engine_with_testnet(**extra: object) -> Engine:
    """An engine with only the testnet platform (and the built-in exporters)."""
    plugins: dict[str, object] = {"testnet": TestnetPlugin(), **extra}
    return Engine(load_entry_points=False, extra_plugins=plugins, environ={"MIXPLAN_LOAD_PLUGINS": ""})


def small_scenario(**overrides: Any) -> Scenario:
    """Two testnet channels, three items, one week, budget 300."""
    data: dict[str, Any] = {
        "name": "small",
        "horizon": {"start": "2026-11-02", "days": 7, "timezone": "Europe/Berlin"},
        "channels": [{"id": "a", "platform": "testnet"}, {"id": "b", "platform": "testnet"}],
        "content": [
            {"id": "i1", "title": "One", "category": "product", "formats": ["image"], "max_uses": 2},
            {"id": "i2", "title": "Two", "category": "product", "formats": ["image", "video"], "value": 2.0},
            {
                "id": "i3",
                "title": "Three",
                "category": "ugc",
                "formats": ["video"],
                "cooldown_hours": 48,
                "max_uses": 3,
            },
        ],
        "budget": {"total": "300.00"},
    }
    data.update(overrides)
    return Scenario.model_validate(data)


def plan_from_posts(engine: Engine, scenario: Scenario, posts: list[PostChoice], spend: dict[int, list[int]]) -> Plan:
    """A hand-built plan of ``scenario``: these posts and per-channel daily spend (cents), not solved."""
    compiled = engine.compile(scenario)
    days = scenario.horizon.days
    solution = Solution(
        status=SolveStatus.FEASIBLE,
        objective=None,
        best_bound=None,
        gap=None,
        wall_time_s=0.0,
        spend=tuple(tuple(spend.get(c, [0] * days)) for c in range(len(scenario.channels))),
        posts=tuple(posts),
    )
    return build_plan(compiled, solution, "hash", seed=0)
