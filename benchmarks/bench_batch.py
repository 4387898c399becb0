"""Batch throughput and queue overhead (issue 14), on a throw-away PostgreSQL server.

1. 40 small brands planned sequentially in this process (1 solver thread, deterministic), twice: the
   solve alone (the strict baseline), and the same work a batch item does (read the brand's stored data,
   plan, store the run). Then as a batch on a distributed.LocalCluster of 2 single-threaded worker
   processes: the speedup, and that every plan is identical.

   What is timed for the batch: its throughput once the cluster is up and each worker is warm (its store
   opened, its engine built, one plan solved and thrown away), like the sequential run, whose process
   is warmed the same way. Cluster start-up and warm-up are printed separately: a nightly batch of
   thousands of plans pays them once per worker.
2. CPU time: the sum of the workers' CPU and the database server's against the sequential CPU, which
   shows the batch's overhead on a loaded machine where the wall-clock speedup is depressed by
   whatever else runs; and the CPU-bound speedup, sequential CPU over the busiest worker's CPU (what
   the wall-clock speedup would be with a free core per worker).
3. The hardware's own ceiling: the same solves split over two plain processes (multiprocessing, no
   Dask, no database), each warmed first. Their wall-clock speedup and CPU per plan say how much of
   the batch's shortfall is the two cores slowing each other down (shared cache and memory bandwidth)
   rather than Dask or storage.
4. Queue overhead: 2,000 tiny jobs through claim → finish with a trivial planner (no solve), per item.
5. Peak memory of each worker process, and a projection for 5,000 brands a night on N cores.

The last line is one summary line. Run: ``.venv/bin/python benchmarks/bench_batch.py [--brands 40]
[--tiny 2000]`` (about 1–2 minutes on 2 free cores).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import mixplan
from mixplan.batch import BatchJob, BatchOptions, plan_many, queue, warm_up
from mixplan.batch.executors import local_cluster
from mixplan.engine import cached_engine
from mixplan.storage import Store
from support.plans import make_scenario
from support.postgres import PostgresServer, find_bindir

TARGET_SPEEDUP = 1.8
TARGET_QUEUE_MS = 20.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def brands(count: int, prefix: str = "brand") -> list[mixplan.Scenario]:
    """`count` small brands with the same channel ids and different budgets."""
    return [
        make_scenario(f"Shop {index}", budget=f"{1000 + 37 * index}.00").model_copy(
            update={"brand": f"{prefix}-{index}"}
        )
        for index in range(count)
    ]


def same(left: mixplan.Plan, right: mixplan.Plan) -> bool:
    """Whether two plans have the same posts, spend, boosts and totals."""
    return (left.posts, left.spend, left.boosts, left.totals) == (right.posts, right.spend, right.boosts, right.totals)


def server_cpu_s(server: PostgresServer) -> float:
    """CPU seconds of the PostgreSQL server: the postmaster, its live backends and its exited children."""
    postmaster = int((server.data / "postmaster.pid").read_text().split()[0])
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(entry.name), int(fields[1])
        if pid == postmaster:
            total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
        elif parent == postmaster:
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def _solve_share(payload: tuple[list[mixplan.Scenario], BatchOptions]) -> tuple[float, float, list[mixplan.Plan]]:
    """Warm an engine, then solve ``scenarios``: wall seconds, CPU seconds and the plans (runs in a child)."""
    scenarios, options = payload
    engine = cached_engine()
    engine.plan(scenarios[0], options.plan_options())
    cpu, wall = time.process_time(), time.perf_counter()
    plans = [engine.plan(scenario, options.plan_options()) for scenario in scenarios]
    return time.perf_counter() - wall, time.process_time() - cpu, plans


def plain_processes(scenarios: list[mixplan.Scenario], options: BatchOptions, processes: int) -> float:
    """The hardware ceiling: ``scenarios`` split over plain processes that start together, solve only."""
    import multiprocessing

    shares = [(scenarios[index::processes], options) for index in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        pool.map(_solve_share, [(share[0][:1], options) for share in shares])  # import and warm each child
        wall = time.perf_counter()
        results = pool.map(_solve_share, shares)
        elapsed = time.perf_counter() - wall
    per_plan_cpu = sum(cpu for _, cpu, _ in results) / len(scenarios)
    print(
        f"{processes} plain processes (no Dask, no database), solve only: {elapsed:.1f} s wall, "
        f"CPU {per_plan_cpu:.3f} s a plan; each process: "
        + ", ".join(f"{seconds:.1f} s wall / {cpu:.1f} s CPU" for seconds, cpu, _ in results)
        + f"; load {load()}"
    )
    return elapsed


def load() -> str:
    """The 1-minute load average and the cores, e.g. ``5.2 on 2 cores``."""
    return f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
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
    from distributed import Client

    began = time.perf_counter()
    options = BatchOptions(time_limit_s=args.time_limit, seed=1)
    scenarios = brands(args.brands)
    print(f"load average before: {load()}")

    # sequential, in this process, warmed first
    reference = Store(server.url(server.create_database()))
    engine = cached_engine()
    engine.plan(scenarios[0], options.plan_options())
    cpu, wall = time.process_time(), time.perf_counter()
    sequential = [engine.plan(scenario, options.plan_options()) for scenario in scenarios]
    solve_s, solve_cpu_s = time.perf_counter() - wall, time.process_time() - cpu
    load_sequential = load()
    cpu, wall, db_cpu = time.process_time(), time.perf_counter(), server_cpu_s(server)
    for scenario in scenarios:
        data = reference.for_brand(scenario.brand).channel_data([channel.id for channel in scenario.channels])
        reference.save_run(scenario, engine.plan(scenario, options.plan_options(), data))
    stored_s, stored_cpu_s = time.perf_counter() - wall, time.process_time() - cpu
    stored_db_cpu_s = server_cpu_s(server) - db_cpu
    per_plan_s = solve_s / len(scenarios)
    print(
        f"sequential, solve only: {len(scenarios)} plans in {solve_s:.1f} s ({per_plan_s:.3f} s a plan), "
        f"CPU {solve_cpu_s:.1f} s, load {load_sequential}"
    )
    print(
        f"sequential, read data + solve + store: {stored_s:.1f} s, CPU {stored_cpu_s:.1f} s "
        f"+ database {stored_db_cpu_s:.1f} s, load {load()}"
    )

    ceiling_s = plain_processes(scenarios, options, 2)
    print(f"  the hardware's ceiling: {solve_s / ceiling_s:.2f}x over the solve alone")

    # the batch on a LocalCluster that is up and warm
    store = Store(server.url(server.create_database()))
    started = time.perf_counter()
    with (
        local_cluster(2) as cluster,
        Client(cluster) as client,
    ):
        cluster_s = time.perf_counter() - started
        warm = client.run(warm_up, store, None, brands(1, "warm-up")[0])
        print(
            f"cluster start-up {cluster_s:.1f} s; worker warm-up (store, engine, one plan) "
            + ", ".join(f"{seconds:.1f} s" for seconds in warm.values())
        )
        cpu, db_cpu = time.process_time(), server_cpu_s(server)
        report = plan_many(
            scenarios, store=store, options=options, executor="dask", workers=2, scheduler=cluster.scheduler_address
        )
        driver_cpu_s, batch_db_cpu_s = time.process_time() - cpu, server_cpu_s(server) - db_cpu
    load_batch = load()
    assert report.ok, report.failed
    plans = [store.get_run(item.run_id).plan for item in report.items if item.run_id is not None]
    identical = len(plans) == len(sequential) and all(map(same, plans, sequential))
    speedup = solve_s / report.elapsed_s
    worker_cpu = [worker.cpu_s for worker in report.workers]
    print(
        f"dask, 2 warm workers: {report.elapsed_s:.1f} s; speedup {speedup:.2f}x over the solve alone, "
        f"{stored_s / report.elapsed_s:.2f}x over read + solve + store; identical plans: {identical}; "
        f"load {load_batch}"
    )
    for worker in report.workers:
        print(
            f"  worker {worker.pid}: {worker.planned} plans, busy {worker.busy_s:.1f} s "
            f"({worker.busy_s / max(1, worker.planned):.3f} s a plan), CPU {worker.cpu_s:.1f} s, "
            f"peak RSS {worker.peak_rss_bytes / 2**20:.0f} MiB"
        )
    batch_cpu = sum(worker_cpu) + batch_db_cpu_s + driver_cpu_s
    cpu_speedup = solve_cpu_s / max(worker_cpu)
    print(
        f"CPU: workers {sum(worker_cpu):.1f} s + database {batch_db_cpu_s:.1f} s + driver {driver_cpu_s:.1f} s "
        f"= {batch_cpu:.1f} s against {solve_cpu_s:.1f} s sequential ({batch_cpu / solve_cpu_s - 1:+.0%} overhead); "
        f"CPU-bound speedup (sequential CPU / busiest worker's CPU) {cpu_speedup:.2f}x"
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

    worker_plan_cpu_s = sum(worker_cpu) / len(scenarios)  # a plan's cost on a core of its own
    loaded_item_s = report.elapsed_s * len(report.workers) / len(scenarios)  # what it cost here, shared
    for label, item_s in (("a free core", worker_plan_cpu_s), ("this loaded machine", loaded_item_s)):
        core_hours = 5000 * item_s / 3600
        print(
            f"projection on {label}: 5,000 brands at {item_s:.2f} core-seconds a plan = {core_hours:.2f} "
            f"core-hours = {core_hours * 60:.0f}/N minutes on N cores ({core_hours / 4:.2f} cores for a "
            f"4-hour night); {60 / item_s:.0f} plans a minute per core"
        )
    memory = max(worker.peak_rss_bytes for worker in report.workers) / 2**20
    like_for_like = stored_s / report.elapsed_s
    verdict = "met" if speedup >= TARGET_SPEEDUP else "NOT met"
    print(
        f"SUMMARY speedup {speedup:.2f}x over the solve alone (target {TARGET_SPEEDUP}x, {verdict}), "
        f"{like_for_like:.2f}x over sequential read+solve+store; "
        f"2 plain processes {solve_s / ceiling_s:.2f}x; CPU-bound {cpu_speedup:.2f}x / "
        f"{stored_cpu_s / max(worker_cpu):.2f}x; identical={identical}; queue {overhead_ms:.1f} ms/item "
        f"(target {TARGET_QUEUE_MS:.0f}); worker RSS {memory:.0f} MiB; load {load()}; "
        f"benchmark {time.perf_counter() - began:.0f} s"
    )
    reference.close()
    store.close()
    tiny.close()


if __name__ == "__main__":
    main()
