"""Re-plan from a date: the past fixed to what happened, the rest of the window solved again.

Everything before ``as_of`` is locked: published posts (from post actuals, or the parent plan's
posts on days without actuals: "taken as executed") and delivered spend (channel-day actuals, or
the parent's spend rows). The remaining window is solved as a scenario of its own:

- the budget is the total minus what was delivered, per-channel min/max likewise;
- each content item's ``max_uses`` counts the locked uses; a channel that used up
  ``max_uses_per_channel`` is closed to it (the others keep what the busiest open channel has left);
  its cross-post gap, and its cool-down when a repost is still possible, start after its last locked
  use and after its last kept (pinned) post; a ``required`` item or channel already served is no
  longer required;
- whole-window post-count rules and spend rules count the locked posts and spend, and so do the
  presence settings (`posting.min_posts_per_week`, `min_posts_per_day`) and binding KPI targets,
  over the parent's plan weeks (they become rules; the remaining scenario does not count them
  again from `as_of`); sliding-window
  rules, the publishing quota and the weekly maximum count the locked posts of the windows (or the
  plan week) that start before ``as_of``;
- the delivered spend is the remaining scenario's ``ads.prior_spend`` (carry-over, change limit).

Stability: posts of the parent in the *pipeline* (starting within ``lead_days`` after ``as_of``,
or listed in ``approved``) are pinned, and so are the parent's other remaining posts, unless
re-optimizing them gains more than ``move_threshold`` (default 2 %) of the re-plan's expected
revenue. So a re-plan whose only change is the budget moves no post whose value did not change.
The kept/moved/added/dropped posts and the spend changes are in :class:`ReplanResult`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from mixplan.engine import Engine, PlanOptions
from mixplan.errors import InputError
from mixplan.goals import goal_rules, plan_weeks
from mixplan.hashing import scenario_hash
from mixplan.model.actuals import PostActual
from mixplan.model.base import MAX_POST_COUNT
from mixplan.model.constraints import PostCountRule, SpendRule
from mixplan.model.history import HistoryRow
from mixplan.model.plan import Boost, Plan, ScheduledPost, SpendAllocation, Totals
from mixplan.model.scenario import Scenario
from mixplan.report.diff import PlanDiff, diff_plans
from mixplan.resolve import ChannelDataSource
from pydantic import ValidationError

DEFAULT_LEAD_DAYS = 3
"""Posts starting within this many days after ``as_of`` are in the pipeline and are kept."""

DEFAULT_MOVE_THRESHOLD = 0.02
"""Posts outside the pipeline move only if that raises the re-plan's expected revenue by more than 2 %."""

_PIN = "--pin"


@dataclass(frozen=True)
class ReplanResult:
    """The re-plan over the whole window and what changed against the parent after ``as_of``."""

    plan: Plan
    as_of: date
    diff: PlanDiff
    kept: int
    moved: int
    added: int
    dropped: int
    delivered: Decimal
    remaining_budget: Decimal
    notes: list[str] = field(default_factory=list)
    scenario: Scenario | None = None
    """The scenario re-planned against: the given one with what the actuals taught (see mixplan.learning)."""


