"""History import at scale: time and peak memory of streaming a 1,000,000-row CSV into the store.

Writes a history CSV of ``--rows`` rows (``--channels`` channels × as many days as needed, every
optional column filled), then runs ``mixplan.history.import_history`` in a fresh child process
and reports its wall time, its CPU time (user + system: what the import costs when the machine
is not shared; wall time also counts waiting for other processes — the 1-minute load average is
printed with each line), and peak resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``),
next to the child's peak after importing mixplan and opening the store (the fixed cost), on a
fresh SQLite file and, with ``--postgres``, on a throw-away PostgreSQL server
(tests/support/postgres.py). A second run re-imports the same file (every row an update), and a
third imports a copy whose last row is bad (everything read and validated, then rolled back).
Targets (issue 11): under 60 s and under 300 MB. Not a test.

    .venv/bin/python benchmarks/bench_import.py [--rows 1000000] [--channels 100] [--postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

TARGET_SECONDS = 60.0
TARGET_MB = 300.0


def write_history(path: Path, rows: int, channels: int) -> None:
    """A valid history CSV of `rows` rows: channel-major, consecutive days per channel."""
    days = -(-rows // channels)
    start = date(2000, 1, 1)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("date,channel,spend,revenue,impressions,clicks,conversions\n")
        for channel in range(channels):
            for day in range(days):
                if written == rows:
                    return
                spend = 50 + (day * 37 + channel * 11) % 400
                out.write(
                    f"{start + timedelta(days=day)},ch_{channel:04d},{spend}.{day % 100:02d},"
                    f"{spend * 3 + channel % 7}.25,{spend * 120},{spend * 2},{spend // 20}\n"
                )
                written += 1


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(path: str, url: str) -> None:
    """Import `path` into `url` in this process; print a JSON line with the figures."""
    from mixplan.errors import InputError
    from mixplan.history import import_history
    from mixplan.storage import Store

    with Store(url) as store:
        baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        cpu_started = _cpu_seconds()
        outcome: dict[str, object]
        try:
            result = import_history(Path(path), store)
            outcome = {"rows": result.rows, "inserted": result.inserted, "updated": result.updated}
        except InputError as error:
            outcome = {"refused": str(error)[:120]}
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        outcome |= {"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak_mb, "baseline_mb": baseline_mb}
        outcome["stored"] = len(store.history("ch_0000"))
    print(json.dumps(outcome))


def run_child(path: Path, url: str) -> dict[str, object]:
    """Run :func:`child` in a fresh interpreter (so the peak is the import's, not the generator's)."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(path), url], capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def report(label: str, figures: dict[str, object]) -> None:
    """One line of figures and whether they meet the targets."""
    seconds, cpu, peak, opened = (
        float(figures[key])  # type: ignore[arg-type]
        for key in ("seconds", "cpu_seconds", "peak_mb", "baseline_mb")
    )
    ok = seconds < TARGET_SECONDS and peak < TARGET_MB
    load = os.getloadavg()[0]
    what = figures.get("refused") or f"{figures['inserted']} new, {figures['updated']} updated"
    print(
        f"{label:<28} {seconds:7.1f} s (CPU {cpu:5.1f} s)  peak {peak:6.0f} MB (store opened: {opened:.0f} MB)"
        f"  {'meets' if ok else 'MISSES'} <{TARGET_SECONDS:.0f} s, <{TARGET_MB:.0f} MB  [{what}] load {load:.1f}"
    )


def bench(url_of: dict[str, str], rows: int, channels: int, folder: Path) -> None:
    """Generate the files and run the three imports on every database."""
    good = folder / "history.csv"
    write_history(good, rows, channels)
    bad = folder / "bad.csv"
    bad.write_bytes(good.read_bytes() + b"2099-01-01,ch_0000,oops,1,,,\n")
    print(f"{rows:,} rows, {channels} channels, {good.stat().st_size / 1e6:.0f} MB of CSV")
    for name, url in url_of.items():
        report(f"{name}: first import", run_child(good, url))
        report(f"{name}: re-import (updates)", run_child(good, url))
        report(f"{name}: bad last row", run_child(bad, url))


def main() -> None:
    """Parse the options and run the benchmark."""
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--channels", type=int, default=100)
    parser.add_argument("--postgres", action="store_true", help="Also run on a throw-away PostgreSQL server.")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        urls = {"SQLite": f"sqlite:///{folder / 'bench.sqlite'}"}
        server = None
        if options.postgres:
            sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
            from tests.support.postgres import PostgresServer, find_bindir

            bindir = find_bindir()
            if bindir is None:
                print("PostgreSQL server binaries not found; SQLite only")
            else:
                server = PostgresServer(bindir)
                server.start()
                urls["PostgreSQL"] = server.url(server.create_database())
        try:
            bench(urls, options.rows, options.channels, folder)
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
