"""Money inputs are capped at one trillion; a plan's computed totals may go higher, up to int64 cents."""

from __future__ import annotations

from decimal import Decimal

import pytest
from mixplan.model.base import MAX_AMOUNT, Money, MoneyTotal, to_minor_units
from pydantic import TypeAdapter, ValidationError

MONEY: TypeAdapter[Decimal] = TypeAdapter(Money)
TOTAL: TypeAdapter[Decimal] = TypeAdapter(MoneyTotal)


def test_the_ceiling_itself_is_accepted_and_fits_int64_cents() -> None:
    assert MONEY.validate_python("1000000000000") == MAX_AMOUNT
    assert to_minor_units(MAX_AMOUNT) < 2**63


@pytest.mark.parametrize("value", ["1000000000000.01", "1e400", "-1e400", 10**30, 1e300])
def test_amounts_above_the_ceiling_are_refused_with_the_limit_named(value: object) -> None:
    with pytest.raises(ValidationError, match="at most 1,000,000,000,000"):
        MONEY.validate_python(value)


def test_computed_totals_may_exceed_the_input_ceiling_but_not_int64_cents() -> None:
    assert TOTAL.validate_python("5000000000000.00") == Decimal("5000000000000.00")
    with pytest.raises(ValidationError, match="at most 90,000,000,000,000,000"):
        TOTAL.validate_python("1e20")
