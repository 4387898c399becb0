"""The money side of a scenario: total budget, per-channel bounds and daily caps."""

from __future__ import annotations

from datetime import date

from mixplan.model.base import Identifier, Money, Rate, StrictModel
from pydantic import Field, model_validator


class ChannelBudget(StrictModel):
    """Bounds on one channel's paid spend over the horizon, absolute and/or as a share of the total budget."""

    min: Money | None = Field(default=None, description="Least total spend on the channel.")
    max: Money | None = Field(default=None, description="Most total spend on the channel.")
    min_share: Rate | None = Field(default=None, description="Least share of the total budget.")
    max_share: Rate | None = Field(default=None, description="Most share of the total budget.")
    max_daily: Money | None = Field(default=None, description="Most spend on the channel on any one day.")

    @model_validator(mode="after")
    def _min_not_above_max(self) -> ChannelBudget:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        if self.min_share is not None and self.max_share is not None and self.min_share > self.max_share:
            raise ValueError(f"min_share ({self.min_share}) is greater than max_share ({self.max_share})")
        return self


class Budget(StrictModel):
    """Total paid budget (ads and boosts) for the horizon, with its split and pacing rules."""

    total: Money = Field(description="Most that may be spent over the whole horizon.")
    channels: dict[Identifier, ChannelBudget] = Field(default_factory=dict, description="Per-channel bounds.")
    daily_cap: Money | None = Field(default=None, description="Most spend across all channels on any day.")
    daily_caps: dict[date, Money] = Field(default_factory=dict, description="Caps for particular dates.")
    boost_max_share: Rate | None = Field(default=None, description="Most share of the total spent on boosts.")

    @model_validator(mode="after")
    def _shares_fit(self) -> Budget:
        min_shares = sum(b.min_share or 0.0 for b in self.channels.values())
        if min_shares > 1.0 + 1e-9:
            raise ValueError(f"channel min_share values add up to {min_shares:.2f}, more than 1")
        minimums = sum((b.min for b in self.channels.values() if b.min is not None), start=0)
        if minimums > self.total:
            raise ValueError(f"channel minimums add up to {minimums}, more than the total budget {self.total}")
        return self
