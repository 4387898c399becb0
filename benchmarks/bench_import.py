"""Imports at scale: time and peak memory of streaming a 1,000,000-row CSV into the store.

Three kinds of file (``--kind``, default all): a history CSV (``mixplan history import``), an
actuals CSV of channel-day rows and an actuals CSV of post rows (``mixplan actuals import``), each
of ``--rows`` rows over ``--channels`` channels with every optional column filled. Each import
runs in a fresh child process; the benchmark reports its wall time, its CPU time (user + system:
what the import costs when the machine is not shared; wall time also counts waiting for other
processes — the 1-minute load average is printed with each line), and peak resident memory
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``), next to the child's peak after importing mixplan
and opening the store (the fixed cost), on a fresh SQLite file and, with ``--postgres``, on a
throw-away PostgreSQL server (tests/support/postgres.py; its backend's CPU time, which the child's
does not include, is shown as ``server``). A second run re-imports the same file (every row an
update), and a third imports a copy whose last row is bad (everything read and validated, then
rolled back). Targets (issue 11): under 60 s and under 300 MB. Not a test.

    .venv/bin/python benchmarks/bench_import.py [--rows 1000000] [--channels 100] [--kind history] [--postgres]
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
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

TARGET_SECONDS = 60.0
TARGET_MB = 300.0


def _day_rows(rows: int, channels: int) -> Iterator[tuple[int, int, date, int]]:
    """(channel, day number, day, spend) of `rows` channel-days: channel-major, consecutive days per channel."""
    days = -(-rows // channels)
    start = date(2000, 1, 1)
    for written in range(rows):
        channel, day = divmod(written, days)
        yield channel, day, start + timedelta(days=day), 50 + (day * 37 + channel * 11) % 400


def write_history(path: Path, rows: int, channels: int) -> None:
    """A valid history CSV of `rows` rows: channel-major, consecutive days per channel."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("date,channel,spend,revenue,impressions,clicks,conversions\n")
        for channel, day, when, spend in _day_rows(rows, channels):
            out.write(
                f"{when},ch_{channel:04d},{spend}.{day % 100:02d},"
                f"{spend * 3 + channel % 7}.25,{spend * 120},{spend * 2},{spend // 20}\n"
            )


