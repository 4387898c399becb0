"""Pinterest rules the generic format limits cannot express: carousel pins take images of 1:1 or 2:3 only."""

from __future__ import annotations

from mixplan.model import ContentItem, FormatSpec
from mixplan.plugins.pinterest.spec import CAROUSEL_RATIOS, RATIO_TOLERANCE


def content_problems(item: ContentItem, format: FormatSpec) -> list[str]:
    """A carousel with a video, or with images that are neither square (1:1) nor 2:3."""
    if format.id != "carousel":
        return []
    problems = []
    if item.media.video_seconds is not None:
        problems.append("a Pinterest carousel takes images only; this item has a video")
    ratio = item.media.aspect_ratio
    if ratio is not None and not any(
        abs(ratio - allowed) <= RATIO_TOLERANCE * allowed for allowed in CAROUSEL_RATIOS.values()
    ):
        names = " or ".join(CAROUSEL_RATIOS)
        problems.append(f"carousel images have aspect ratio {ratio:.2f}; Pinterest carousels take {names}")
    return problems
