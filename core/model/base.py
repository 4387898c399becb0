"""Shared building blocks of the domain model: the strict base class, money and rates."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from mixplan.errors import shorten
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, ValidationInfo, model_validator

MINOR_UNITS_PER_MAJOR = 100

MAX_AMOUNT = Decimal("1000000000000")
"""Largest amount of money (in major units, e.g. euros) any input may state: one trillion.

Far above any real budget or revenue, far below what the solver's 64-bit integer cents can hold.
"""

MAX_TOTAL_AMOUNT = Decimal("90000000000000000")
"""Largest amount a plan's computed totals may reach: what 64-bit integer cents can hold."""


class StrictModel(BaseModel):
    """Base of every input model: unknown fields are errors and values are validated on assignment.

    Scalars are taken strictly (:func:`strict_scalar`): a boolean is never a number, a number is
    never written as a string, and text holds no NUL byte or other control character.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True, validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _strict_scalars(cls, data: Any, info: ValidationInfo) -> Any:
        quoted_numbers = not (isinstance(info.context, dict) and info.context.get(STRICT_NUMBERS))
        if isinstance(data, dict):
            for name, value in data.items():
                if not isinstance(value, (bool, str)) or not isinstance(name, str):
                    continue
                field = cls.model_fields.get(name)
                if field is not None:
                    try:
                        strict_scalar(value, _field_kinds(cls, name, field.annotation), quoted_numbers)
                    except ValueError as exc:
                        raise ValueError(f"{FIELD_MARK}{name}{FIELD_MARK}{exc}") from None
        return data


FIELD_MARK = "\x1f"
"""Wraps the field name at the start of a model-level error that belongs to one field (see mixplan.loading)."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_KINDS: dict[tuple[type, str], frozenset[type]] = {}


def _field_kinds(model: type, name: str, annotation: Any) -> frozenset[type]:
    """:func:`_scalar_kinds` of a model's field, worked out once per model and field."""
    key = (model, name)
    kinds = _KINDS.get(key)
    if kinds is None:
        kinds = _KINDS[key] = _scalar_kinds(annotation)
    return kinds