def write_actual_days(path: Path, rows: int, channels: int) -> None:
    """A valid actuals CSV of `rows` channel-day rows (delivered spend per channel and day)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("kind,date,channel,spend,revenue,impressions,clicks,orders\n")
        for channel, day, when, spend in _day_rows(rows, channels):
            out.write(
                f"day,{when},ch_{channel:04d},{spend}.{day % 100:02d},{spend * 3 + channel % 7}.25,"
                f"{spend * 120},{spend * 2},{spend // 20}\n"
            )


def write_actual_posts(path: Path, rows: int, channels: int) -> None:
    """A valid actuals CSV of `rows` post rows: four posts a day per channel, times with a +02:00 offset."""
    start = datetime(2000, 1, 1, tzinfo=timezone(timedelta(hours=2)))
    per_channel = -(-rows // channels)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("content,channel,published_at,impressions,engagements,clicks,orders,revenue\n")
        for written in range(rows):
            channel, post = divmod(written, per_channel)
            when = (start + timedelta(hours=6 * post)).isoformat()
            out.write(
                f"post_{post:07d},ch_{channel:04d},{when},{post % 9000},{post % 700},{post % 300},{post % 7},"
                f"{post % 500}.{post % 100:02d}\n"
            )


WRITERS = {"history": write_history, "days": write_actual_days, "posts": write_actual_posts}
BAD_ROWS = {
    "history": "2099-01-01,ch_0000,oops,1,,,\n",
    "days": "day,2099-01-01,ch_0000,oops,1,,,\n",
    "posts": "late,ch_0000,2099-01-01T00:00:00+00:00,1,1,1,1,oops\n",
}


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(kind: str, path: str, url: str) -> None:
    """Import `path` (a file of `kind`) into `url` in this process; print a JSON line with the figures."""
    from mixplan.actuals.importing import import_actuals
    from mixplan.errors import InputError
    from mixplan.history import import_history
    from mixplan.storage import Store

    with Store(url) as store:
        baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        cpu_started = _cpu_seconds()
        outcome: dict[str, object]
        try:
            if kind == "history":
                result = import_history(Path(path), store)
                outcome = {"rows": result.rows, "inserted": result.inserted, "updated": result.updated}
            else:
                actual = import_actuals(Path(path), store)
                inserted, updated = (
                    (actual.posts_inserted, actual.posts_updated)
                    if kind == "posts"
                    else (actual.days_inserted, actual.days_updated)
                )
                outcome = {"rows": actual.posts + actual.days, "inserted": inserted, "updated": updated}
        except InputError as error:
            outcome = {"refused": str(error)[:120]}
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        outcome |= {"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak_mb, "baseline_mb": baseline_mb}
        outcome["stored"] = len(store.post_actuals("ch_0000") if kind == "posts" else store.history("ch_0000"))
    print(json.dumps(outcome))


def _server_cpu(data: Path | None) -> float:
    """CPU seconds of the PostgreSQL server's ended children (backends), from the postmaster's /proc entry."""
    if data is None:
        return 0.0
    pid = (data / "postmaster.pid").read_text().split()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")  # cutime + cstime


def run_child(kind: str, path: Path, url: str, server_data: Path | None) -> dict[str, object]:
    """Run :func:`child` in a fresh interpreter (so the peak is the import's, not the generator's)."""
    server_before = _server_cpu(server_data)
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path), url], capture_output=True, text=True, check=True
    )
    time.sleep(0.5)  # let the postmaster reap the ended backend
    figures = dict(json.loads(done.stdout.strip().splitlines()[-1]))
    if server_data is not None:
        figures["server_cpu"] = _server_cpu(server_data) - server_before
    return figures


def report(label: str, figures: dict[str, object]) -> None:
    """One line of figures and whether they meet the targets."""
    seconds, cpu, peak, opened = (
        float(figures[key])  # type: ignore[arg-type]
        for key in ("seconds", "cpu_seconds", "peak_mb", "baseline_mb")
    )
    ok = seconds < TARGET_SECONDS and peak < TARGET_MB
    load = os.getloadavg()[0]
    what = figures.get("refused") or f"{figures['inserted']} new, {figures['updated']} updated"
    server = f" + server {float(figures['server_cpu']):4.1f} s" if "server_cpu" in figures else ""  # type: ignore[arg-type]
    print(
        f"{label:<36} {seconds:6.1f} s (CPU {cpu:5.1f} s{server})  peak {peak:4.0f} MB (opened: {opened:.0f} MB)"
        f"  {'meets' if ok else 'MISSES'} <{TARGET_SECONDS:.0f} s, <{TARGET_MB:.0f} MB  [{what}] load {load:.1f}",
        flush=True,
    )


def bench(
    url_of: dict[str, str], kinds: list[str], rows: int, channels: int, folder: Path, server_data: Path | None
) -> None:
    """Generate the files and run the three imports of each kind on every database."""
    for kind in kinds:
        good = folder / f"{kind}.csv"
        WRITERS[kind](good, rows, channels)
        bad = folder / f"{kind}-bad.csv"
        bad.write_bytes(good.read_bytes() + BAD_ROWS[kind].encode())
        print(f"{kind}: {rows:,} rows, {channels} channels, {good.stat().st_size / 1e6:.0f} MB of CSV", flush=True)
        for name, url in url_of.items():
            data = server_data if name == "PostgreSQL" else None
            report(f"{kind} {name}: first import", run_child(kind, good, url, data))
            report(f"{kind} {name}: re-import (updates)", run_child(kind, good, url, data))
            report(f"{kind} {name}: bad last row", run_child(kind, bad, url, data))
        good.unlink()
        bad.unlink()


def main() -> None:
    """Parse the options and run the benchmark."""
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--channels", type=int, default=100)
    parser.add_argument("--kind", choices=[*WRITERS, "all"], default="all", help="Which file to import (default all).")
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
            kinds = list(WRITERS) if options.kind == "all" else [options.kind]
            bench(urls, kinds, options.rows, options.channels, folder, server.data if server else None)
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
