"""Declare a platform's defaults once, each with its source and year, and build the spec from them.

A plugin writes every default as a :class:`Sourced` value keyed by its field (``"max_posts_per_day"``,
``"rates.*.engagement_rate"``) and passes them to :func:`declare_platform`. The function builds the
:class:`~mixplan.model.PlatformSpec` from the values and its ``sources`` from the same declarations,
so the value in the spec, the row in ``PlatformSpec.sources`` and the row in ``docs/platforms.md``
(generated from ``sources``) cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from mixplan.model import AdRules, AudienceProfile, FormatRates, FormatSpec, PlatformSpec, PostingRules, SourcedFact
from mixplan.model.curves import HillCurve

T = TypeVar("T", covariant=True)

RATE_PREFIX = "rates.*."
"""Audience keys starting with this set one response rate, the same for every format."""


@dataclass(frozen=True)
class Sourced(Generic[T]):
    """A default value with where it comes from.

    ``source`` uses the tags of docs/platforms.md: [O] the platform's own docs, [3P] a third party,
    "nf" not found, "assumption" a value chosen without a source. ``year`` is the source's year (None
    where it states none). ``shown`` is how the docs write the value when it is not a plain number or
    word (a format, a 7×24 activity matrix); plain values are written from ``value`` itself.
    """

    value: T
    source: str
    year: int | None = None
    shown: str | None = None


def show_value(value: object) -> str:
    """How a default value is written in a fact: Decimals as is, None as 'none', floats without noise."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, HillCurve):
        return f"hill(max_revenue={value.max_revenue}, half_saturation={value.half_saturation}, shape={value.shape:g})"
    return str(value)


def fact(path: str, declared: Sourced[Any]) -> SourcedFact:
    """The documented row ``"<path> = <value>"`` of one declaration."""
    shown = declared.shown if declared.shown is not None else show_value(declared.value)
    return SourcedFact(fact=f"{path} = {shown}", source=declared.source, year=declared.year)


def _facts(prefix: str, declared: Mapping[str, Sourced[Any]]) -> list[SourcedFact]:
    return [fact(f"{prefix}.{name}", value) for name, value in declared.items()]


def _values(declared: Mapping[str, Sourced[Any]]) -> dict[str, Any]:
    return {name: value.value for name, value in declared.items()}


def _audience(declared: Mapping[str, Sourced[Any]], format_ids: Iterable[str]) -> AudienceProfile:
    fields = {name: value.value for name, value in declared.items() if not name.startswith(RATE_PREFIX)}
    rates = {name.removeprefix(RATE_PREFIX): value.value for name, value in declared.items() if name not in fields}
    if rates:
        fields["rates"] = {format_id: FormatRates(**rates) for format_id in format_ids}
    return AudienceProfile(**fields)


def declare_platform(
    *,
    id: str,
    name: str,
    formats: Sequence[Sourced[FormatSpec]],
    posting: Mapping[str, Sourced[Any]],
    ads: Mapping[str, Sourced[Any]],
    audience: Mapping[str, Sourced[Any]],
    default_curve: Sourced[HillCurve] | None = None,
    notes: Mapping[str, Sourced[str]] | None = None,
    api_hosts: Sequence[str] = (),
) -> PlatformSpec:
    """A fresh ``PlatformSpec`` built from sourced declarations, with ``sources`` listing every one.

    ``posting`` and ``ads`` are keyed by the fields of ``PostingRules`` and ``AdRules``; ``audience`` by
    those of ``AudienceProfile``, plus ``rates.*.<rate>`` for a response rate shared by every format.
    A platform that declares ``ads["boost_min_budget"]`` supports boosting posts. ``notes`` are facts
    that are no field, such as what the plugin's content check enforces (key ``"content check"``).
    Documented rows come in this order: formats, notes, posting, audience, ads, default curve.
    """
    format_specs = [declared.value.model_copy(deep=True) for declared in formats]
    sources = [fact(f"formats.{spec.id}", declared) for spec, declared in zip(format_specs, formats, strict=True)]
    sources += [fact(path, declared) for path, declared in (notes or {}).items()]
    sources += _facts("posting", posting) + _facts("audience", audience) + _facts("ads", ads)
    if default_curve is not None:
        sources.append(fact("default_curve", default_curve))
    ad_values = _values(ads)
    ad_values.setdefault("supports_boost", "boost_min_budget" in ads)
    return PlatformSpec(
        id=id,
        name=name,
        formats=format_specs,
        posting=PostingRules(**_values(posting)),
        ads=AdRules(**ad_values),
        audience=_audience(audience, (spec.id for spec in format_specs)),
        default_curve=None if default_curve is None else default_curve.value.model_copy(deep=True),
        sources=sources,
        api_hosts=list(api_hosts),
    )
