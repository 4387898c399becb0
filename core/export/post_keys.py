"""Stable identity of planned posts across a run and its re-plans.

A post's key is (content, channel, occurrence). In a plan with no parent, the occurrences of one
content item on one channel are numbered 0, 1, 2 … in time order. In a re-plan, each post is matched
with its parent's posts of the same content and channel, the same way `runs diff` matches them: a
post at the same start keeps its key; the remaining ones are paired in time order and keep the key
of the post they replace (that post *moved*); posts left over get fresh occurrence numbers, never
one used before in the lineage. Parent posts left without a partner were *dropped*.

The revision of a key counts how often its post moved along the lineage; the iCalendar export
writes it as SEQUENCE, so calendar clients replace the older version of the event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from mixplan.model.plan import Plan, ScheduledPost


@dataclass(frozen=True, order=True)
class PostKey:
    """The stable identity of a planned post: content, channel and occurrence number."""

    content_id: str
    channel_id: str
    occurrence: int

    def text(self) -> str:
        """The key as one string, e.g. ``mug|ig|0``."""
        return f"{self.content_id}|{self.channel_id}|{self.occurrence}"


@dataclass(frozen=True)
class KeyedPost:
    """A post of the newest plan with its key and revision (how many times it moved)."""

    key: PostKey
    post: ScheduledPost
    revision: int


@dataclass(frozen=True)
class DroppedPost:
    """A post some plan of the lineage had and the newest plan no longer has."""

    key: PostKey
    post: ScheduledPost
    revision: int  # the revision it had when last planned


@dataclass
class Lineage:
    """Keys of the newest plan of a lineage (oldest plan first), and what was dropped on the way."""

    posts: list[KeyedPost] = field(default_factory=list)
    dropped: list[DroppedPost] = field(default_factory=list)

    def key_of(self, post: ScheduledPost) -> PostKey:
        """The key of one of the newest plan's posts."""
        for keyed in self.posts:
            if keyed.post is post:
                return keyed.key
        raise KeyError(post)


def _group(posts: Sequence[ScheduledPost]) -> dict[tuple[str, str], list[ScheduledPost]]:
    groups: dict[tuple[str, str], list[ScheduledPost]] = defaultdict(list)
    for post in posts:
        groups[(post.content_id, post.channel_id)].append(post)
    for group in groups.values():
        group.sort(key=lambda p: p.start)
    return groups


def _when(item: KeyedPost | DroppedPost) -> tuple[datetime, PostKey]:
    return (item.post.start, item.key)


def key_lineage(plans: Sequence[Plan]) -> Lineage:
    """Key the posts of ``plans[-1]`` through its ancestors ``plans[:-1]`` (oldest first).

    An empty sequence gives an empty lineage. Dropped keys are never handed out again, so a
    calendar client never sees a cancelled event come back to life under another post.
    """
    current: dict[PostKey, tuple[ScheduledPost, int]] = {}
    dropped: dict[PostKey, tuple[ScheduledPost, int]] = {}
    used: dict[tuple[str, str], int] = defaultdict(int)  # next free occurrence per group
    for plan in plans:
        previous = _group_keyed(current)
        following: dict[PostKey, tuple[ScheduledPost, int]] = {}
        groups = _group(plan.posts)
        for group, posts in groups.items():
            olds = list(previous.get(group, []))
            fresh: list[ScheduledPost] = []
            for post in posts:
                same = next((i for i, (_, old, _) in enumerate(olds) if old.start == post.start), None)
                if same is None:
                    fresh.append(post)
                else:
                    key, _, revision = olds.pop(same)
                    following[key] = (post, revision)
            for (key, _, revision), post in zip(olds, fresh, strict=False):
                following[key] = (post, revision + 1)
            for post in fresh[len(olds) :]:
                key = PostKey(group[0], group[1], used[group])
                used[group] += 1
                following[key] = (post, 0)
            for key, old_post, revision in olds[len(fresh) :]:
                dropped[key] = (old_post, revision)
        for group, olds in previous.items():
            if group not in groups:
                for key, old_post, revision in olds:
                    dropped[key] = (old_post, revision)
        for key in following:
            dropped.pop(key, None)
        current = following
    return Lineage(
        posts=sorted((KeyedPost(key, post, rev) for key, (post, rev) in current.items()), key=_when),
        dropped=sorted((DroppedPost(key, post, rev) for key, (post, rev) in dropped.items()), key=_when),
    )


def _group_keyed(
    keyed: dict[PostKey, tuple[ScheduledPost, int]],
) -> dict[tuple[str, str], list[tuple[PostKey, ScheduledPost, int]]]:
    groups: dict[tuple[str, str], list[tuple[PostKey, ScheduledPost, int]]] = defaultdict(list)
    for key, (post, revision) in keyed.items():
        groups[(key.content_id, key.channel_id)].append((key, post, revision))
    for group in groups.values():
        group.sort(key=lambda item: item[1].start)
    return groups
