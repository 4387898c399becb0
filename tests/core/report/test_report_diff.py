"""Comparing two plans: spend by channel, and posts added, removed or moved (reposts included)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from mixplan.model import Plan, ScheduledPost
from mixplan.report.diff import diff_plans


def _post(plan: Plan, index: int, **changes: object) -> ScheduledPost:
    return ScheduledPost.model_validate({**plan.posts[index].model_dump(), **changes})


def test_identical_plans_have_no_changes(plan: Plan) -> None:
    diff = diff_plans(plan, plan)
    assert (diff.added, diff.removed, diff.moved) == ([], [], [])
    assert diff.unchanged_posts == len(plan.posts)
    assert all(change.delta == 0 for change in diff.spend)
    assert diff.total_spend_before == diff.total_spend_after == plan.totals.spend


def test_reposts_of_one_item_pair_up_in_time_order(plan: Plan) -> None:
    base = plan.posts[0]
    first = _post(plan, 0)
    second = _post(plan, 0, start=base.start + timedelta(days=3))
    before = plan.model_copy(update={"posts": [first, second]})
    # the later repost moves by two hours, a third use is added a week later
    moved = _post(plan, 0, start=base.start + timedelta(days=3, hours=2))
    extra = _post(plan, 0, start=base.start + timedelta(days=7))
    after = plan.model_copy(update={"posts": [first, moved, extra]})
    diff = diff_plans(before, after)
    assert diff.unchanged_posts == 1
    assert [(c.before, c.after) for c in diff.moved] == [(second.start, moved.start)]
    assert [c.after for c in diff.added] == [extra.start]
    assert diff.removed == []


def test_a_channel_that_stops_spending_shows_a_negative_delta(plan: Plan) -> None:
    after = plan.model_copy(update={"spend": [a for a in plan.spend if a.channel_id != "fb"]})
    changes = {c.channel_id: c for c in diff_plans(plan, after).spend}
    fb_spend = sum((a.amount for a in plan.spend if a.channel_id == "fb"), Decimal("0.00"))
    assert changes["fb"].before == fb_spend and changes["fb"].after == 0
    assert changes["fb"].delta == -fb_spend
    assert changes["ig"].delta == 0
