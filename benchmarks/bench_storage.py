"""Storage throughput: how long saving and reading back a month-sized plan takes.

Builds a synthetic plan of the size the bundled example produces (5 channels × 28 days of spend,
~150 posts, a few boosts) and times `save_run`, `get_run` and `list_runs` on a database given by
``--db URL`` (default: a fresh SQLite file in a temporary folder). Also times N writer processes
saving at once into one SQLite file. Prints a small table; not a test.

    .venv/bin/python benchmarks/bench_storage.py [--db URL] [--runs 20] [--writers 4]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from mixplan.model import Boost, Plan, Scenario, ScheduledPost, SolveReport, SpendAllocation, Totals
from mixplan.storage import Store, scenario_hash

CHANNELS = ["ig", "fb", "tt", "li", "gads"]
DAYS = 28


def month_scenario() -> Scenario:
    """A scenario with five channels and a 28-day horizon."""
    return Scenario.model_validate(
        {
            "name": "Benchmark shop",
            "horizon": {"start": "2026-11-02", "days": DAYS, "timezone": "Europe/Berlin"},
            "channels": [{"id": channel, "platform": "instagram"} for channel in CHANNELS],
            "content": [
                {"id": f"c{n}", "title": f"Item {n}", "category": f"k{n % 4}", "formats": ["image"]} for n in range(40)
            ],
            "budget": {"total": "20000.00"},
        }
    )


def month_plan(scenario: Scenario) -> Plan:
    """A plan with 5 × 28 spend rows, 5 posts a day and 10 boosts."""
    zone = ZoneInfo("Europe/Berlin")
    start = date(2026, 11, 2)
    posts = [
        ScheduledPost(
            content_id=f"c{(day * 5 + k) % 40}",
            channel_id=CHANNELS[k],
            start=datetime(2026, 11, 2, 9 + 2 * k, tzinfo=zone) + timedelta(days=day),
            format="image",
            expected_impressions=1000.0 + day,
            expected_engagements=50.5,
            expected_clicks=10.25,
            expected_revenue=Decimal("31.40"),
        )
        for day in range(DAYS)
        for k in range(5)
    ]
    spend = [
        SpendAllocation(
            channel_id=channel,
            day=start + timedelta(days=day),
            amount=Decimal("120.00") + day,
            expected_revenue=Decimal("350.55"),
            marginal_roas=1.4,
        )
        for channel in CHANNELS
        for day in range(DAYS)
    ]
    boosts = [
        Boost(
            content_id=p.content_id,
            channel_id=p.channel_id,
            start=p.start,
            amount=Decimal("20.00"),
            expected_revenue=Decimal("44.00"),
        )
        for p in posts[:10]
    ]
    money = Decimal("1000.00")
    return Plan(
        scenario_name=scenario.name,
        scenario_hash=scenario_hash(scenario),
        currency="EUR",
        timezone="Europe/Berlin",
        start=start,
        days=DAYS,
        posts=posts,
        spend=spend,
        boosts=boosts,
        totals=Totals(
            spend=money,
            ad_spend=money,
            boost_spend=Decimal(0),
            revenue=money,
            organic_revenue=money,
            paid_revenue=money,
            boost_revenue=Decimal(0),
            roas=1.0,
            reach=1.0,
            engagement=1.0,
            clicks=1.0,
            posts=len(posts),
        ),
        report=SolveReport(
            status="optimal",
            objective=1.0,
            best_bound=1.0,
            gap=0.0,
            objective_kind="max_revenue",
            wall_time_s=1.0,
            seed=0,
            solver="cp-sat",
            solver_version="9.12",
        ),
        created_at=datetime.now(UTC),
        mixplan_version="0.1.0",
    )


def _writer(url: str, barrier: object, count: int) -> None:
    scenario = month_scenario()
    plan = month_plan(scenario)
    barrier.wait()  # type: ignore[attr-defined]
    with Store(url) as store:
        for _ in range(count):
            store.save_run(scenario, plan)


def main() -> None:
    """Run the timings and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--writers", type=int, default=4)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="mixplan-bench-")
    url = args.db or f"sqlite:///{folder}/bench.db"

    scenario = month_scenario()
    plan = month_plan(scenario)
    started = time.perf_counter()
    store = Store(url)
    open_s = time.perf_counter() - started
    saves, reads = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        run_id = store.save_run(scenario, plan)
        t1 = time.perf_counter()
        assert store.get_run(run_id).plan == plan
        reads.append(time.perf_counter() - t1)
        saves.append(t1 - t0)
    t0 = time.perf_counter()
    store.list_runs(limit=50)
    list_s = time.perf_counter() - t0
    store.close()

    print(f"database: {store.url}")
    print(f"plan: {len(plan.posts)} posts, {len(plan.spend)} spend rows, {len(plan.boosts)} boosts")
    print(f"open + migrate (first use): {open_s * 1000:8.1f} ms")
    print(f"save_run   median of {args.runs}: {statistics.median(saves) * 1000:8.1f} ms")
    print(f"get_run    median of {args.runs}: {statistics.median(reads) * 1000:8.1f} ms")
    print(f"list_runs  (50):            {list_s * 1000:8.1f} ms")

    if url.startswith("sqlite:///"):
        shared = f"sqlite:///{folder}/concurrent.db"
        context = multiprocessing.get_context("spawn")
        barrier = context.Barrier(args.writers)
        each = max(1, args.runs // args.writers)
        processes = [context.Process(target=_writer, args=(shared, barrier, each)) for _ in range(args.writers)]
        t0 = time.perf_counter()
        for process in processes:
            process.start()
        for process in processes:
            process.join()
        elapsed = time.perf_counter() - t0
        codes = [process.exitcode for process in processes]
        with Store(shared) as check:
            stored = len(check.list_runs(limit=10_000))
        print(
            f"{args.writers} writer processes × {each} runs on one new SQLite file: {elapsed:.1f} s wall "
            f"(process start-up included), exit codes {codes}, {stored} runs stored"
        )


if __name__ == "__main__":
    main()
