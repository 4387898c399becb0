"""Batch throughput and queue overhead (issue 14), on a throw-away PostgreSQL server.

1. 40 small brands planned sequentially in this process (1 solver thread, deterministic), then as a
   batch on a distributed.LocalCluster of 2 single-threaded worker processes: the speedup, and that every
   plan is identical.
2. Queue overhead: 2,000 tiny jobs through claim → finish with a trivial planner (no solve), per item.
3. Peak memory of each worker process, and a projection for 5,000 brands a night on N cores.

The machine's load average is printed with the figures: on a shared machine the speedup is depressed by
whatever else runs. Run: ``.venv/bin/python benchmarks/bench_batch.py [--brands 40] [--tiny 2000]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import mixplan
from mixplan.batch import BatchJob, BatchOptions, plan_many, queue
from mixplan.storage import Store
from support.plans import make_scenario
from support.postgres import PostgresServer, find_bindir


def brands(count: int) -> list[mixplan.Scenario]:
    """`count` small brands with the same channel ids and different budgets."""
    return [
        make_scenario(f"Shop {index}", budget=f"{1000 + 37 * index}.00").model_copy(update={"brand": f"brand-{index}"})
        for index in range(count)
    ]


def same(left: mixplan.Plan, right: mixplan.Plan) -> bool:
    return (left.posts, left.spend, left.boosts, left.totals) == (right.posts, right.spend, right.boosts, right.totals)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--brands", type=int, default=40)
    parser.add_argument("--tiny", type=int, default=2000)
    parser.add_argument("--time-limit", type=float, default=2.0)
    args = parser.parse_args()
    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("no PostgreSQL server binaries")
    server = PostgresServer(bindir)
    server.start()
    try:
        run(server, args)
    finally:
        server.stop()


def run(server: PostgresServer, args: argparse.Namespace) -> None:
    options = BatchOptions(time_limit_s=args.time_limit, seed=1)
    scenarios = brands(args.brands)
    print(f"load average before: {os.getloadavg()}")
    mixplan.plan(scenarios[0], options=options.plan_options())  # load plugins and warm up, not timed
    started = time.perf_counter()
    sequential = [mixplan.plan(scenario, options=options.plan_options()) for scenario in scenarios]
    sequential_s = time.perf_counter() - started
    load_sequential = os.getloadavg()

    store = Store(server.url(server.create_database()))
    report = plan_many(scenarios, store=store, options=options, executor="dask", workers=2, load_plans=True)
    load_batch = os.getloadavg()
    assert report.ok, report.failed
    identical = all(
        item.plan is not None and same(item.plan, plan) for item, plan in zip(report.items, sequential, strict=True)
    )
    per_plan_s = sequential_s / len(scenarios)
    print(
        f"sequential: {len(scenarios)} plans in {sequential_s:.1f} s ({per_plan_s:.2f} s a plan), "
        f"load {load_sequential}"
    )
    print(
        f"dask 2 workers: {report.elapsed_s:.1f} s including cluster start-up; "
        f"speedup {sequential_s / report.elapsed_s:.2f}x; identical plans: {identical}; load {load_batch}"
    )
    for worker in report.workers:
        print(
            f"  worker {worker.pid}: {worker.planned} plans, busy {worker.busy_s:.1f} s "
            f"({worker.busy_s / max(1, worker.planned):.2f} s a plan), start-up {worker.startup_s:.1f} s, "
            f"peak RSS {worker.peak_rss_bytes / 2**20:.0f} MiB"
        )

    tiny = Store(server.url(server.create_database()))
    jobs = [BatchJob(scenario) for scenario in brands(args.tiny)]
    identity = queue.create_batch(tiny, jobs, options)
    started = time.perf_counter()
    handled = 0
    while (item := queue.claim(tiny, identity, "bench", options)) is not None:
        queue.finish(tiny, item, "bench", run_id=0)  # the trivial planner: nothing to solve
        handled += 1
    overhead_ms = (time.perf_counter() - started) / handled * 1000
    print(f"queue overhead on PostgreSQL: {overhead_ms:.1f} ms per item (claim + finish, {handled} items)")

    cores_needed = 5000 * per_plan_s / 3600
    print(
        f"projection: 5,000 brands at {per_plan_s:.2f} s a plan = {5000 * per_plan_s / 3600:.1f} core-hours; "
        f"in a 4-hour night {cores_needed / 4:.1f} cores; on N cores {5000 * per_plan_s / 3600:.1f}/N hours"
    )
    print(f"load average after: {os.getloadavg()}")
    store.close()
    tiny.close()


if __name__ == "__main__":
    main()