def _local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def locked_part(
    parent: Plan,
    scenario: Scenario,
    as_of: date,
    actual_posts: Sequence[PostActual] = (),
    actual_days: Sequence[HistoryRow] = (),
) -> tuple[list[ScheduledPost], list[SpendAllocation], list[Boost]]:
    """What happened before ``as_of``: posts, spend rows and boosts.

    A day with post actuals takes its posts from them (planned posts not published are gone); a day
    without any is taken as executed. Spend likewise per channel-day.
    """
    zone = ZoneInfo(scenario.horizon.timezone)
    start = scenario.horizon.start
    channels = {channel.id for channel in scenario.channels}
    actual_by_day: dict[date, list[PostActual]] = defaultdict(list)
    for actual in actual_posts:
        day = _local_day(actual.published_at, zone)
        if start <= day < as_of and actual.channel_id in channels:
            actual_by_day[day].append(actual)
    formats = {item.id: item.formats[0] for item in scenario.content}
    planned_format = {(p.content_id, p.channel_id): p.format for p in parent.posts}
    posts: list[ScheduledPost] = []
    for post in parent.posts:
        day = _local_day(post.start, zone)
        if day < as_of and day not in actual_by_day:
            posts.append(post)
    for day_posts in actual_by_day.values():
        for actual in day_posts:
            posts.append(
                ScheduledPost(
                    content_id=actual.content_id,
                    channel_id=actual.channel_id,
                    start=actual.published_at.astimezone(zone),
                    format=planned_format.get(
                        (actual.content_id, actual.channel_id), formats.get(actual.content_id, "post")
                    ),
                    expected_impressions=float(actual.impressions),
                    expected_engagements=float(actual.engagements),
                    expected_clicks=float(actual.clicks),
                    expected_revenue=actual.revenue,
                )
            )
    delivered = {(row.channel_id, row.day): row for row in actual_days if start <= row.day < as_of}
    spend = [row for row in parent.spend if row.day < as_of and (row.channel_id, row.day) not in delivered]
    spend += [
        SpendAllocation(channel_id=row.channel_id, day=row.day, amount=row.spend, expected_revenue=row.revenue)
        for row in delivered.values()
        if row.channel_id in channels and row.spend > 0
    ]
    boosts = [boost for boost in parent.boosts if _local_day(boost.start, zone) < as_of]
    return (
        sorted(posts, key=lambda p: (p.start, p.channel_id, p.content_id)),
        sorted(spend, key=lambda r: (r.day, r.channel_id)),
        sorted(boosts, key=lambda b: (b.start, b.channel_id)),
    )