def _scalar_kinds(annotation: Any) -> frozenset[type]:
    """The plain types a field accepts (bool, int, float, Decimal, str, …), looking through Optional,
    unions and Annotated; empty when it holds models, lists or mappings only."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _scalar_kinds(get_args(annotation)[0])
    if origin in (Union, UnionType):
        return frozenset().union(*(_scalar_kinds(arg) for arg in get_args(annotation)))
    if origin is Literal:
        return frozenset(type(arg) for arg in get_args(annotation))
    if isinstance(annotation, type) and annotation in (bool, int, float, Decimal, str):
        return frozenset({annotation})
    return frozenset()


def split_field_mark(message: str) -> tuple[str | None, str]:
    """(field, message) of a model-level error that names one field (:data:`FIELD_MARK`); (None, message) otherwise."""
    if message.startswith(FIELD_MARK) and message.count(FIELD_MARK) >= 2:
        _, name, rest = message.split(FIELD_MARK, 2)
        return name, rest
    return None, message


STRICT_NUMBERS = "mixplan_strict_numbers"
"""Validation context key: when true, an integer or float written as text is refused. Scenario
files (YAML, JSON, TOML) have typed numbers and are read with it; CSV rows, all text, are not."""


def strict_scalar(value: Any, kinds: frozenset[type], quoted_numbers: bool = False) -> Any:
    """`value` unchanged if it is an honest value of `kinds`; a ValueError otherwise.

    Refuses a boolean where a number goes (``days: true`` is not a 1-day plan), a string where an
    integer or float goes (``days: "7"``), and text with a NUL byte or another control character
    (tabs and line breaks stay allowed). Decimal fields keep their string form (money is "12.50").
    With `quoted_numbers` a string is accepted where an integer or float goes (CSV input).
    """
    numeric = kinds & {int, float, Decimal}
    if isinstance(value, bool) and numeric and bool not in kinds:
        raise ValueError(f"must be a number, not the boolean {str(value).lower()}")
    if isinstance(value, str):
        if numeric and str not in kinds and Decimal not in kinds and not quoted_numbers:
            raise ValueError(f"must be a number written without quotes, not the text {shorten(repr(value), 40)}")
        if _CONTROL.search(value):
            raise ValueError("contains a NUL byte or another control character; remove it")
    return value


def _to_decimal(value: Any, ceiling: Decimal = MAX_AMOUNT) -> Decimal:
    """Turn user input into an exact Decimal, refusing NaN, infinities, booleans, drifting floats and
    amounts whose magnitude is above `ceiling`."""
    if isinstance(value, bool):
        raise ValueError("expected an amount of money such as 12.50, got a boolean")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError("amount must be a finite number, not NaN or infinity")
        # repr() gives the shortest decimal that round-trips, so 0.1 becomes 0.1, not 0.1000000000000000055
        result = Decimal(repr(value))
    elif isinstance(value, str):
        written = value.strip().replace("_", "")
        if not written.isascii():  # Decimal() reads Arabic-Indic or full-width digits as if they were 0-9
            raise ValueError(f"{shorten(repr(value), 40)} is not an amount of money; write it with the digits 0-9")
        try:
            result = Decimal(written)
        except InvalidOperation:
            raise ValueError(f"{shorten(repr(value), 40)} is not an amount of money; write it like 12.50") from None
    else:
        raise ValueError(f"expected an amount of money such as 12.50, got {type(value).__name__}")
    if not result.is_finite():
        raise ValueError("amount must be a finite number, not NaN or infinity")
    # Compare exponents first: abs() or quantize() of 1e999999999 overflows the decimal context.
    if result and result.adjusted() < -30:
        raise ValueError(f"{shorten(str(result), 30)} has more than 2 decimal places; amounts are in cents at most")
    if result and (result.adjusted() > 30 or abs(result) > ceiling):
        shown = str(result) if len(str(result)) <= 30 else shorten(str(result), 30)
        raise ValueError(f"amount {shown} is too large; amounts must be at most {ceiling:,} (in major units)")
    if result != result.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN):
        raise ValueError(f"{result} has more than 2 decimal places; amounts are in cents at most")
    return result.quantize(Decimal("0.01"))


def _non_negative_money(value: Any) -> Decimal:
    amount = _to_decimal(value)
    if amount < 0:
        raise ValueError(f"amount must not be negative, got {amount}")
    return amount


def _non_negative_total(value: Any) -> Decimal:
    amount = _to_decimal(value, MAX_TOTAL_AMOUNT)
    if amount < 0:
        raise ValueError(f"amount must not be negative, got {amount}")
    return amount


Money = Annotated[
    Decimal,
    BeforeValidator(_non_negative_money),
    PlainSerializer(lambda d: str(d), return_type=str, when_used="json"),
    Field(json_schema_extra={"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"}),
]
"""A non-negative amount of money with at most two decimals and at most MAX_AMOUNT, stored as Decimal,
serialized as a string."""

MoneyTotal = Annotated[
    Decimal,
    BeforeValidator(_non_negative_total),
    PlainSerializer(lambda d: str(d), return_type=str, when_used="json"),
    Field(json_schema_extra={"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"}),
]
"""A computed non-negative amount (a plan's revenue, totals) that may exceed MAX_AMOUNT, up to
MAX_TOTAL_AMOUNT."""

SignedMoney = Annotated[
    Decimal,
    BeforeValidator(lambda value: _to_decimal(value, MAX_TOTAL_AMOUNT)),
    PlainSerializer(lambda d: str(d), return_type=str, when_used="json"),
]
"""A computed amount of money that may be negative (profits, differences), magnitude up to MAX_TOTAL_AMOUNT."""

Rate = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
"""A probability or share between 0 and 1."""

PositiveFloat = Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
NonNegativeFloat = Annotated[float, Field(ge=0.0, le=1e12, allow_inf_nan=False)]
"""A finite number from 0 to 10^12 (relative weights such as hourly activity; sums of them stay finite)."""

MAX_AUDIENCE = 10_000_000_000
"""Largest audience size accepted: ten billion, more than any platform's whole user base."""

MAX_POST_COUNT = 100_000
"""Largest post count a limit or rule may state: more than one post per slot of the longest horizon."""

MAX_HORIZON_HOURS = 366 * 24
"""Hours in the longest horizon (366 days): the most a cooldown or rule window may span."""

Identifier = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
"""An id made of letters, digits, '_', '.' and '-', starting with a letter or digit."""


def to_minor_units(amount: Decimal) -> int:
    """Convert a money amount to integer minor units (cents)."""
    return int((amount * MINOR_UNITS_PER_MAJOR).to_integral_value(rounding=ROUND_HALF_EVEN))


def from_minor_units(minor: int) -> Decimal:
    """Convert integer minor units (cents) back to a money amount."""
    return (Decimal(minor) / MINOR_UNITS_PER_MAJOR).quantize(Decimal("0.01"))
