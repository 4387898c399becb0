"""A brand's stored channel data read once: what one plan needs, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from mixplan.model.history import FittedCurve
from mixplan.model.live import AudienceSnapshot, LiveLimits
from mixplan.storage import snapshot_rows
from sqlmodel import Session


@dataclass(frozen=True)
class ChannelData:
    """The newest fitted curve, audience snapshot and live limits of some channels of one brand.

    A `ChannelDataSource` for the engine: compiling and verifying a plan read the same data, and a batch
    worker makes one database round trip per plan instead of three per channel and pass.
    """

    curves: dict[str, FittedCurve] = field(default_factory=dict)
    audience: dict[str, AudienceSnapshot] = field(default_factory=dict)
    limits: dict[str, LiveLimits] = field(default_factory=dict)

    def latest_fitted_curve(self, channel_id: str) -> FittedCurve | None:
        """The newest fitted or imported curve of the channel, if any."""
        return self.curves.get(channel_id)

    def latest_audience(self, channel_id: str) -> AudienceSnapshot | None:
        """The newest live audience snapshot of the channel, if any."""
        return self.audience.get(channel_id)

    def latest_limits(self, channel_id: str) -> LiveLimits | None:
        """The newest live limits of the channel, if any."""
        return self.limits.get(channel_id)


def read_channel_data(session: Session, brand: str, channel_ids: list[str]) -> ChannelData:
    """`brand`'s newest data of each channel in `channel_ids`, inside the caller's transaction."""
    data = ChannelData()
    for channel_id in channel_ids:
        for curve in snapshot_rows.fitted_curves(session, brand, channel_id, 1):
            data.curves[channel_id] = curve
        for snapshot in snapshot_rows.audience_snapshots(session, brand, channel_id, 1):
            data.audience[channel_id] = snapshot
        for limits in snapshot_rows.live_limits(session, brand, channel_id, 1):
            data.limits[channel_id] = limits
    return data