def remaining_scenario(
    scenario: Scenario,
    as_of: date,
    posts: Sequence[ScheduledPost],
    spend: Sequence[SpendAllocation],
    boosts: Sequence[Boost],
    pinned: Sequence[ScheduledPost] = (),
    posting_limits: Mapping[str, PostingLimits] | None = None,
) -> Scenario:
    """The scenario of the days from ``as_of`` on, with the locked part counted in budget and rules.

    ``pinned`` posts (after ``as_of``) become single-slot clones of their item that must be posted.
    ``posting_limits`` (per channel id, from the resolved channels) lets the publishing quota and
    the weekly maximum count the locked posts too (see :func:`_locked_window_rules`).
    """
    horizon = scenario.horizon
    end = horizon.start + timedelta(days=horizon.days)
    if not horizon.start < as_of < end:
        raise InputError(
            "--as-of",
            f"{as_of} is not inside the plan's window after its first day ({horizon.start + timedelta(days=1)} "
            f"to {end - timedelta(days=1)})",
        )
    doc: dict[str, Any] = scenario.model_dump(mode="json", exclude_unset=False)
    doc["horizon"]["start"] = as_of.isoformat()
    doc["horizon"]["days"] = (end - as_of).days
    delivered_by_channel: Counter[str] = Counter()
    for row in spend:
        delivered_by_channel[row.channel_id] += int(row.amount * 100)
    for boost in boosts:
        delivered_by_channel[boost.channel_id] += int(boost.amount * 100)
    delivered = Decimal(sum(delivered_by_channel.values())) / 100
    total = Decimal(doc["budget"]["total"])
    doc["budget"]["total"] = str(max(Decimal("0.00"), total - delivered))
    for channel_id, bounds in doc["budget"].get("channels", {}).items():
        used = Decimal(delivered_by_channel[channel_id]) / 100
        for name in ("min", "max"):
            if bounds.get(name) is not None:
                bounds[name] = str(max(Decimal("0.00"), Decimal(bounds[name]) - used))
    delivered_by_day: dict[str, dict[str, str]] = defaultdict(dict)
    for row in spend:
        if row.amount > 0:
            delivered_by_day[row.channel_id][row.day.isoformat()] = str(row.amount)
    for channel_doc in doc["channels"]:
        # the delivered spend carries over into the re-planned days and anchors as_of's change limit
        before = dict(channel_doc["ads"].get("prior_spend") or {})
        before.update(delivered_by_day.get(channel_doc["id"], {}))
        channel_doc["ads"]["prior_spend"] = before
    doc["budget"]["daily_caps"] = {
        day: cap for day, cap in doc["budget"].get("daily_caps", {}).items() if date.fromisoformat(day) >= as_of
    }
    uses = Counter(post.content_id for post in posts)
    pins = Counter(post.content_id for post in pinned)
    on_channel = Counter((post.content_id, post.channel_id) for post in [*posts, *pinned])
    last_use: dict[str, datetime] = {}
    # a kept (pinned) post is a clone of its own, which the item's cool-down would not see: it counts
    # as a use here, so the item's other uses wait after it too (conservative for uses before it)
    for post in [*posts, *pinned]:
        last_use[post.content_id] = max(last_use.get(post.content_id, post.start), post.start)
    channels_served = {(post.content_id, post.channel_id) for post in posts}
    models = {item.id: item for item in scenario.content}
    items: list[dict[str, Any]] = []
    for item in doc["content"]:
        model = models[item["id"]]
        left = None if model.max_uses is None else model.max_uses - uses[item["id"]] - pins[item["id"]]
        if left is None or left > 0:
            changed = dict(item, max_uses=left)
            # a channel that used up its uses is closed; the others keep what the busiest of them has left
            # (conservative when reposts were spent unevenly: the per-channel limit is one number)
            used_here = {ch.id: on_channel[(item["id"], ch.id)] for ch in scenario.channels}
            full = [ch for ch, n in used_here.items() if n >= model.uses_per_channel]
            open_counts = [n for ch, n in used_here.items() if ch not in full]
            changed["max_uses_per_channel"] = model.uses_per_channel - max(open_counts, default=0)
            changed["forbidden_channels"] = sorted(set(item.get("forbidden_channels", [])) | set(full))
            if uses[item["id"]] or pins[item["id"]]:
                changed["required"] = False
            changed["required_channels"] = [
                ch
                for ch in item.get("required_channels", [])
                if (item["id"], ch) not in channels_served and ch not in full
            ]
            if item["id"] in last_use:
                # reposts on a channel still open need the cool-down; every other use the cross-post gap
                reposts = any(n > 0 for n in open_counts)
                wait = max(model.cross_post_gap_hours, model.cooldown_hours if reposts else 0)
                free = last_use[item["id"]] + timedelta(hours=wait)
                before = item.get("available_from")
                if wait and (before is None or _as_datetime(before, horizon.timezone) < free):
                    changed["available_from"] = free.isoformat()
            items.append(changed)
    for index, post in enumerate(pinned):
        base = next(entry for entry in doc["content"] if entry["id"] == post.content_id)
        items.append(
            dict(
                base,
                id=f"{post.content_id}{_PIN}{index}",
                max_uses=1,
                required=True,
                formats=[post.format],
                required_channels=[post.channel_id],
                forbidden_channels=[c.id for c in scenario.channels if c.id != post.channel_id],
                available_from=post.start.isoformat(),
                available_until=(post.start + timedelta(minutes=1)).isoformat(),
                cooldown_hours=0,
                cross_post_gap_hours=0,
                max_uses_per_channel=None,
            )
        )
    doc["content"] = _usable(items, end, horizon.timezone)
    rules: list[dict[str, Any]] = []
    # presence settings and binding KPI targets become rules over the parent's plan weeks, counting
    # the locked posts and spend; left as settings, the remaining scenario would count its weeks
    # from as_of and ask a whole week's (or the whole plan's) target of the days that are left
    for rule in [*scenario.rules, *goal_rules(scenario)]:
        rules += _counted_rule(rule, as_of, posts, spend, scenario)
    for channel_doc in doc["channels"]:
        if channel_doc.get("posting"):
            channel_doc["posting"]["min_posts_per_week"] = None
            channel_doc["posting"]["min_posts_per_day"] = None
    for kpi in doc.get("kpis", []):
        kpi["binding"] = False
    for channel_id, limits in (posting_limits or {}).items():
        rules += _channel_limit_rules(channel_id, limits, as_of, posts, scenario)
        if limits.max_per_week is not None:  # its rules above count the parent's weeks instead
            for channel_doc in doc["channels"]:
                if channel_doc["id"] == channel_id and channel_doc.get("posting") is not None:
                    channel_doc["posting"]["max_posts_per_week"] = MAX_POST_COUNT
    doc["rules"] = rules
    try:
        return Scenario.model_validate(doc)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(f"re-plan scenario {where}", str(first["msg"]).removeprefix("Value error, ")) from None


