"""Start-up cost of commands that never solve: CPU seconds (user + system) of a fresh `mixplan` process.

Measured with ``resource.getrusage(RUSAGE_CHILDREN)`` around each run, best of REPEATS, against the
baseline of a bare ``python -c pass`` in the same process (so the ratio does not depend on how busy
the machine is). Also lists which heavy modules each command imported. Run:

    .venv/bin/python benchmarks/bench_startup.py

Target (issue 10): `mixplan --help` at most 0.3 s of CPU. Figures go in docs/performance.md.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile

REPEATS = 5
HEAVY = ("numpy", "scipy", "httpx", "ortools", "mixplan.solver", "mixplan.compile", "sqlalchemy", "openpyxl")
PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['mixplan', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('mixplan.cli', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "print(' '.join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)\n"
)


def cpu_seconds(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Best CPU time of REPEATS runs of `args`, and the heavy modules the last run loaded."""
    best = float("inf")
    loaded = ""
    for _ in range(REPEATS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        loaded = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    return best, loaded


def main() -> None:
    """Print CPU seconds for the bare interpreter and each measured command."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "MIXPLAN_DB": f"sqlite:///{folder}/bench.db"}
        probe = PROBE.format(heavy=HEAVY)
        base, _ = cpu_seconds([sys.executable, "-c", "pass"], env)
        print(f"{'python -c pass':<28} {base:6.3f} s")
        for command in (["--help"], ["runs", "list"], ["export", "--help"]):
            seconds, loaded = cpu_seconds([sys.executable, "-c", probe, *command], env)
            label = "mixplan " + " ".join(command)
            print(f"{label:<28} {seconds:6.3f} s  ({seconds / base:4.1f}× bare)  heavy: {loaded or 'none'}")


if __name__ == "__main__":
    main()
