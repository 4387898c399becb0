"""The helpers the built-in plugins share: activity matrices, benchmark curves, platform text measures."""

from __future__ import annotations

import pytest
from mixplan.plugins._shared.activity import ACTIVITY_FLOOR, DAILY_RHYTHM, MON, SUN, TUE, Peak, weekly_activity
from mixplan.plugins._shared.curves import (
    AdBenchmark,
    best_average_roas,
    best_average_roas_spend,
    hill_from_roas,
    hill_revenue,
)
from mixplan.plugins._shared.formats import TextLimits, media_post, text_post, video_post
from mixplan.plugins._shared.text import (
    count_hashtags,
    count_mentions,
    double_width_length,
    utf8_bytes,
    utf16_length,
    x_weighted_length,
)


def test_peaks_add_bumps_with_shoulders_and_days_scale() -> None:
    activity = weekly_activity([Peak((TUE,), 10, 12, boost=0.6)], day_factors={SUN: 0.5})
    assert activity[TUE][10] == pytest.approx(DAILY_RHYTHM[10] + 0.6)
    assert activity[TUE][11] == pytest.approx(DAILY_RHYTHM[11] + 0.6)
    assert activity[TUE][9] == pytest.approx(DAILY_RHYTHM[9] + 0.3)  # shoulder before
    assert activity[TUE][12] == pytest.approx(DAILY_RHYTHM[12] + 0.3)  # shoulder after
    assert activity[TUE][13] == pytest.approx(DAILY_RHYTHM[13])
    assert activity[MON][10] == pytest.approx(DAILY_RHYTHM[10])
    assert activity[SUN][10] == pytest.approx(DAILY_RHYTHM[10] * 0.5)


def test_overlapping_peaks_keep_the_larger_bump_and_the_floor_holds() -> None:
    activity = weekly_activity(
        [Peak((MON,), 9, 13, boost=0.2), Peak((MON,), 11, 12, boost=0.9)], day_factors={SUN: 0.01}
    )
    assert activity[MON][11] == pytest.approx(DAILY_RHYTHM[11] + 0.9)
    assert activity[MON][9] == pytest.approx(DAILY_RHYTHM[9] + 0.2)
    assert min(activity[SUN]) == ACTIVITY_FLOOR


@pytest.mark.parametrize(("days", "start", "end"), [((MON,), 12, 12), ((MON,), -1, 3), ((7,), 1, 2), ((), 1, 2)])
def test_a_peak_outside_the_week_is_refused(days: tuple[int, ...], start: int, end: int) -> None:
    with pytest.raises(ValueError, match="peak"):
        Peak(days, start, end)


@pytest.mark.parametrize("shape", [1.0, 1.3, 1.6, 2.0, 2.5])
def test_derived_hill_curve_peaks_at_the_benchmark_roas(shape: float) -> None:
    benchmark = AdBenchmark(cpm=8.0, click_through_rate=0.015, conversion_rate=0.025, average_order_value=50.0)
    assert benchmark.roas == pytest.approx(1000 / 8 * 0.015 * 0.025 * 50)
    curve = hill_from_roas(benchmark.roas, half_saturation=70.0, shape=shape)
    assert best_average_roas(curve) == pytest.approx(benchmark.roas, rel=1e-3)
    # numerically: no spend on a fine grid earns a better average ROAS than the stated best
    grid = [step / 10 for step in range(1, 5_000)]
    assert max(hill_revenue(curve, spend) / spend for spend in grid) <= benchmark.roas * 1.001
    if shape > 1:
        best = best_average_roas_spend(70.0, shape)
        assert hill_revenue(curve, best) / best == pytest.approx(benchmark.roas, rel=1e-3)


def test_hill_from_roas_refuses_shapes_without_a_finite_best() -> None:
    with pytest.raises(ValueError, match="shape"):
        hill_from_roas(2.0, half_saturation=50.0, shape=0.8)


def test_hashtags_and_mentions_are_counted_in_text() -> None:
    assert count_hashtags("New #linen #summer_sale dress, 100% #1 pick (not a&#39;tag)") == 3
    assert count_mentions("thanks @maria.k and @shop_2, mail hello@example.com") == 2


def test_platform_text_measures() -> None:
    assert utf16_length("abc") == 3
    assert utf16_length("😀") == 2  # outside the Basic Multilingual Plane
    assert utf8_bytes("é") == 2
    assert double_width_length("Sale 夏") == 7
    assert double_width_length("ＡＢ") == 4  # full-width Latin
    assert x_weighted_length("hello") == 5
    assert x_weighted_length("春") == 2
    assert x_weighted_length("see https://example.com/a/very/long/path/that/is/longer/than/23") == 4 + 23


def test_format_constructors_set_only_what_they_are_given() -> None:
    text = TextLimits(caption_max_chars=500, title_max_chars=40, hashtags_max=5)
    post = text_post("text", "Text post", text)
    assert (post.caption_max_chars, post.title_max_chars, post.hashtags_max) == (500, 40, 5)
    assert (post.media_min, post.media_max) == (None, 0)
    album = media_post("album", "Album", media=(2, 10), max_file_mb=8, aspect=(0.8, 1.91))
    assert (album.media_min, album.media_max, album.max_file_mb) == (2, 10, 8)
    assert (album.aspect_ratio_min, album.aspect_ratio_max) == (0.8, 1.91)
    assert album.caption_max_chars is None and album.video_max_seconds is None
    assert (media_post("image", "Image").media_min, media_post("image", "Image").media_max) == (1, None)
    clip = video_post("clip", "Clip", text, seconds=(None, 60), aspect=(None, 1.0))
    assert (clip.media_min, clip.media_max) == (1, 1)
    assert (clip.video_min_seconds, clip.video_max_seconds) == (None, 60)
    assert (clip.aspect_ratio_min, clip.aspect_ratio_max) == (None, 1.0)
    assert clip.caption_max_chars == 500