def _usable(items: list[dict[str, Any]], end: date, timezone: str) -> list[dict[str, Any]]:
    """The items that can still be used: a wait after a locked or kept use that runs past the window
    (or past the item's own ``available_until``) leaves nothing to plan."""
    window_end = datetime.combine(end, datetime.min.time()).replace(tzinfo=ZoneInfo(timezone))
    kept: list[dict[str, Any]] = []
    for item in items:
        since, until = item.get("available_from"), item.get("available_until")
        if since is not None:
            start = _as_datetime(since, timezone)
            # a date without a time means the whole day: it ends at the next midnight
            last = None if until is None else _as_datetime(until, timezone) + timedelta(days=0 if "T" in until else 1)
            if start >= window_end or (last is not None and last <= start):
                continue
        kept.append(item)
    return kept


def _as_datetime(value: str, timezone: str) -> datetime:
    if "T" in value:
        return datetime.fromisoformat(value)
    return datetime.combine(date.fromisoformat(value), datetime.min.time()).replace(tzinfo=ZoneInfo(timezone))


def _counted_rule(
    rule: PostCountRule | SpendRule,
    as_of: date,
    posts: Sequence[ScheduledPost],
    spend: Sequence[SpendAllocation],
    scenario: Scenario,
) -> list[dict[str, Any]]:
    """The rule over the remaining days, minus what the locked part already counts; none when it ended.

    A sliding-window rule also gets the rules of :func:`_locked_window_rules` for its windows that
    start before ``as_of``.
    """
    doc = rule.model_dump(mode="json")
    if rule.end is not None and rule.end < as_of:
        return []
    first = rule.start or scenario.horizon.start
    if isinstance(rule, SpendRule):
        used = sum(
            (
                row.amount
                for row in spend
                if first <= row.day < as_of and (rule.channels is None or row.channel_id in rule.channels)
            ),
            Decimal("0.00"),
        )
        for name in ("min_spend", "max_spend"):
            if doc.get(name) is not None:
                doc[name] = str(max(Decimal("0.00"), Decimal(doc[name]) - used))
        if doc.get("min_spend") is None and doc.get("max_spend") is None:
            return []
        doc["start"] = max(first, as_of).isoformat()
        return [doc]
    zone = ZoneInfo(scenario.horizon.timezone)
    if rule.window_hours is not None:
        doc["start"] = max(first, as_of).isoformat()
        assert rule.max_posts is not None  # windowed rules have a maximum only
        categories_of = {item.id: item.category for item in scenario.content}
        counted_posts = [
            post
            for post in posts
            if first <= _local_day(post.start, zone)
            and (rule.channels is None or post.channel_id in rule.channels)
            and (rule.categories is None or categories_of.get(post.content_id) in rule.categories)
            and (rule.items is None or post.content_id in rule.items)
        ]
        extra = _locked_window_rules(
            rule.name, rule.window_hours, rule.max_posts, as_of, counted_posts, scenario, rule.end
        )
        return [doc, *[dict(doc, window_hours=None, name=e.name, end=e.end, max_posts=e.most) for e in extra]]
    categories = {item.id: item.category for item in scenario.content}
    counted = sum(
        1
        for post in posts
        if first <= _local_day(post.start, zone) < as_of
        and (rule.channels is None or post.channel_id in rule.channels)
        and (rule.categories is None or categories.get(post.content_id) in rule.categories)
        and (rule.items is None or post.content_id in rule.items)
    )
    for name in ("min_posts", "max_posts"):
        if doc.get(name) is not None:
            doc[name] = max(0, int(doc[name]) - counted)
    doc["start"] = max(first, as_of).isoformat()
    return [doc]


@dataclass(frozen=True)
class PostingLimits:
    """A channel's resolved posting limits that span days: the publishing quota and the weekly maximum."""

    quota: int | None
    quota_window_hours: int
    max_per_week: int | None


@dataclass(frozen=True)
class _Prefix:
    """At most ``most`` posts from ``as_of`` through ``end``."""

    name: str
    end: str
    most: int


