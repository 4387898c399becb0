"""Where the database is and what happens when it cannot be opened."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest
from mixplan.errors import InputError, MixplanError
from mixplan.storage import StorageError, Store, default_database_url
from mixplan.storage.location import parse_database_url, shown_url
from support.plans import make_plan, make_scenario
from support.postgres import PostgresServer


def test_default_is_a_sqlite_file_in_the_user_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    expected = Path(platformdirs.user_data_dir("mixplan", appauthor=False)) / "mixplan.db"
    assert expected == tmp_path / "data" / "mixplan" / "mixplan.db"
    assert default_database_url() == f"sqlite:///{expected}"

    with Store() as store:  # creates the folder on first use
        scenario = make_scenario()
        run_id = store.save_run(scenario, make_plan(scenario))
    assert expected.is_file()
    with Store(f"sqlite:///{expected}") as same:
        assert same.get_run(run_id).scenario == scenario


def test_mixplan_db_environment_variable_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.db"
    monkeypatch.setenv("MIXPLAN_DB", f"sqlite:///{target}")
    assert default_database_url() == f"sqlite:///{target}"
    with Store() as store:
        assert store.list_runs() == []
    assert target.is_file()
    assert not (tmp_path / "xdg-data").exists()


def test_only_the_default_folder_is_created(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MIXPLAN_DB", str(tmp_path / "typo" / "plans.db"))
    with pytest.raises(InputError, match="does not exist"):
        Store()
    assert not (tmp_path / "typo").exists()


def test_a_plain_path_is_a_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with Store("plans.db") as store:
        assert store.url == f"sqlite:///{tmp_path / 'plans.db'}"
    assert (tmp_path / "plans.db").is_file()


def test_in_memory_sqlite_works_for_embedding() -> None:
    with Store("sqlite://") as store:
        scenario = make_scenario()
        run_id = store.save_run(scenario, make_plan(scenario))
        assert store.get_run(run_id).plan == make_plan(scenario)


def test_missing_folder_is_bad_input_naming_it(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        Store(f"sqlite:///{tmp_path}/no/such/folder/x.db")
    assert caught.value.field == "database"
    assert f"folder {tmp_path}/no/such/folder does not exist" in str(caught.value)


def test_a_file_that_is_not_a_database_is_bad_input(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(InputError, match="is not a SQLite database file"):
        Store(str(junk))
    assert junk.read_text().startswith("these are my notes")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("   ", "the database URL is empty"),
        ("nosuchdb://user@host/db", "unknown kind of database 'nosuchdb'"),
        ("postgresql+psycopg://u@h:notaport/db", "is not a database URL"),
    ],
)
def test_bad_urls_are_one_line_input_errors(url: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        Store(url)
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unreachable_postgresql_is_one_clear_message_without_the_password(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://mixplan:s3cret-pw@/mixplan?host={tmp_path}"  # no server has a socket here
    with pytest.raises(StorageError) as caught:
        Store(url)
    message = str(caught.value)
    assert isinstance(caught.value, MixplanError) and caught.value.exit_code == 1
    assert message.startswith("cannot open database postgresql+psycopg://mixplan:***@/mixplan?host=")
    assert "No such file or directory" in message
    assert "s3cret-pw" not in message
    assert "\n" not in message


def test_missing_postgresql_database_is_one_clear_message(postgres_server: PostgresServer) -> None:
    with pytest.raises(StorageError) as caught:
        Store(postgres_server.url("does_not_exist"))
    assert 'database "does_not_exist" does not exist' in str(caught.value)


def test_store_survives_a_postgresql_restart(postgres_server: PostgresServer) -> None:
    name = postgres_server.create_database()
    try:
        with Store(postgres_server.url(name)) as store:
            scenario = make_scenario()
            first = store.save_run(scenario, make_plan(scenario))
            postgres_server.restart()  # the pooled connection is now dead
            second = store.save_run(scenario, make_plan(scenario))
            assert [summary.id for summary in store.list_runs()] == [second, first]
    finally:
        postgres_server.drop_database(name)


def test_shown_url_hides_passwords() -> None:
    url = parse_database_url("postgresql+psycopg://ann:hunter2@db.internal:5433/plans")
    assert shown_url(url) == "postgresql+psycopg://ann:***@db.internal:5433/plans"
    with pytest.raises(StorageError) as caught:
        Store("postgresql+psycopg://ann:hunter2@127.0.0.1:1/plans?connect_timeout=2")
    assert "hunter2" not in str(caught.value)
    assert "ann:***@127.0.0.1:1/plans" in str(caught.value)
