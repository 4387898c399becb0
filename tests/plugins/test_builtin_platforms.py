"""The nine built-in platforms: registered through the hooks, valid, sourced, and true to the reference."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from mixplan.model import HillCurve, PlatformSpec
from mixplan.plugin_host import DEFAULT_PLUGINS, PluginHost
from mixplan.plugins._shared.curves import best_average_roas, hill_revenue
from support.platforms import BUILTIN_IDS

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
FORMAT_IDS = {
    "image", "carousel", "reel", "story", "video", "short", "text", "document", "pin", "newsletter",
    "search_ad", "shopping_ad",
}  # fmt: skip
FACT = re.compile(r"^(?P<path>[a-z_.*]+(?: check)?) = (?P<value>.+)$")


def spec_of(host: PluginHost, platform_id: str) -> PlatformSpec:
    return host.platform(platform_id).spec


def required_paths(spec: PlatformSpec) -> set[str]:
    """Every default that must carry a source."""
    paths = {
        "posting.max_posts_per_day",
        "audience.size",
        "audience.activity",
        "audience.organic_reach_rate",
        "audience.rates.*.engagement_rate",
        "audience.rates.*.click_rate",
        "audience.rates.*.conversion_rate",
        "audience.average_order_value",
        *(f"formats.{fmt.id}" for fmt in spec.formats),
    }
    if spec.posting.max_posts_per_day != 0:
        paths |= {"posting.max_posts_per_week", "posting.min_gap_minutes", "posting.publish_quota"}
    if spec.ads.supports_ads:
        paths |= {
            "ads.min_daily_budget",
            "ads.spend_step",
            "ads.max_daily_change",
            "ads.learning_phase_events",
            "ads.daily_overdelivery",
            "ads.cpm",
            "default_curve",
        }
        if spec.ads.supports_boost:
            paths.add("ads.boost_min_budget")
    else:
        paths.add("ads.supports_ads")
    return paths


def test_every_default_plugin_is_a_registered_builtin(builtin_host: PluginHost) -> None:
    assert [name.rsplit(".", 1)[1] for name in DEFAULT_PLUGINS] == list(BUILTIN_IDS)
    assert set(builtin_host.platforms) == set(BUILTIN_IDS)
    for platform_id in BUILTIN_IDS:
        registered = builtin_host.platform(platform_id)
        assert registered.plugin.name == platform_id
        assert registered.plugin.source == "built-in"
        assert registered.plugin.builtin


@pytest.mark.parametrize("platform_id", BUILTIN_IDS)
def test_spec_round_trips_through_validation(builtin_host: PluginHost, platform_id: str) -> None:
    spec = spec_of(builtin_host, platform_id)
    again = PlatformSpec.model_validate_json(spec.model_dump_json())
    assert again == spec
    assert {fmt.id for fmt in spec.formats} <= FORMAT_IDS
    assert set(spec.audience.rates) == {fmt.id for fmt in spec.formats}


@pytest.mark.parametrize("platform_id", BUILTIN_IDS)
def test_each_host_gets_its_own_spec_objects(platform_id: str) -> None:
    first = PluginHost(load_entry_points=False, environ={"MIXPLAN_LOAD_PLUGINS": platform_id})
    second = PluginHost(load_entry_points=False, environ={"MIXPLAN_LOAD_PLUGINS": platform_id})
    first.platform(platform_id).spec.posting.max_posts_per_day = 99
    assert second.platform(platform_id).spec.posting.max_posts_per_day != 99


@pytest.mark.parametrize("platform_id", BUILTIN_IDS)
def test_every_default_has_a_source(builtin_host: PluginHost, platform_id: str) -> None:
    spec = spec_of(builtin_host, platform_id)
    matches = [FACT.match(fact.fact) for fact in spec.sources]
    assert all(matches), [fact.fact for fact, match in zip(spec.sources, matches, strict=True) if not match]
    stated = {match.group("path") for match in matches if match}
    missing = required_paths(spec) - stated
    assert not missing, f"{platform_id}: defaults without a source: {sorted(missing)}"
    for fact in spec.sources:
        assert fact.source.strip()
        assert fact.year is None or 2010 <= fact.year <= 2026


@pytest.mark.parametrize("platform_id", BUILTIN_IDS)
def test_activity_is_7_by_24_with_a_floor(builtin_host: PluginHost, platform_id: str) -> None:
    activity = spec_of(builtin_host, platform_id).audience.activity
    assert len(activity) == 7 and all(len(day) == 24 for day in activity)
    lowest = min(min(day) for day in activity)
    highest = max(max(day) for day in activity)
    assert 0 < lowest < highest / 10, "nights are low but never impossible"
    for day in activity:
        assert max(day[2:5]) < min(day[10:13]), "3 am is quieter than midday on every day"


@pytest.mark.parametrize(
    ("platform_id", "busier", "quieter"),
    [
        ("instagram", (WED, 12), (SUN, 3)),
        ("instagram", (TUE, 10), (SUN, 10)),  # Sprout: Tuesday 9–13 peak, Sunday worst
        ("instagram", (WED, 18), (TUE, 18)),  # Buffer: Wednesday 6 pm
        ("facebook", (TUE, 13), (SUN, 13)),  # Sprout: Tuesday 8–14, Sunday worst
        ("facebook", (MON, 9), (FRI, 9)),
        ("tiktok", (SUN, 9), (THU, 9)),  # Buffer 2026: Sunday 9 am
        ("tiktok", (MON, 13), (MON, 10)),  # Buffer 2026: Monday 1 pm
        ("linkedin", (WED, 11), (MON, 11)),  # Sprout: Tuesday and Wednesday 10–12
        ("youtube", (FRI, 15), (TUE, 15)),  # Buffer: Friday 3–4 pm
        ("x", (THU, 10), (SAT, 10)),  # Sprout: Tuesday–Friday 9–12
        ("pinterest", (FRI, 15), (FRI, 10)),  # Digitas/Curalate: Friday 3 pm
        ("email", (FRI, 7), (FRI, 5)),  # Omnisend 2026: Friday 7 am
        ("email", (TUE, 10), (MON, 10)),  # Omnisend 2026: Tuesday opens best
    ],
)
def test_activity_peaks_where_the_studies_say(
    builtin_host: PluginHost, platform_id: str, busier: tuple[int, int], quieter: tuple[int, int]
) -> None:
    activity = spec_of(builtin_host, platform_id).audience.activity
    assert activity[busier[0]][busier[1]] > activity[quieter[0]][quieter[1]]


def test_sunday_is_the_quietest_day_where_sprout_says_so(builtin_host: PluginHost) -> None:
    for platform_id in ("instagram", "facebook"):
        totals = [sum(day) for day in spec_of(builtin_host, platform_id).audience.activity]
        assert totals[SUN] == min(totals)
    tiktok = [sum(day) for day in spec_of(builtin_host, "tiktok").audience.activity]
    assert tiktok[SAT] > tiktok[THU]  # Buffer 2026: Saturday is TikTok's best day


@pytest.mark.parametrize(
    ("platform_id", "minimum"),
    [
        ("instagram", "5.00"),  # Meta: $5 for click/engagement optimisation
        ("facebook", "5.00"),
        ("tiktok", "20.00"),  # ad group > $20
        ("linkedin", "10.00"),  # $10/day per campaign
        ("pinterest", "5.00"),  # 3P SDK
        ("google_ads", "1.00"),  # nf: conservative
        ("youtube", "1.00"),  # bought through Google Ads
        ("x", "0.00"),  # "no minimum spend"
    ],
)
def test_minimum_daily_budgets_match_the_reference(builtin_host: PluginHost, platform_id: str, minimum: str) -> None:
    ads = spec_of(builtin_host, platform_id).ads
    assert ads.supports_ads
    assert ads.min_daily_budget == Decimal(minimum)


def test_ad_rules_from_the_reference(builtin_host: PluginHost) -> None:
    tiktok = spec_of(builtin_host, "tiktok").ads
    assert tiktok.max_daily_change == 0.5
    assert tiktok.learning_phase_events == 50
    for meta in ("instagram", "facebook"):
        ads = spec_of(builtin_host, meta).ads
        assert ads.daily_overdelivery == 0.25
        assert ads.learning_phase_events == 50
        assert ads.cpm == Decimal("6.59")
        assert ads.max_daily_change is None  # Meta publishes no threshold
    assert spec_of(builtin_host, "google_ads").ads.daily_overdelivery == 1.0  # up to 2× a day
    boosts = {platform_id for platform_id in BUILTIN_IDS if spec_of(builtin_host, platform_id).ads.supports_boost}
    assert boosts == {"instagram", "facebook", "tiktok", "linkedin", "x", "pinterest"}


def test_posting_rules_from_the_reference(builtin_host: PluginHost) -> None:
    instagram = spec_of(builtin_host, "instagram").posting
    assert (instagram.publish_quota, instagram.publish_quota_window_hours) == (50, 24)
    assert instagram.max_posts_per_day == 2
    assert spec_of(builtin_host, "facebook").posting.publish_quota == 30  # reels per 24 h
    assert spec_of(builtin_host, "tiktok").posting.max_posts_per_day == 3
    assert spec_of(builtin_host, "youtube").posting.publish_quota == 6  # 10,000 units / 1,600 per upload
    x = spec_of(builtin_host, "x").posting
    assert x.publish_quota == 100 and x.publish_quota_window_hours == 1  # 100 per 15 min, stated per hour
    assert spec_of(builtin_host, "google_ads").posting.max_posts_per_day == 0
    email = spec_of(builtin_host, "email")
    assert not email.ads.supports_ads and email.default_curve is None
    assert email.audience.size == 8_000


@pytest.mark.parametrize(
    ("platform_id", "roas"),
    [
        ("instagram", 1000 / 6.59 * 0.0171 * 0.02 * 60),  # Meta CPM 6.59, CTR 1.71 %
        ("facebook", 1000 / 6.59 * 0.0171 * 0.02 * 60),
        ("tiktok", 1000 / 15 * 0.01 * 0.02 * 60),  # CPM $10–20 midpoint, CTR assumed 1 %
        ("linkedin", 1000 / 34.5 * 0.0052 * 0.02 * 60),  # CPM $31–38 midpoint, CTR 0.52 %
        ("youtube", 1000 / 10 * 0.005 * 0.02 * 60),  # CPM $5–15 midpoint, CTR assumed 0.5 %
        ("google_ads", 0.0818 * 60 / 5.42),  # CVR 8.18 %, CPC $5.42
        ("x", 1000 / 12.5 * 0.01 * 0.02 * 60),  # nf: cross-platform assumptions
        ("pinterest", 1000 / 12.5 * 0.01 * 0.02 * 60),
    ],
)
def test_default_curves_follow_the_benchmark_derivation(
    builtin_host: PluginHost, platform_id: str, roas: float
) -> None:
    curve = spec_of(builtin_host, platform_id).default_curve
    assert isinstance(curve, HillCurve)
    assert 1.0 <= curve.shape <= 2.5
    assert best_average_roas(curve) == pytest.approx(roas, rel=0.005)
    # plausible for a shop spending 10–200 a day: earning at 10, not yet saturated at 200
    assert hill_revenue(curve, 10) > 0
    assert hill_revenue(curve, 200) < 0.95 * float(curve.max_revenue)


def test_meta_and_tiktok_curves_are_s_shaped_and_meta_pays_back(builtin_host: PluginHost) -> None:
    shapes = {}
    for platform_id in ("instagram", "facebook", "tiktok", "youtube", "google_ads"):
        curve = spec_of(builtin_host, platform_id).default_curve
        assert isinstance(curve, HillCurve)
        shapes[platform_id] = curve.shape
    assert min(shapes["instagram"], shapes["facebook"], shapes["tiktok"], shapes["youtube"]) > 1
    assert shapes["google_ads"] == 1.0  # search: concave, limited by search volume
    meta = spec_of(builtin_host, "instagram").default_curve
    assert isinstance(meta, HillCurve)
    assert 1.5 <= best_average_roas(meta) <= 4