def _locked_window_rules(
    name: str,
    window_hours: int,
    most: int,
    as_of: date,
    counted: Sequence[ScheduledPost],
    scenario: Scenario,
    rule_end: date | None = None,
) -> list[_Prefix]:
    """Whole-range maxima for the first days after ``as_of`` that stand for the sliding windows
    starting before it: a window ending ``t`` after ``as_of``'s midnight holds the locked posts in
    ``[t − window, as_of)``, so the posts from ``as_of`` to ``t`` may be at most ``most`` minus
    those. Per day ``e`` after ``as_of`` the window ending earliest in that day holds the most
    locked posts; the rule over days ``as_of .. as_of + e`` with that count covers every window
    ending in day ``e`` (conservative by less than a day: posts later in day ``e`` are counted too).
    ``counted`` are the locked posts the rule counts (its channels and categories, inside its range).
    """
    horizon = scenario.horizon
    zone = ZoneInfo(horizon.timezone)
    midnight = datetime.combine(as_of, datetime.min.time()).replace(tzinfo=zone)
    slot = timedelta(minutes=horizon.slot_minutes)
    window = timedelta(hours=window_hours)
    last_day = horizon.start + timedelta(days=horizon.days - 1)
    if rule_end is not None:
        last_day = min(last_day, rule_end)
    found: list[_Prefix] = []
    day = 0
    while timedelta(days=day) + slot < window and as_of + timedelta(days=day) <= last_day:
        earliest_end = midnight + timedelta(days=day) + slot
        held = sum(1 for post in counted if earliest_end - window <= post.start < midnight)
        if held == 0:
            break
        end = as_of + timedelta(days=day)
        found.append(_Prefix(f"{name} (windows across {as_of}, to {end})", end.isoformat(), max(0, most - held)))
        day += 1
    return found


def _channel_limit_rules(
    channel_id: str, limits: PostingLimits, as_of: date, posts: Sequence[ScheduledPost], scenario: Scenario
) -> list[dict[str, Any]]:
    """Rules that make the channel's publishing quota and weekly maximum count its locked posts."""
    zone = ZoneInfo(scenario.horizon.timezone)
    mine = [post for post in posts if post.channel_id == channel_id]
    rules: list[dict[str, Any]] = []
    if limits.quota is not None:
        for prefix in _locked_window_rules(
            f"{channel_id} publishing quota", limits.quota_window_hours, limits.quota, as_of, mine, scenario
        ):
            rules.append(
                {
                    "kind": "post_count",
                    "name": prefix.name,
                    "channels": [channel_id],
                    "start": as_of.isoformat(),
                    "end": prefix.end,
                    "max_posts": prefix.most,
                }
            )
    if limits.max_per_week is not None:
        # every plan week of the parent from as_of on: the remaining scenario's own weeks would start at as_of
        for week_start, week_end in plan_weeks(scenario):
            if week_end < as_of:
                continue
            held = sum(1 for post in mine if week_start <= _local_day(post.start, zone) < as_of)
            rules.append(
                {
                    "kind": "post_count",
                    "name": f"{channel_id} weekly maximum (the week of {week_start})",
                    "channels": [channel_id],
                    "start": max(week_start, as_of).isoformat(),
                    "end": week_end.isoformat(),
                    "max_posts": max(0, limits.max_per_week - held),
                }
            )
    return rules


def _unpin(posts: Iterable[ScheduledPost]) -> list[ScheduledPost]:
    return [
        post.model_copy(update={"content_id": post.content_id.split(_PIN)[0]}) if _PIN in post.content_id else post
        for post in posts
    ]


