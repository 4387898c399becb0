"""Storing plan runs: round trip, listing, unknown ids, scenario dedup, exact money, aware times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from mixplan.errors import InputError
from mixplan.model import Plan
from mixplan.storage import Store, scenario_hash
from sqlalchemy import text
from support.plans import TOKEN_ENV_VAR, make_plan, make_scenario


def _saved(store: Store, name: str = "Small shop", variant: int = 0) -> tuple[int, Plan]:
    scenario = make_scenario(name=name)
    plan = make_plan(scenario, scenario_hash=scenario_hash(scenario), variant=variant)
    return store.save_run(scenario, plan), plan


def test_run_round_trips_to_an_equal_plan_and_scenario(store: Store) -> None:
    scenario = make_scenario()
    plan = make_plan(scenario, scenario_hash=scenario_hash(scenario))
    before = datetime.now(UTC)

    run_id = store.save_run(scenario, plan)
    stored = store.get_run(run_id)

    assert stored.id == run_id
    assert stored.plan == plan
    assert stored.plan.model_dump(mode="json") == plan.model_dump(mode="json")
    assert stored.scenario == scenario
    assert scenario_hash(stored.scenario) == scenario_hash(scenario)
    assert stored.created_at.tzinfo is not None
    assert before - timedelta(seconds=5) <= stored.created_at <= datetime.now(UTC) + timedelta(seconds=5)


def test_post_times_come_back_aware_in_the_brand_time_zone(store: Store) -> None:
    run_id, plan = _saved(store)
    posts = store.get_run(run_id).plan.posts
    assert [post.start for post in posts] == [post.start for post in plan.posts]
    for stored, original in zip(posts, plan.posts, strict=True):
        assert stored.start.utcoffset() == original.start.utcoffset() == timedelta(hours=1)
        assert stored.start.hour == original.start.hour


def test_money_is_stored_as_integer_cents(store: Store) -> None:
    scenario = make_scenario()
    plan = make_plan(scenario).model_copy(deep=True)
    plan.spend[0].amount = Decimal("98765432.19")
    run_id = store.save_run(scenario, plan)

    with store.engine.connect() as connection:
        amounts = (
            connection.execute(
                text("SELECT amount_minor FROM spend_allocations WHERE run_id = :id ORDER BY position"), {"id": run_id}
            )
            .scalars()
            .all()
        )
        spend_minor = connection.execute(text("SELECT spend_minor FROM runs WHERE id = :id"), {"id": run_id}).scalar()
    assert amounts[0] == 9876543219
    assert all(isinstance(amount, int) for amount in amounts)
    assert spend_minor == int(plan.totals.spend * 100)
    assert store.get_run(run_id).plan.spend[0].amount == Decimal("98765432.19")


def test_plan_without_posts_spend_or_boosts_round_trips(store: Store) -> None:
    scenario = make_scenario()
    plan = make_plan(scenario).model_copy(update={"posts": [], "spend": [], "boosts": []})
    run_id = store.save_run(scenario, plan)
    assert store.get_run(run_id).plan == plan


def test_same_scenario_is_stored_once(store: Store) -> None:
    first, _ = _saved(store)
    second, _ = _saved(store)
    third, _ = _saved(store, name="Another shop")

    with store.engine.connect() as connection:
        scenario_ids = (
            connection.execute(
                text("SELECT scenario_id FROM runs WHERE id IN (:a, :b, :c) ORDER BY id"),
                {"a": first, "b": second, "c": third},
            )
            .scalars()
            .all()
        )
        count = connection.execute(text("SELECT COUNT(*) FROM scenarios")).scalar()
    assert scenario_ids[0] == scenario_ids[1] != scenario_ids[2]
    assert count == 2
    assert store.get_run(third).scenario.name == "Another shop"


def test_list_runs_newest_first_with_summary_figures(store: Store) -> None:
    ids = [_saved(store, name=f"Shop {n}", variant=n)[0] for n in range(3)]
    summaries = store.list_runs()

    assert [summary.id for summary in summaries] == list(reversed(ids))
    newest = summaries[0]
    plan = store.get_run(ids[-1]).plan
    assert newest.scenario_name == "Shop 2"
    assert newest.status == plan.report.status == "optimal"
    assert summaries[1].status == "feasible"
    assert newest.objective_kind == "max_revenue"
    assert newest.spend == plan.totals.spend
    assert newest.revenue == plan.totals.revenue
    assert newest.roas == plan.totals.roas
    assert newest.gap == plan.report.gap
    assert newest.posts == len(plan.posts)
    assert newest.currency == "EUR"
    assert newest.created_at.tzinfo is not None


def test_list_runs_respects_limit_and_rejects_a_bad_one(store: Store) -> None:
    ids = [_saved(store, variant=n)[0] for n in range(4)]
    assert [summary.id for summary in store.list_runs(limit=2)] == [ids[3], ids[2]]
    with pytest.raises(InputError, match="limit"):
        store.list_runs(limit=0)


def test_list_runs_on_an_empty_database(store: Store) -> None:
    assert store.list_runs() == []


@pytest.mark.parametrize("run_id", [42, 0, -3, 2**40])
def test_unknown_run_id_names_the_fix(store: Store, run_id: int) -> None:
    _saved(store)
    with pytest.raises(InputError) as caught:
        store.get_run(run_id)
    assert caught.value.field == "run"
    assert str(caught.value) == f"run: no run with id {run_id}; see `mixplan runs list`"
    assert caught.value.exit_code == 2


def test_run_id_that_is_not_a_number_is_bad_input(store: Store) -> None:
    typed_in_by_hand: Any = "7"
    with pytest.raises(InputError, match="not a run id"):
        store.get_run(typed_in_by_hand)


def test_credentials_are_stored_only_as_references(
    store: Store, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = "EAAB-very-secret-token-4c7d91"
    monkeypatch.setenv(TOKEN_ENV_VAR, token)
    run_id, _ = _saved(store)

    with store.engine.connect() as connection:
        document = connection.execute(text("SELECT document FROM scenarios")).scalar()
        dump = "\n".join(
            str(row)
            for table in ("scenarios", "runs", "scheduled_posts", "spend_allocations", "boosts")
            for row in connection.execute(text(f"SELECT * FROM {table}"))
        )
    assert f"$env:{TOKEN_ENV_VAR}" in str(document)
    assert token not in dump
    assert store.get_run(run_id).scenario.channel("ig_main").credentials == {"access_token": f"$env:{TOKEN_ENV_VAR}"}


def test_literal_credential_is_refused_and_nothing_is_written(store: Store) -> None:
    scenario = make_scenario()
    channel = scenario.channels[0].model_copy(update={"credentials": {"access_token": "EAAB-literal"}})
    leaky = scenario.model_copy(update={"channels": [channel, scenario.channels[1]]})

    with pytest.raises(InputError) as caught:
        store.save_run(leaky, make_plan(scenario))
    assert caught.value.field == "channels[0].credentials.access_token"
    assert "EAAB-literal" not in str(caught.value)
    assert store.list_runs() == []


def test_scenario_hash_is_stable_and_content_sensitive() -> None:
    scenario = make_scenario()
    same = make_scenario()
    other = make_scenario(budget="1500.01")
    assert scenario_hash(scenario) == scenario_hash(same)
    assert len(scenario_hash(scenario)) == 64
    assert scenario_hash(scenario) != scenario_hash(other)
    # defaults written out explicitly hash like defaults left implicit
    explicit = make_scenario().model_copy(update={"objective": make_scenario().objective.model_copy()})
    assert scenario_hash(explicit) == scenario_hash(scenario)


def test_store_is_a_context_manager(database_url: str) -> None:
    with Store(database_url) as store:
        run_id, plan = _saved(store)
    with Store(database_url) as reopened:
        assert reopened.get_run(run_id).plan == plan
