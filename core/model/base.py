"""Shared building blocks of the domain model: the strict base class, money and rates."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

MINOR_UNITS_PER_MAJOR = 100


class StrictModel(BaseModel):
    """Base of every input model: unknown fields are errors and values are validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, validate_default=True)


def _to_decimal(value: Any) -> Decimal:
    """Turn user input into an exact Decimal, refusing NaN, infinities, booleans and drifting floats."""
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
        try:
            result = Decimal(value.strip().replace("_", ""))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not an amount of money; write it like 12.50") from None
    else:
        raise ValueError(f"expected an amount of money such as 12.50, got {type(value).__name__}")
    if not result.is_finite():
        raise ValueError("amount must be a finite number, not NaN or infinity")
    if result != result.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN):
        raise ValueError(f"{result} has more than 2 decimal places; amounts are in cents at most")
    return result.quantize(Decimal("0.01"))


def _non_negative_money(value: Any) -> Decimal:
    amount = _to_decimal(value)
    if amount < 0:
        raise ValueError(f"amount must not be negative, got {amount}")
    return amount


Money = Annotated[
    Decimal,
    BeforeValidator(_non_negative_money),
    PlainSerializer(lambda d: str(d), return_type=str, when_used="json"),
    Field(json_schema_extra={"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"}),
]
"""A non-negative amount of money with at most two decimals, stored as Decimal, serialized as a string."""

SignedMoney = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    PlainSerializer(lambda d: str(d), return_type=str, when_used="json"),
]
"""An amount of money that may be negative (profits, differences)."""

Rate = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
"""A probability or share between 0 and 1."""

PositiveFloat = Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
NonNegativeFloat = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]

Identifier = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
"""An id made of letters, digits, '_', '.' and '-', starting with a letter or digit."""


def to_minor_units(amount: Decimal) -> int:
    """Convert a money amount to integer minor units (cents)."""
    return int((amount * MINOR_UNITS_PER_MAJOR).to_integral_value(rounding=ROUND_HALF_EVEN))


def from_minor_units(minor: int) -> Decimal:
    """Convert integer minor units (cents) back to a money amount."""
    return (Decimal(minor) / MINOR_UNITS_PER_MAJOR).quantize(Decimal("0.01"))