def _merge(
    scenario: Scenario, parent: Plan, locked: tuple[list[ScheduledPost], list[SpendAllocation], list[Boost]], rest: Plan
) -> Plan:
    posts = sorted(locked[0] + _unpin(rest.posts), key=lambda p: (p.start, p.channel_id, p.content_id))
    spend = sorted(locked[1] + list(rest.spend), key=lambda r: (r.day, r.channel_id))
    boosts = sorted(
        locked[2] + [b.model_copy(update={"content_id": b.content_id.split(_PIN)[0]}) for b in rest.boosts],
        key=lambda b: (b.start, b.channel_id),
    )
    ad_spend = sum((row.amount for row in spend), Decimal("0.00"))
    boost_spend = sum((b.amount for b in boosts), Decimal("0.00"))
    paid = sum((row.expected_revenue for row in spend), Decimal("0.00"))
    boost_revenue = sum((b.expected_revenue for b in boosts), Decimal("0.00"))
    organic = sum((p.expected_revenue for p in posts), Decimal("0.00"))
    total_spend = ad_spend + boost_spend
    revenue = organic + paid + boost_revenue
    margin = scenario.objective.margin
    totals = Totals(
        spend=total_spend,
        ad_spend=ad_spend,
        boost_spend=boost_spend,
        revenue=revenue,
        organic_revenue=organic,
        paid_revenue=paid,
        boost_revenue=boost_revenue,
        roas=float((paid + boost_revenue) / total_spend) if total_spend > 0 else None,
        profit=(revenue * Decimal(str(margin)) - total_spend).quantize(Decimal("0.01")) if margin is not None else None,
        reach=sum(p.expected_impressions for p in posts),
        engagement=sum(p.expected_engagements for p in posts),
        clicks=sum(p.expected_clicks for p in posts),
        posts=len(posts),
        carried_in_revenue=parent.totals.carried_in_revenue,
    )
    return Plan(
        scenario_name=scenario.name,
        scenario_hash=scenario_hash(scenario),
        currency=scenario.currency,
        timezone=scenario.horizon.timezone,
        start=scenario.horizon.start,
        days=scenario.horizon.days,
        posts=posts,
        spend=spend,
        boosts=boosts,
        totals=totals,
        report=rest.report,
        created_at=Plan.now(),
        mixplan_version=rest.mixplan_version,
    )


