"""The runnable examples in examples/ work as documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_embedding_example_plans_and_verifies_without_files_or_database(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "embed.py")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "verified: True" in result.stdout
    assert "ROAS" in result.stdout
    assert not list(tmp_path.rglob("*.db")), "embedding must not create a database"
