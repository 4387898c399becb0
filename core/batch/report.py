"""What a batch hands back: one result per brand plan, the counts, and the workers' memory."""

from __future__ import annotations

from dataclasses import dataclass, field

from mixplan.batch.queue import DONE, BatchCounts
from mixplan.batch.worker import WorkerSummary
from mixplan.model.plan import Plan

SOME_FAILED_EXIT_CODE = 6
"""What `mixplan batch run` exits with when the batch finished but some brands' plans failed (docs/scale.md)."""


@dataclass(frozen=True)
class ItemResult:
    """One brand plan of a batch: where it ended, its stored run, and why it failed if it did."""

    brand: str
    label: str
    run_key: str
    status: str
    attempts: int
    run_id: int | None = None
    error_kind: str | None = None
    error: str | None = None
    exit_code: int | None = None
    plan: Plan | None = None
    """The plan itself, when the batch ran without a database of its own (or was asked to load plans)."""

    @property
    def ok(self) -> bool:
        """Whether the plan was made and stored."""
        return self.status == DONE


@dataclass(frozen=True)
class BatchReport:
    """The outcome of `mixplan.plan_many`: every item, the counts and the workers that ran them."""

    batch_id: str
    items: list[ItemResult]
    counts: BatchCounts
    elapsed_s: float
    workers: list[WorkerSummary] = field(default_factory=list)
    stopped: bool = False

    @property
    def ok(self) -> bool:
        """Whether every brand's plan was made."""
        return all(item.ok for item in self.items)

    @property
    def failed(self) -> list[ItemResult]:
        """The items that failed for good."""
        return [item for item in self.items if item.status == "failed"]

    @property
    def exit_code(self) -> int:
        """0 when every plan was made, `SOME_FAILED_EXIT_CODE` when some brands failed, 130 when stopped."""
        if self.stopped and not self.counts.finished:
            return 130
        return 0 if self.ok else SOME_FAILED_EXIT_CODE

    def to_json(self) -> dict[str, object]:
        """The report as plain JSON data (without the plans)."""
        return {
            "batch": self.batch_id,
            "elapsed_s": round(self.elapsed_s, 3),
            "counts": {
                "total": self.counts.total,
                "done": self.counts.done,
                "failed": self.counts.failed,
                "queued": self.counts.queued,
                "running": self.counts.running,
                "retried": self.counts.retried,
            },
            "items": [
                {
                    "brand": item.brand,
                    "label": item.label,
                    "status": item.status,
                    "attempts": item.attempts,
                    "run_id": item.run_id,
                    "error_kind": item.error_kind,
                    "error": item.error,
                    "exit_code": item.exit_code,
                }
                for item in self.items
            ],
            "workers": [vars(worker) for worker in self.workers],
            "exit_code": self.exit_code,
        }