def replan(
    parent: Plan,
    scenario: Scenario,
    as_of: date,
    *,
    actual_posts: Sequence[PostActual] = (),
    actual_days: Sequence[HistoryRow] = (),
    lead_days: int = DEFAULT_LEAD_DAYS,
    approved: Sequence[ScheduledPost] = (),
    move_threshold: float = DEFAULT_MOVE_THRESHOLD,
    options: PlanOptions | None = None,
    engine: Engine | None = None,
    data: ChannelDataSource | None = None,
    learn_curves: bool = True,
    learn_rates: bool = True,
) -> ReplanResult:
    """Re-plan ``parent`` (made for ``scenario``, or for the scenario it was edited into) from ``as_of``.

    See the module docstring for what is locked, what is counted and when posts move. With
    ``learn_curves`` / ``learn_rates`` the curves are refitted and the post rates shrunk toward the
    actuals first (:mod:`mixplan.learning`); the result's ``scenario`` holds what was learned.
    """
    if lead_days < 0:
        raise InputError("--lead-days", "must be 0 or more")
    if move_threshold < 0:
        raise InputError("--move-threshold", "must be 0 or more")
    engine = engine or Engine()
    options = options or PlanOptions()
    zone = ZoneInfo(scenario.horizon.timezone)
    learned_notes: list[str] = []
    if learn_curves or learn_rates:
        from mixplan.learning import learn_from_actuals

        learned = learn_from_actuals(
            scenario,
            engine.resolve(scenario, data),
            parent,
            as_of,
            actual_posts,
            actual_days,
            curves=learn_curves,
            rates=learn_rates,
        )
        scenario, learned_notes = learned.scenario, learned.notes
    locked = locked_part(parent, scenario, as_of, actual_posts, actual_days)
    future = [post for post in parent.posts if _local_day(post.start, zone) >= as_of]
    approved_keys = {(p.content_id, p.channel_id, p.start) for p in approved}
    pipeline = [
        post
        for post in future
        if _local_day(post.start, zone) < as_of + timedelta(days=lead_days)
        or (post.content_id, post.channel_id, post.start) in approved_keys
    ]
    known = {item.id for item in scenario.content}
    channels = {channel.id for channel in scenario.channels}
    pipeline = [p for p in pipeline if p.content_id in known and p.channel_id in channels]
    keepable = [p for p in future if p.content_id in known and p.channel_id in channels]
    notes: list[str] = []
    limits = posting_limits(engine, scenario, data)
    stable = _solve(engine, options, data, scenario, as_of, locked, keepable, limits)
    free = _solve(engine, options, data, scenario, as_of, locked, pipeline, limits)
    chosen = stable
    if stable is None and free is None:
        rest = engine.plan(remaining_scenario(scenario, as_of, *locked, posting_limits=limits), options, data)
        chosen = rest
        notes.append("the parent's pipeline posts could not be kept under the changed rules; they were re-planned")
    elif stable is None or (
        free is not None and float(free.totals.revenue) > float(stable.totals.revenue) * (1 + move_threshold)
    ):
        chosen = free
        if stable is not None:
            gain = float(free.totals.revenue) / max(float(stable.totals.revenue), 1e-9) - 1  # type: ignore[union-attr]
            notes.append(f"posts outside the pipeline moved: that gains {gain:.1%} (threshold {move_threshold:.0%})")
    assert chosen is not None
    plan = _merge(scenario, parent, locked, chosen)
    diff = diff_plans(parent, plan, [channel.id for channel in scenario.channels])
    kept = diff.unchanged_posts - len([p for p in locked[0] if p in parent.posts])
    delivered = sum((row.amount for row in locked[1]), Decimal("0.00")) + sum(
        (b.amount for b in locked[2]), Decimal("0.00")
    )
    remaining = max(Decimal("0.00"), scenario.budget.total - delivered)
    future_moved = [c for c in diff.moved if c.before is not None and _local_day(c.before, zone) >= as_of]
    future_removed = [c for c in diff.removed if c.before is not None and _local_day(c.before, zone) >= as_of]
    future_added = [c for c in diff.added if c.after is not None and _local_day(c.after, zone) >= as_of]
    notes.insert(
        0,
        f"re-plan from {as_of}: {kept} post(s) kept, {len(future_moved)} moved, {len(future_added)} added, "
        f"{len(future_removed)} dropped; delivered {delivered} {scenario.currency}, "
        f"remaining budget {remaining} {scenario.currency}",
    )
    notes += learned_notes
    checked = engine.verify(plan, scenario, data)
    if not checked.ok:  # said, not hidden: what happened before as_of, or a rule not yet counted across it
        shown = "; ".join(checked.violations[:3])
        more = f" and {len(checked.violations) - 3} more" if len(checked.violations) > 3 else ""
        notes.append(
            f"warning: the merged plan breaks {len(checked.violations)} rule(s) of the scenario: {shown}{more} "
            "(the locked part is what happened; a week's category mix across as_of is not counted yet, "
            "see docs/loop.md)"
        )
    report = plan.report.model_copy(update={"messages": [*notes, *plan.report.messages]})
    plan = plan.model_copy(update={"report": report})
    return ReplanResult(
        plan=plan,
        as_of=as_of,
        diff=diff,
        kept=kept,
        moved=len(future_moved),
        added=len(future_added),
        dropped=len(future_removed),
        delivered=delivered,
        remaining_budget=remaining,
        notes=notes,
        scenario=scenario,
    )


def posting_limits(engine: Engine, scenario: Scenario, data: ChannelDataSource | None) -> dict[str, PostingLimits]:
    """Each organic channel's resolved publishing quota and weekly maximum (platform defaults, live limits)."""
    return {
        channel.id: PostingLimits(
            channel.posting.publish_quota,
            channel.posting.publish_quota_window_hours,
            channel.posting.max_posts_per_week,
        )
        for channel in engine.resolve(scenario, data)
        if channel.organic_enabled
        and (channel.posting.publish_quota is not None or channel.posting.max_posts_per_week is not None)
    }


def _solve(
    engine: Engine,
    options: PlanOptions,
    data: ChannelDataSource | None,
    scenario: Scenario,
    as_of: date,
    locked: tuple[list[ScheduledPost], list[SpendAllocation], list[Boost]],
    pinned: Sequence[ScheduledPost],
    limits: Mapping[str, PostingLimits] | None = None,
) -> Plan | None:
    """The remaining window solved with ``pinned`` posts fixed; None when they cannot all be kept."""
    from mixplan.errors import InfeasibleError, NoSolutionError

    try:
        rest = remaining_scenario(scenario, as_of, *locked, pinned=pinned, posting_limits=limits)
        return engine.plan(rest, options, data)
    except (InfeasibleError, NoSolutionError):
        return None
    except InputError:
        if pinned:
            return None
        raise
