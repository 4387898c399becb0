"""Many brands' plans at once: a batch queue in the database, run on a process pool or a Dask cluster.

See docs/scale.md. `plan_many` is also importable as ``mixplan.plan_many``.
"""

from __future__ import annotations

from mixplan.batch.jobs import BatchJob, BatchOptions, run_key
from mixplan.batch.queue import BatchCounts
from mixplan.batch.report import SOME_FAILED_EXIT_CODE, BatchReport, ItemResult
from mixplan.batch.run import batch_report, plan_many
from mixplan.batch.worker import WorkerSummary, warm_up, work

__all__ = [
    "SOME_FAILED_EXIT_CODE",
    "BatchCounts",
    "BatchJob",
    "BatchOptions",
    "BatchReport",
    "ItemResult",
    "WorkerSummary",
    "batch_report",
    "plan_many",
    "run_key",
    "warm_up",
    "work",
]
