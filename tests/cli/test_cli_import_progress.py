"""On a terminal, a streamed import shows a rich row counter on stderr; in a pipe it shows nothing."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from mixplan.history import BATCH_ROWS


def _history(path: Path, rows: int) -> None:
    start = date(2020, 1, 1)
    lines = [f"{start + timedelta(days=n)},ig,{n % 500}.50,{n % 900}.25\n" for n in range(rows)]
    path.write_text("date,channel,spend,revenue\n" + "".join(lines), encoding="utf-8")


def _import(tmp_path: Path, terminal: bool) -> tuple[int, str, str]:
    """Run `mixplan history import` with stderr on a pseudo-terminal (or a pipe); (exit code, stdout, stderr)."""
    csv = tmp_path / "history.csv"
    _history(csv, 2 * BATCH_ROWS + 10)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    env["MIXPLAN_DB"] = f"sqlite:///{tmp_path / ('tty.db' if terminal else 'pipe.db')}"
    command = [sys.executable, "-m", "mixplan.cli", "history", "import", str(csv)]
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
        return done.returncode, done.stdout, done.stderr
    leader, follower = pty.openpty()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=follower, env=env) as child:
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed its end
                break
            if not chunk:
                break
            seen += chunk
        out = child.stdout.read().decode() if child.stdout else ""
        code = child.wait(timeout=300)
    os.close(leader)
    return code, out, seen.decode("utf-8", "replace")


def test_a_terminal_shows_the_row_counter(tmp_path: Path) -> None:
    code, out, err = _import(tmp_path, terminal=True)
    assert code == 0, err
    assert f"imported {2 * BATCH_ROWS + 10:,} rows" in out or f"imported {2 * BATCH_ROWS + 10} rows" in out, out
    assert "importing history.csv" in err and " rows" in err, err


def test_a_pipe_gets_no_progress(tmp_path: Path) -> None:
    code, _out, err = _import(tmp_path, terminal=False)
    assert code == 0, err
    assert "importing" not in err and err.strip() == "", err
