"""The domain model of mixplan (pydantic v2). Every input model forbids unknown fields."""

from mixplan.model.audience import AudienceOverrides, AudienceProfile, FormatRates
from mixplan.model.base import Money, StrictModel, from_minor_units, to_minor_units
from mixplan.model.budget import Budget, ChannelBudget
from mixplan.model.calendar import CalendarEvent, CategoryRule, ChannelPolicy, ContentPolicy, KpiTarget
from mixplan.model.channel import AdOverrides, Channel, PostingOverrides
from mixplan.model.content import ContentItem, MediaInfo
from mixplan.model.curves import CurvePoint, FittedCurveRef, HillCurve, PiecewiseCurve, ResponseCurve
from mixplan.model.objective import Objective
from mixplan.model.plan import Boost, Plan, ScheduledPost, SolveReport, SpendAllocation, Totals
from mixplan.model.platform import AdRules, FormatSpec, PlatformSpec, PostingRules, SourcedFact
from mixplan.model.scenario import Horizon, Scenario

__all__ = [
    "AdOverrides",
    "AdRules",
    "AudienceOverrides",
    "AudienceProfile",
    "Boost",
    "Budget",
    "CalendarEvent",
    "CategoryRule",
    "Channel",
    "ChannelBudget",
    "ChannelPolicy",
    "ContentItem",
    "ContentPolicy",
    "CurvePoint",
    "FittedCurveRef",
    "FormatRates",
    "FormatSpec",
    "HillCurve",
    "Horizon",
    "KpiTarget",
    "MediaInfo",
    "Money",
    "Objective",
    "PiecewiseCurve",
    "Plan",
    "PlatformSpec",
    "PostingOverrides",
    "PostingRules",
    "ResponseCurve",
    "Scenario",
    "ScheduledPost",
    "SolveReport",
    "SourcedFact",
    "SpendAllocation",
    "StrictModel",
    "Totals",
    "from_minor_units",
    "to_minor_units",
]
