"""The migrations ship inside the wheel: every file alembic needs is covered by package data."""

from __future__ import annotations

import tomllib
from pathlib import Path

from mixplan.storage.migrate import MIGRATIONS_DIR, script_directory

REPO = Path(__file__).resolve().parents[3]


def test_every_migration_file_is_package_data() -> None:
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "mixplan.storage" in setuptools["packages"]
    patterns = setuptools["package-data"]["mixplan.storage"]
    storage_dir = REPO / "core" / "storage"
    files = [
        path.relative_to(storage_dir).as_posix()
        for path in (storage_dir / "migrations").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]
    assert "migrations/env.py" in files
    shipped = {path.relative_to(storage_dir).as_posix() for pattern in patterns for path in storage_dir.glob(pattern)}
    assert sorted(set(files) - shipped) == []


def test_revisions_load_from_the_package_folder() -> None:
    assert MIGRATIONS_DIR == REPO / "core" / "storage" / "migrations"
    revisions = {script.revision: script.down_revision for script in script_directory().walk_revisions()}
    assert revisions == {
        "0001": None,
        "0002": "0001",
        "0003": "0002",
        "0004_actuals": "0003",
        "0005_brands": "0004_actuals",
        "0006_run_warnings": "0005_brands",
    }
