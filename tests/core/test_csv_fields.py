"""mixplan.csv_fields reads only spellings the models accept, into exactly the values the models give.

Hypothesis draws field texts near the plain forms (digits, separators, signs, spaces, non-ASCII
digits, long runs); each is read by csv_fields and validated by the model, and the two must agree.
"""

from __future__ import annotations

from datetime import UTC

from hypothesis import given, settings
from hypothesis import strategies as st
from mixplan import csv_fields
from mixplan.model.actuals import PostActual
from mixplan.model.base import to_minor_units
from mixplan.model.history import HistoryRow
from pydantic import ValidationError

_NEAR_NUMBERS = st.text(alphabet="0123456789._-+e ٣", max_size=22)
_NEAR_DAYS = st.text(alphabet="0123456789-T: ", min_size=8, max_size=12)
_NEAR_TIMES = st.text(alphabet="0123456789-T:+Z. ", min_size=16, max_size=27)
_NEAR_IDS = st.text(alphabet="abZ09_.- \x00é", max_size=90)


def _history(**fields: object) -> HistoryRow | None:
    values: dict[str, object] = {"day": "2026-01-01", "channel_id": "ig", "spend": "1", "revenue": "1", **fields}
    try:
        return HistoryRow.model_validate(values)
    except ValidationError:
        return None


@settings(max_examples=400, deadline=None)
@given(_NEAR_NUMBERS)
def test_money_agrees_with_the_model(text: str) -> None:
    read = csv_fields.money_minor(text)
    model = _history(spend=text)
    if read is not None:
        assert model is not None and to_minor_units(model.spend) == read


@settings(max_examples=400, deadline=None)
@given(_NEAR_NUMBERS)
def test_counts_agree_with_the_model(text: str) -> None:
    read = csv_fields.count(text)
    model = _history(clicks=text)
    if read is not None:
        assert model is not None and model.clicks == read


@settings(max_examples=300, deadline=None)
@given(_NEAR_DAYS)
def test_days_agree_with_the_model(text: str) -> None:
    read = csv_fields.day(text)
    model = _history(day=text)
    if read is not None:
        assert model is not None and model.day == read


@settings(max_examples=300, deadline=None)
@given(_NEAR_IDS)
def test_identifiers_agree_with_the_model(text: str) -> None:
    read = csv_fields.identifier(text)
    model = _history(channel_id=text)
    if read is not None:
        assert model is not None and model.channel_id == read


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(timezones=st.timezones()).map(lambda moment: moment.replace(microsecond=0).isoformat()) | _NEAR_TIMES
)
def test_aware_times_agree_with_the_model(text: str) -> None:
    read = csv_fields.aware_time(text)
    try:
        model = PostActual.model_validate({"content_id": "c", "channel_id": "ig", "published_at": text})
    except ValidationError:
        model = None
    if read is not None:
        assert model is not None
        assert model.published_at.astimezone(UTC) == read[0] and model.published_at.date() == read[1]


def test_plain_spellings_are_read_and_others_left_to_the_model() -> None:
    assert csv_fields.money_minor("12.5") == 1250 and csv_fields.money_minor("999999999999.99") == 99999999999999
    assert [csv_fields.money_minor(text) for text in ("1e2", "1_000", "-1", "1.234", "١٢", "", "1000000000000")] == [
        None
    ] * 7
    assert csv_fields.count("007") == 7 and csv_fields.count("+7") is None and csv_fields.count("1" * 19) is None
    assert csv_fields.day("2026-02-29") is None and str(csv_fields.day("2024-02-29")) == "2024-02-29"
    assert csv_fields.identifier("ch_01.x-y") == "ch_01.x-y" and csv_fields.identifier("ig\n") is None
    assert csv_fields.identifier("a" * 81) is None
    utc, local_day = csv_fields.aware_time("2026-11-02T00:30:00+02:00") or (None, None)
    assert utc is not None and utc.isoformat() == "2026-11-01T22:30:00+00:00" and str(local_day) == "2026-11-02"
    assert csv_fields.aware_time("2026-11-02T00:30:00") is None  # naive: the model refuses it
    assert csv_fields.aware_time("0001-01-01T00:30:00+02:00") is None  # before year 1 in UTC
