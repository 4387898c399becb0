"""The hostile-input census: every hostile input the project has, through the real command line.

Each case runs ``mixplan`` in a fresh child process (``python -m mixplan.cli``) and is counted
by class:

- ``hostile-corpus``: the files in ``tests/core/hostile`` (``mixplan validate``);
- ``bad-scenarios``: the files in ``tests/core/bad_scenarios`` (``mixplan validate``);
- ``generated``: a 2 MB currency string, a $file: credential pointing out of the scenario's folder
  (``validate``, then ``audience sync``, which resolves it);
- ``fuzz``: ``--mutations`` mutated copies of the bundled example (``tests/support/mutations.py``, the
  test suite's fuzzer, seeded) through ``mixplan validate``;
- ``history-csv``: hostile history CSVs (NUL byte, not UTF-8, a 5000-digit number, non-ASCII digits,
  a formula, a row repeated, a missing column, a file over ``--max-rows``) through ``mixplan history import``;
- ``live``: ``mixplan audience sync`` against a local Graph API stand-in (``tests/support/hostile_graph.py``)
  that sends a paging link to plain http, one to another host, a redirect, a 300 MB body, a body
  dripped one byte every 5 s, ``Retry-After: 100`` and an expired-token error that quotes the token.
  The drip runs under the default 90 s sync deadline (``--drip-deadline`` to shorten it through
  ``MIXPLAN_SYNC_DEADLINE``).

The table gives, per class: cases, the exit codes seen (with counts), median and max wall seconds,
the most CPU seconds one case took (user + system of the child; wall time on a shared machine also
counts waiting for the CPU), the longest error line (characters of the longest stderr line), how
many outputs held a Python traceback (must be 0) and how many held the live token in any spelling
(must be 0). The slowest cases follow, then every case whose exit code is not one its class
documents. Not a test; about 15 minutes on the shared 2-core machine (one child process at a time,
the drip alone 90 s).

    .venv/bin/python benchmarks/bench_hostile.py [--mutations 300] [--seed 0] [--drip-deadline S] [--only CLASS]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from mixplan.live.scrub import secret_forms  # noqa: E402
from support.hostile_graph import MODES, hostile_graph  # noqa: E402
from support.live_shapes import TOKEN, TOKEN_ENV, live_scenario  # noqa: E402
from support.mutations import random_mutations  # noqa: E402

HOSTILE = REPO / "tests" / "core" / "hostile"
BAD = REPO / "tests" / "core" / "bad_scenarios"
DOCUMENTED = {
    "hostile-corpus": {2},
    "bad-scenarios": {2},
    "generated": {2},
    "fuzz": {0, 2, 3, 4},
    "history-csv": {2},
    "live": {2, 5},
}
"""Exit codes each class may end with (docs/cli.md): 2 bad input, 3 infeasible, 4 no solution, 5 remote error."""
HISTORY_HEADER = "date,channel,spend,revenue,impressions,clicks,conversions\n"


@dataclass
class Case:
    """One run of the command line and what it should be judged by."""

    klass: str
    name: str
    args: list[str]
    env: dict[str, str] = field(default_factory=dict)
    server: str | None = None
    """A hostile_graph mode to serve while the case runs (its base URL goes into MIXPLAN_API_BASE_URLS)."""


@dataclass
class Outcome:
    """What one case did."""

    case: Case
    code: int
    seconds: float
    cpu: float
    """User + system CPU seconds of the child (what the case costs on an idle machine)."""
    longest_line: int
    traceback: bool
    leaked: bool
    first_line: str


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.name != "expected.yaml")


def _history_cases(work: Path) -> Iterator[Case]:
    good = "2024-01-01,ig,10.00,20.00,100,10,1\n"
    files = {
        "nul-byte": HISTORY_HEADER + "2024-01-01,i\x00g,10.00,20.00,100,10,1\n",
        "not-utf8": (HISTORY_HEADER + "2024-01-01,ig,10.00,20.00,100,10,1\n").encode()
        + b"2024-01-02,\xff\xfe,1,1,1,1,1\n",
        "5000-digit-spend": HISTORY_HEADER + f"2024-01-01,ig,{'9' * 5000},20.00,100,10,1\n",
        "arabic-digits": HISTORY_HEADER + "2024-01-01,ig,٧٥٠٠,20.00,100,10,1\n",
        "formula-channel": HISTORY_HEADER + '2024-01-01,=HYPERLINK("http://x"),10.00,20.00,100,10,1\n',
        "repeated-row": HISTORY_HEADER + good + good,
        "missing-column": "date,channel,spend\n2024-01-01,ig,10.00\n",
        "year-9999": HISTORY_HEADER + "9999-12-31,ig,10.00,20.00,100,10,1\n",
        "over-max-rows": HISTORY_HEADER
        + "".join(f"2024-01-{day:02d},ig,10.00,20.00,100,10,1\n" for day in range(1, 12)),
    }
    for name, content in files.items():
        path = work / f"history-{name}.csv"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        extra = ["--max-rows", "10"] if name == "over-max-rows" else []
        yield Case("history-csv", name, ["history", "import", str(path), *extra])


def _live_scenario_file(work: Path, credentials: dict[str, str] | None = None) -> Path:
    data = live_scenario("UTC").model_dump(mode="json", exclude_none=True)
    if credentials is not None:
        data["channels"][0]["credentials"] = credentials
    folder = work / "scenarios" / str(len(list(work.glob("scenarios/*"))))
    folder.mkdir(parents=True)
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def cases(work: Path, mutations: int, seed: int, drip_deadline: float | None) -> Iterator[Case]:
    """Every case of the census, class by class."""
    for path in _files(HOSTILE):
        yield Case("hostile-corpus", path.name, ["validate", str(path)])
    for path in _files(BAD):
        yield Case("bad-scenarios", path.name, ["validate", str(path)])

    scenario = yaml.safe_load((HOSTILE / "days_true.yaml").read_text(encoding="utf-8"))
    scenario["horizon"]["days"] = 7
    scenario["currency"] = "E" * 2_000_000
    currency = work / "currency-2mb.yaml"
    currency.write_text(yaml.safe_dump(scenario, width=10_000_000), encoding="utf-8")
    yield Case("generated", "currency-2mb", ["validate", str(currency)])
    outside = _live_scenario_file(work, {"access_token": "$file:../../../../../../etc/passwd"})
    yield Case("generated", "file-outside-folder", ["audience", "sync", "ig", "--scenario", str(outside)])

    for index, (_path, _action, data) in enumerate(random_mutations(mutations, seed)):
        target = work / "fuzz" / f"{index:04d}.yaml"
        target.parent.mkdir(exist_ok=True)
        target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        yield Case("fuzz", f"{index:04d}", ["validate", str(target)])

    yield from _history_cases(work)

    live = _live_scenario_file(work)
    for mode in MODES:
        env = {TOKEN_ENV: TOKEN}
        if mode == "drip" and drip_deadline is not None:
            env["MIXPLAN_SYNC_DEADLINE"] = f"{drip_deadline:g}"
        yield Case("live", mode, ["audience", "sync", "ig", "--scenario", str(live)], env=env, server=mode)


def run(case: Case, work: Path) -> Outcome:
    """Run `case` in a fresh process with a fresh database; judge its output."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MIXPLAN_")}
    env.update(case.env, MIXPLAN_DB=f"sqlite:///{work / 'census.db'}", PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "mixplan.cli", *case.args]
    if case.server is not None:
        with hostile_graph(case.server) as base:
            env["MIXPLAN_API_BASE_URLS"] = f"graph.facebook.com={base}"
            return _judge(case, command, env)
    return _judge(case, command, env)


