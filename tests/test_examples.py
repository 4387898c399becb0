"""The runnable examples in examples/ work as documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_embedding_example_plans_and_verifies_without_files_or_database(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "embed.py")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "verified: True" in result.stdout
    assert "ROAS" in result.stdout
    assert not list(tmp_path.rglob("*.db")), "embedding must not create a database"


SHOP = ROOT / "examples" / "shop" / "scenario.yaml"


def test_shop_example_binds_a_posts_target_and_presence_and_plans_within_one_percent() -> None:
    from mixplan import Engine, PlanOptions, load_scenario

    scenario = load_scenario(SHOP)
    binding = [kpi for kpi in scenario.kpis if kpi.binding and kpi.metric == "posts"]
    assert binding, "the bundled example must set a binding posts target"
    posting = [channel for channel in scenario.channels if channel.organic and channel.platform != "google_ads"]
    assert posting and all(channel.posting.min_posts_per_week for channel in posting)
    engine = Engine()
    plan = engine.plan(scenario, PlanOptions(time_limit_s=10))
    assert plan.report.gap is not None and plan.report.gap <= 0.01, plan.report
    assert plan.totals.posts >= binding[0].target
    assert engine.verify(plan, scenario).ok
    # the launch is cross-posted: the same item on Instagram, Pinterest and the newsletter, all on Black Friday
    launch = [post for post in plan.posts if post.content_id == "bf-launch"]
    assert {"ig_shop", "pinterest", "newsletter"} <= {post.channel_id for post in launch}
    assert {post.start.date().isoformat() for post in launch} == {"2026-11-27"}


def test_shop_example_with_a_binding_posts_target_plans_at_a_tiny_time_limit() -> None:
    """The feasibility phase honours post-count minimums: a plan even at --time-limit 0.01."""
    from mixplan import Engine, PlanOptions, load_scenario

    scenario = load_scenario(SHOP)
    engine = Engine()
    plan = engine.plan(scenario, PlanOptions(time_limit_s=0.01))
    assert plan.totals.posts >= 80
    assert engine.verify(plan, scenario).ok
