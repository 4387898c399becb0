"""Each platform-specific content check passes a good item and names the limit a bad item breaks.

The checks run through a real plugin host, so these tests also show that each plugin answers only
for its own platform.
"""

from __future__ import annotations

import pytest
from mixplan.model import Channel, ContentItem, MediaInfo
from mixplan.plugin_host import PluginHost
from mixplan.plugins.instagram import mixplan_validate_content as instagram_check


def problems(host: PluginHost, platform_id: str, format_id: str, **fields: object) -> list[str]:
    """Run every plugin's validate hook on one item in one format of one platform."""
    spec = host.platform(platform_id).spec
    fmt = spec.format(format_id)
    assert fmt is not None, f"{platform_id} has no format {format_id}"
    item = ContentItem.model_validate(
        {"id": "item", "title": "A post", "category": "product", "formats": [format_id], **fields}
    )
    channel = Channel(id="shop", platform=platform_id)
    results = host.call("mixplan_validate_content", item=item, channel=channel, platform=spec, format=fmt)
    assert {plugin for plugin, found in results if found} <= {platform_id}, "only the platform's own plugin answers"
    return [problem for _, found in results for problem in found]


def test_instagram_counts_hashtags_and_mentions_in_the_caption(builtin_host: PluginHost) -> None:
    thirty = " ".join(f"#tag{i}" for i in range(30))
    assert problems(builtin_host, "instagram", "image", caption=f"New drop {thirty} write to shop@example.com") == []
    found = problems(builtin_host, "instagram", "reel", caption=thirty + " #one_more")
    assert found == ["caption contains 31 hashtags; Instagram allows 30"]
    mentions = " ".join(f"@friend{i}" for i in range(21))
    assert problems(builtin_host, "instagram", "carousel", caption=mentions) == [
        "caption contains 21 @mentions; Instagram allows 20"
    ]


def test_a_plugin_ignores_other_platforms(builtin_host: PluginHost) -> None:
    spec = builtin_host.platform("facebook").spec
    fmt = spec.format("image")
    assert fmt is not None
    item = ContentItem(id="a", title="t", category="c", formats=["image"], caption="#x " * 40)
    assert instagram_check(item, Channel(id="fb", platform="facebook"), spec, fmt) is None


def test_tiktok_measures_text_in_utf16_units(builtin_host: PluginHost) -> None:
    assert problems(builtin_host, "tiktok", "video", caption="😀" * 1_100) == []  # 2,200 units
    assert problems(builtin_host, "tiktok", "video", caption="😀" * 1_101) == [
        "caption has 2,202 UTF-16 units; TikTok allows 2,200"
    ]
    assert problems(builtin_host, "tiktok", "carousel", title="🎉" * 45) == []  # 90 units
    assert problems(builtin_host, "tiktok", "carousel", title="🎉" * 46) == [
        "photo title has 92 UTF-16 units; TikTok allows 90"
    ]
    assert problems(builtin_host, "tiktok", "carousel", media={"count": 5, "video_seconds": 12}) == [
        "a TikTok photo post takes images only; this item has a video"
    ]


def test_youtube_refuses_angle_brackets_and_long_descriptions_in_bytes(builtin_host: PluginHost) -> None:
    assert problems(builtin_host, "youtube", "video", title="Spring lookbook", caption="é" * 2_500) == []
    assert problems(builtin_host, "youtube", "short", title="We <3 linen") == [
        "title contains '<' or '>'; YouTube does not allow them"
    ]
    found = problems(builtin_host, "youtube", "video", caption="é" * 2_501)  # 2,501 characters, 5,002 bytes
    assert found == ["description has 5,002 bytes; YouTube allows 5,000"]


def test_x_counts_weighted_characters(builtin_host: PluginHost) -> None:
    url = "https://shop.example.com/collections/spring-linen-dresses-with-pockets-and-free-returns?utm_source=x"
    assert len(url) > 23
    fits = "a" * 250 + " " + url  # 351 characters, weighted 250 + 1 + 23 = 274
    assert problems(builtin_host, "x", "text", caption=fits) == []
    assert problems(builtin_host, "x", "image", caption="春" * 141) == [
        "post has 282 weighted characters; X allows 280"
    ]


def test_pinterest_carousels_take_square_or_2_3_images_only(builtin_host: PluginHost) -> None:
    assert problems(builtin_host, "pinterest", "carousel", media={"count": 3, "aspect_ratio": 1000 / 1500}) == []
    assert problems(builtin_host, "pinterest", "carousel", media={"count": 3, "aspect_ratio": 1.0}) == []
    assert problems(builtin_host, "pinterest", "carousel", media={"count": 3, "aspect_ratio": 0.8}) == [
        "carousel images have aspect ratio 0.80; Pinterest carousels take 1:1 or 2:3"
    ]
    assert problems(builtin_host, "pinterest", "carousel", media=MediaInfo(count=2, video_seconds=8)) == [
        "a Pinterest carousel takes images only; this item has a video"
    ]
    assert problems(builtin_host, "pinterest", "pin", media={"count": 1, "aspect_ratio": 0.8}) == []


def test_google_ads_counts_double_width_characters_twice(builtin_host: PluginHost) -> None:
    assert problems(builtin_host, "google_ads", "search_ad", title="Linen dresses, free returns") == []
    headline = "夏のセール開催中今すぐチェック"  # 15 wide characters = 30
    assert problems(builtin_host, "google_ads", "search_ad", title=headline) == []
    assert problems(builtin_host, "google_ads", "search_ad", title=headline + "!") == [
        "headline has 31 characters counting double-width ones twice; Google Ads allows 30"
    ]
    description = "送料無料" * 12  # 48 wide characters = 96
    assert problems(builtin_host, "google_ads", "search_ad", caption=description) == [
        "description has 96 characters counting double-width ones twice; Google Ads allows 90"
    ]


def test_email_bodies_stay_under_gmails_clipping_size(builtin_host: PluginHost) -> None:
    assert problems(builtin_host, "email", "newsletter", caption="<p>" + "x" * 101_990 + "</p>") == []
    found = problems(builtin_host, "email", "newsletter", caption="<p>" + "€" * 40_000 + "</p>")
    assert found == ["body has 120,007 bytes; Gmail clips messages above 102,000 bytes"]


@pytest.mark.parametrize("platform_id", ["facebook", "linkedin"])
def test_platforms_without_extra_rules_add_no_problems(builtin_host: PluginHost, platform_id: str) -> None:
    spec = builtin_host.platform(platform_id).spec
    for fmt in spec.formats:
        assert problems(builtin_host, platform_id, fmt.id, caption="#" * 5_000) == []
