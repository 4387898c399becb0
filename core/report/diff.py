"""What changed between two plans: spend by channel, and posts added, removed or moved.

Posts are matched by channel and content: a post at the same start in both plans is unchanged;
the remaining posts of the same content on the same channel are paired in time order as moved;
whatever is left is added (only in the newer plan) or removed (only in the older one).
:func:`diff_scenarios` lists what changed in the scenarios behind the two plans.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from mixplan.model.plan import Plan, ScheduledPost
from mixplan.model.scenario import Scenario
from mixplan.report.summary import channel_figures, plan_channels


@dataclass(frozen=True)
class SpendChange:
    """One channel's total spend (ads and boosts) in both plans."""

    channel_id: str
    before: Decimal
    after: Decimal

    @property
    def delta(self) -> Decimal:
        """After minus before."""
        return self.after - self.before


@dataclass(frozen=True)
class PostChange:
    """A post that was added, removed or moved to another time."""

    kind: str  # "added", "removed" or "moved"
    channel_id: str
    content_id: str
    before: datetime | None
    after: datetime | None
    format: str


@dataclass(frozen=True)
class PlanDiff:
    """The differences between an older and a newer plan."""

    spend: list[SpendChange]
    added: list[PostChange] = field(default_factory=list)
    removed: list[PostChange] = field(default_factory=list)
    moved: list[PostChange] = field(default_factory=list)
    unchanged_posts: int = 0
    revenue_before: Decimal = Decimal("0.00")
    revenue_after: Decimal = Decimal("0.00")

    @property
    def total_spend_before(self) -> Decimal:
        """Total spend of the older plan."""
        return sum((change.before for change in self.spend), Decimal("0.00"))

    @property
    def total_spend_after(self) -> Decimal:
        """Total spend of the newer plan."""
        return sum((change.after for change in self.spend), Decimal("0.00"))


def diff_plans(before: Plan, after: Plan, channel_order: list[str] | None = None) -> PlanDiff:
    """Compare two plans (usually of the same scenario, e.g. before and after an edit).

    Spend changes are listed in `channel_order` (e.g. the scenario's channels), then any other
    channel in the order the plans mention them.
    """
    order = list(channel_order or [])
    for channel in plan_channels(before) + plan_channels(after):
        if channel not in order:
            order.append(channel)
    old = {row.channel_id: row.spend for row in channel_figures(before, order)}
    new = {row.channel_id: row.spend for row in channel_figures(after, order)}
    spend = [
        SpendChange(channel, old.get(channel, Decimal("0.00")), new.get(channel, Decimal("0.00"))) for channel in order
    ]

    groups_before = _group(before.posts)
    groups_after = _group(after.posts)
    added: list[PostChange] = []
    removed: list[PostChange] = []
    moved: list[PostChange] = []
    unchanged = 0
    for key in sorted(set(groups_before) | set(groups_after)):
        olds = sorted(groups_before.get(key, []), key=lambda p: p.start)
        news = sorted(groups_after.get(key, []), key=lambda p: p.start)
        still_new = list(news)
        still_old = []
        for post in olds:
            same_time = next((i for i, candidate in enumerate(still_new) if candidate.start == post.start), None)
            if same_time is None:
                still_old.append(post)
            else:
                del still_new[same_time]
                unchanged += 1
        for old_post, new_post in zip(still_old, still_new, strict=False):
            moved.append(PostChange("moved", key[0], key[1], old_post.start, new_post.start, new_post.format))
        for old_post in still_old[len(still_new) :]:
            removed.append(PostChange("removed", key[0], key[1], old_post.start, None, old_post.format))
        for new_post in still_new[len(still_old) :]:
            added.append(PostChange("added", key[0], key[1], None, new_post.start, new_post.format))
    return PlanDiff(
        spend=spend,
        added=sorted(added, key=_when),
        removed=sorted(removed, key=_when),
        moved=sorted(moved, key=_when),
        unchanged_posts=unchanged,
        revenue_before=before.totals.revenue,
        revenue_after=after.totals.revenue,
    )


def _group(posts: list[ScheduledPost]) -> dict[tuple[str, str], list[ScheduledPost]]:
    groups: dict[tuple[str, str], list[ScheduledPost]] = defaultdict(list)
    for post in posts:
        groups[(post.channel_id, post.content_id)].append(post)
    return groups


def _when(change: PostChange) -> tuple[datetime, str, str]:
    moment = change.after or change.before
    assert moment is not None
    return (moment, change.channel_id, change.content_id)


@dataclass(frozen=True)
class ScenarioChange:
    """One difference between two runs' scenarios.

    ``section`` is budget, rules, policy, objective, kpis, horizon, events, content or channels;
    ``item`` names the content item or channel (empty for the other sections); ``path`` is the dotted
    field inside it (empty when the whole item was added or removed); ``kind`` is added, removed or
    changed; ``before``/``after`` are the JSON values (None on the side where they are missing).
    """

    section: str
    item: str
    path: str
    kind: str
    before: Any
    after: Any


_PLAIN_SECTIONS = ("horizon", "budget", "objective", "policy", "rules", "kpis", "events")
_KEYED_SECTIONS = ("content", "channels")


def diff_scenarios(before: Scenario, after: Scenario) -> list[ScenarioChange]:
    """What changed in the scenario between two runs: budget, rules, content items, channels and the rest.

    Content items and channels are matched by id (added, removed, or the fields that changed);
    the other sections are compared field by field. Credentials are never listed by value.
    """
    old = before.model_dump(mode="json")
    new = after.model_dump(mode="json")
    changes: list[ScenarioChange] = []
    for section in _PLAIN_SECTIONS:
        for path, kind, was, now in _walk(old.get(section), new.get(section), ""):
            changes.append(ScenarioChange(section, "", path, kind, was, now))
    for section in _KEYED_SECTIONS:
        olds = {entry["id"]: entry for entry in old.get(section, [])}
        news = {entry["id"]: entry for entry in new.get(section, [])}
        for item in [*olds, *(name for name in news if name not in olds)]:
            if item not in news:
                changes.append(ScenarioChange(section, item, "", "removed", _scrub(olds[item]), None))
            elif item not in olds:
                changes.append(ScenarioChange(section, item, "", "added", None, _scrub(news[item])))
            else:
                for path, kind, was, now in _walk(_scrub(olds[item]), _scrub(news[item]), ""):
                    changes.append(ScenarioChange(section, item, path, kind, was, now))
    if before.name != after.name:
        changes.insert(0, ScenarioChange("name", "", "", "changed", before.name, after.name))
    return changes


def _scrub(entry: dict[str, Any]) -> dict[str, Any]:
    """A channel without its credential references (they may name where a secret lives)."""
    if "credentials" in entry:
        entry = {**entry, "credentials": "(not shown)" if entry["credentials"] else entry["credentials"]}
    return entry


def _walk(was: Any, now: Any, path: str) -> list[tuple[str, str, Any, Any]]:
    if was == now:
        return []
    if isinstance(was, dict) and isinstance(now, dict):
        found: list[tuple[str, str, Any, Any]] = []
        for name in [*was, *(key for key in now if key not in was)]:
            inner = f"{path}.{name}" if path else str(name)
            if name not in now:
                found.append((inner, "removed", was[name], None))
            elif name not in was:
                found.append((inner, "added", None, now[name]))
            else:
                found += _walk(was[name], now[name], inner)
        return found
    return [(path, "changed", was, now)]