FORMS = sorted(secret_forms(TOKEN), key=len)


def _judge(case: Case, command: list[str], env: dict[str, str]) -> Outcome:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, env=env, cwd=REPO, timeout=600)
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    text = (done.stdout + done.stderr).decode("utf-8", "replace")
    errors = [line for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return Outcome(
        case=case,
        code=done.returncode,
        seconds=seconds,
        cpu=cpu,
        longest_line=max((len(line) for line in errors), default=0),
        traceback="Traceback (most recent call last)" in text,
        leaked=any(form in text for form in FORMS) or "root:x:0:0" in text,
        first_line=(errors[0] if errors else text.strip().split("\n", 1)[0])[:160],
    )


def table(outcomes: list[Outcome]) -> str:
    """The census as a Markdown table, one row per class and a total."""
    rows = [
        "| class | cases | exit codes (count) | median s | max s | max CPU s | longest error line | tracebacks "
        "| secrets leaked |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    classes = list(dict.fromkeys(outcome.case.klass for outcome in outcomes))
    for klass in [*classes, "all"]:
        group = [o for o in outcomes if klass in ("all", o.case.klass)]
        codes = Counter(o.code for o in group)
        seconds = [o.seconds for o in group]
        rows.append(
            f"| {klass} | {len(group)} | {', '.join(f'{code} ({count})' for code, count in sorted(codes.items()))} | "
            f"{statistics.median(seconds):.2f} | {max(seconds):.2f} | {max(o.cpu for o in group):.2f} | "
            f"{max(o.longest_line for o in group)} | "
            f"{sum(o.traceback for o in group)} | {sum(o.leaked for o in group)} |"
        )
    return "\n".join(rows)


def main() -> None:
    """Run the census and print the table, the live cases one by one, and any case off its documented codes."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutations", type=int, default=300, help="mutated examples to try [300]")
    parser.add_argument("--seed", type=int, default=0, help="seed of the mutations [0]")
    parser.add_argument("--drip-deadline", type=float, default=None, help="MIXPLAN_SYNC_DEADLINE for the drip case")
    parser.add_argument("--only", choices=sorted(DOCUMENTED), help="run one class only")
    options = parser.parse_args()
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} CPUs", flush=True)
    outcomes: list[Outcome] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as folder:
        work = Path(folder)
        for case in cases(work, options.mutations, options.seed, options.drip_deadline):
            if options.only and case.klass != options.only:
                continue
            outcomes.append(run(case, work))
    load = os.getloadavg()
    print(f"{len(outcomes)} cases in {time.monotonic() - started:.0f} s; load average at end: {load[0]:.2f}\n")
    print(table(outcomes))
    print("\nclass `live` and `generated`, one by one:\n")
    for outcome in outcomes:
        if outcome.case.klass in ("live", "generated", "history-csv"):
            print(
                f"- {outcome.case.klass}/{outcome.case.name}: exit {outcome.code} in {outcome.seconds:.2f} s: "
                f"{outcome.first_line}"
            )
    print("\nslowest cases (wall; CPU):\n")
    for outcome in sorted(outcomes, key=lambda o: o.seconds, reverse=True)[:8]:
        print(f"- {outcome.case.klass}/{outcome.case.name}: {outcome.seconds:.2f} s; {outcome.cpu:.2f} s CPU")
    odd = [o for o in outcomes if o.code not in DOCUMENTED[o.case.klass] or o.traceback or o.leaked]
    print(f"\ncases off their documented exit codes, with a traceback or a leaked secret: {len(odd)}")
    for outcome in odd:
        print(f"- {outcome.case.klass}/{outcome.case.name}: exit {outcome.code}: {outcome.first_line}")


if __name__ == "__main__":
    main()
