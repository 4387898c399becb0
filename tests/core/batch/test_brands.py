"""Brands in storage: two brands with the same channel ids never see each other's data."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from mixplan.errors import InputError
from mixplan.storage import Store
from support.plans import make_fitted_curve, make_history, make_plan, make_scenario, make_snapshot

WHEN = datetime(2026, 11, 1, tzinfo=UTC)


def test_history_and_curves_of_two_brands_with_the_same_channel_ids_stay_apart(store: Store) -> None:
    north, south = store.for_brand("north"), store.for_brand("south")
    north.upsert_history(make_history("ig_shop", 5, scale=1))
    result = south.upsert_history(make_history("ig_shop", 5, scale=3))
    assert result.inserted == 5 and result.updated == 0  # not an overwrite of north's days
    assert north.history() == make_history("ig_shop", 5, scale=1)
    assert south.history() == make_history("ig_shop", 5, scale=3)
    assert store.history() == []  # the default brand has none

    north.save_fitted_curve(make_fitted_curve("ig_shop", WHEN, max_revenue="100.00"))
    south.save_fitted_curve(make_fitted_curve("ig_shop", WHEN, max_revenue="900.00"))
    north_curve, south_curve = north.latest_fitted_curve("ig_shop"), south.latest_fitted_curve("ig_shop")
    assert north_curve == make_fitted_curve("ig_shop", WHEN, max_revenue="100.00")
    assert south_curve == make_fitted_curve("ig_shop", WHEN, max_revenue="900.00")
    assert store.latest_fitted_curve("ig_shop") is None

    north.save_audience_snapshot(make_snapshot("ig_shop", WHEN, peak_hour=9))
    assert south.latest_audience("ig_shop") is None
    assert north.latest_audience("ig_shop") == make_snapshot("ig_shop", WHEN, peak_hour=9)


def test_runs_list_every_brand_unless_narrowed(store: Store) -> None:
    north = make_scenario("North shop").model_copy(update={"brand": "north"})
    south = make_scenario("South shop").model_copy(update={"brand": "south"})
    north_id = store.save_run(north, make_plan(north))
    south_id = store.save_run(south, make_plan(south))
    assert [(run.id, run.brand) for run in store.list_runs()] == [(south_id, "south"), (north_id, "north")]
    assert [run.id for run in store.list_runs(brand="north")] == [north_id]


def test_a_run_key_is_stored_once(store: Store) -> None:
    scenario = make_scenario()
    first = store.save_run(scenario, make_plan(scenario), run_key="default:abc")
    again = store.save_run(scenario, make_plan(scenario), run_key="default:abc")
    assert first == again
    assert len(store.list_runs()) == 1


def test_a_bad_brand_name_is_an_input_error(store: Store) -> None:
    with pytest.raises(InputError, match="brand"):
        store.for_brand("no spaces allowed")
