"""How much memory a solve will need, estimated from the problem's dimensions before anything is built.

The posting model's arrays grow with the channel-slots times the slots of a day (the sliding windows
of quotas, gaps and cool-downs are a day or more long, so each slot carries a day of neighbours),
and with the number of (item, channel, slot) candidates. The constants were measured on the 2-core
reference machine (peak resident memory of a whole solve):
- 200 items × 8 channels × 28 days, hourly slots: about 0.15 GB;
- 1000 × 8 × 28, hourly: 0.28 GB (2.9 M candidates);
- the bundled example over 366 days, hourly (5 channels, 8,784 slots): 0.92 GB;
- the same with 5-minute slots (105,408 slots): above 19 GB when it was stopped;
- the bundled example with 50,000 items of 7-day windows (49.5 M candidates): 4.0 GB (load, compile
  and solve), which sets the per-candidate figure.
The estimate is meant to be within a factor of two, which is what a refusal needs.
"""

from __future__ import annotations

from dataclasses import dataclass

BASE_BYTES = 150 * 2**20
"""The interpreter, numpy, OR-Tools and the plan itself."""
BYTES_PER_WINDOW_ENTRY = 870
"""Per channel-slot and slot of its day."""
BYTES_PER_CANDIDATE = 80
"""Per allowed (item, channel, slot) (50 fitted the 2.9 M candidates of 1000 × 8 × 28, 80 the 49.5 M of a
50,000-item catalogue, whose scenario objects also count)."""
BYTES_PER_SPEND_OPTION = 400
"""Per spend grid point of a channel-day (LP, CP-SAT and the DP tables)."""


@dataclass(frozen=True)
class SizeEstimate:
    """The estimated peak memory of a solve and the dimensions it came from."""

    bytes: int
    days: int
    slots_per_day: int
    posting_channels: int
    candidates: int
    spend_options: int

    def describe(self) -> str:
        """The dimensions in a user's words, e.g. '366 days × 288 slots a day × 5 channels, 1,200 possible posts'."""
        return (
            f"{self.days} days × {self.slots_per_day} slots a day × {self.posting_channels} channels, "
            f"{self.candidates:,} possible posts"
        )


def estimate_size(
    days: int, slots_per_day: int, posting_channels: int, candidates: int, spend_options: int
) -> SizeEstimate:
    """Estimate the peak memory of solving a problem of these dimensions (see the module docstring).

    ``candidates`` may be an upper bound (items × posting channels × slots); ``spend_options`` is the
    number of grid points over every ads channel-day.
    """
    channel_slots = posting_channels * days * slots_per_day
    total = (
        BASE_BYTES
        + BYTES_PER_WINDOW_ENTRY * channel_slots * slots_per_day
        + BYTES_PER_CANDIDATE * candidates
        + BYTES_PER_SPEND_OPTION * spend_options
    )
    return SizeEstimate(int(total), days, slots_per_day, posting_channels, candidates, spend_options)
