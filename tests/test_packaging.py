"""The wheel holds every package folder under its `mixplan` name and no generic top-level names."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"core": "mixplan", "plugins": "mixplan/plugins", "solver": "mixplan/solver", "cli": "mixplan/cli"}
GENERIC = {"core", "cli", "plugins", "solver", "tests", "benchmarks", "examples"}


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
    )
    (wheel,) = out.glob("mixplan-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _package_folders() -> list[tuple[Path, str]]:
    found = []
    for folder, installed in FOLDERS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder)
            if "__pycache__" in relative.parts:
                continue
            # core/plugins would shadow mixplan.plugins; no such folder may exist
            found.append((init.parent, f"{installed}/{relative.as_posix()}".rstrip("/.")))
    return found


def test_every_package_folder_is_in_the_wheel(wheel_names: set[str]) -> None:
    missing = [
        f"{folder.relative_to(ROOT)} (as {installed})"
        for folder, installed in _package_folders()
        if f"{installed}/__init__.py".replace("/./", "/") not in wheel_names
    ]
    assert not missing, "add these to [tool.setuptools] packages in pyproject.toml: " + ", ".join(missing)


def test_no_generic_top_level_name_leaks(wheel_names: set[str]) -> None:
    top_level = {name.split("/", 1)[0] for name in wheel_names if "/" in name}
    assert not (top_level & GENERIC), f"generic names in the wheel: {sorted(top_level & GENERIC)}"
    assert "mixplan" in top_level


def test_migrations_and_typed_marker_ship(wheel_names: set[str]) -> None:
    assert "mixplan/py.typed" in wheel_names
    assert any(name.startswith("mixplan/storage/migrations/") for name in wheel_names)
