"""A throw-away PostgreSQL server for the tests.

Finds Debian's server binaries (``/usr/lib/postgresql/*/bin``), runs ``initdb`` into a fresh temporary
folder and starts the server listening only on a unix socket in that folder (no TCP port, so it
cannot clash with another server). As root the server runs as the ``postgres`` user (PostgreSQL
refuses to run as root), via ``runuser``. `stop()` shuts it down and removes the folder.
Install the binaries with ``.ci/install-postgres.sh``.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import NoReturn

import pytest

SERVER_USER = "postgres"
SUPERUSER = "postgres"
START_TIMEOUT_S = 60


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def find_bindir() -> Path | None:
    """The folder with ``initdb`` and ``pg_ctl`` of the newest installed PostgreSQL, or None."""
    candidates = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if candidates:
        newest = max(candidates, key=lambda path: _version_key(Path(path).parent.parent.name))
        return Path(newest).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    return None


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)) or (0,)


class PostgresServer:
    """One running throw-away cluster; `url(dbname)` gives a SQLAlchemy URL to one of its databases."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="mixplan-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._names = itertools.count(1)
        self._running = False
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise PostgresUnavailable(
                    f"running as root needs a {SERVER_USER!r} user to run the server; "
                    "Debian's postgresql package creates it (.ci/install-postgres.sh)"
                ) from None
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self._as_user = ["runuser", "-u", SERVER_USER, "--"]
        self.root.chmod(0o700)

    def start(self) -> None:
        """initdb and start the server; raises RuntimeError with the server log if it fails."""
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )
        options = " ".join(
            [
                f"-k {self.root}",
                "-c listen_addresses=''",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=50",
                "-c shared_buffers=32MB",
            ]
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            str(START_TIMEOUT_S),
            "-o",
            options,
            "start",
        )
        self._running = True

    def restart(self) -> None:
        """Restart the server (fast shutdown): every open connection is cut."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w", "restart")

    def stop(self) -> None:
        """Stop the server (fast shutdown) and delete its folder."""
        try:
            if self._running:
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
                self._running = False
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        """SQLAlchemy URL (psycopg 3) of database `dbname`, reached over the unix socket."""
        return f"postgresql+psycopg://{SUPERUSER}@/{dbname}?host={self.root}"

    def create_database(self) -> str:
        """Create a fresh, empty database and return its name."""
        name = f"mixplan_test_{next(self._names)}"
        self.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        """Drop a database, disconnecting anyone still connected to it."""
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def execute(self, sql: str) -> None:
        """Run one statement outside a transaction in the maintenance database."""
        import psycopg

        with psycopg.connect(host=str(self.root), user=SUPERUSER, dbname="postgres", autocommit=True) as conn:
            conn.execute(sql.encode())

    def _run(self, program: str, *args: str) -> None:
        command = [*self._as_user, str(self.bindir / program), *args]
        result = subprocess.run(command, cwd=self.root, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{program} failed with exit code {result.returncode}:\n{result.stdout}{result.stderr}\n{log}"
            )


def in_ci() -> bool:
    """True when running in CI (``CI=true``), where PostgreSQL tests must run, not skip."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def report_unavailable(reason: str) -> NoReturn:
    """Fail the test in CI (the server must be there), skip it with the reason elsewhere."""
    if in_ci():
        pytest.fail(f"CI must test PostgreSQL: {reason}", pytrace=False)
    pytest.skip(reason)


def start_server() -> PostgresServer:
    """Start a throw-away server; PostgresUnavailable if no binaries are installed."""
    bindir = find_bindir()
    if bindir is None:
        raise PostgresUnavailable(
            "PostgreSQL server binaries (initdb, pg_ctl) not found; install them with `bash .ci/install-postgres.sh`"
        )
    server = PostgresServer(bindir)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server
