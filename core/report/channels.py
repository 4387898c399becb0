"""How the report names and colours each channel: the scenario's own name, else platform and account."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario
from mixplan.report.summary import plan_channels
from mixplan.report.svg import color


@dataclass(frozen=True)
class ChannelLabel:
    """A channel as the report shows it."""

    id: str
    name: str
    platform: str
    platform_name: str
    color: str


def channel_labels(
    plan: Plan, scenario: Scenario, platform_names: Mapping[str, str] | None = None
) -> dict[str, ChannelLabel]:
    """Every channel of the scenario (then any other the plan mentions), in order, with its name and colour.

    `platform_names` maps platform ids to human names (``PlatformSpec.name``); without it the
    platform id is title-cased.
    """
    names = dict(platform_names or {})
    labels: dict[str, ChannelLabel] = {}
    for index, channel in enumerate(scenario.channels):
        platform_name = names.get(channel.platform) or channel.platform.replace("_", " ").title()
        name = channel.name or (f"{platform_name} {channel.account}".strip() if channel.account else platform_name)
        labels[channel.id] = ChannelLabel(channel.id, name, channel.platform, platform_name, color(index))
    if len({label.name for label in labels.values()}) < len(labels):  # two accounts read alike: add the id
        counts: dict[str, int] = {}
        for label in labels.values():
            counts[label.name] = counts.get(label.name, 0) + 1
        labels = {
            key: ChannelLabel(key, f"{label.name} ({key})", label.platform, label.platform_name, label.color)
            if counts[label.name] > 1
            else label
            for key, label in labels.items()
        }
    for channel_id in plan_channels(plan):
        if channel_id not in labels:
            labels[channel_id] = ChannelLabel(channel_id, channel_id, "", "", color(len(labels)))
    return labels
