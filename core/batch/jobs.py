"""What a batch is made of: jobs (one brand's scenario each), plain-data options, and their run keys."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from mixplan.engine import PlanOptions
from mixplan.errors import InputError
from mixplan.hashing import canonical_json, document_hash, scenario_hash
from mixplan.model.scenario import Scenario


@dataclass(frozen=True)
class BatchJob:
    """One brand's plan in a batch: its scenario (which names the brand) and a label for reports."""

    scenario: Scenario
    label: str = ""

    @property
    def brand(self) -> str:
        """The brand the plan is for (the scenario's ``brand``)."""
        return self.scenario.brand

    @property
    def name(self) -> str:
        """The label, or the scenario's name."""
        return self.label or self.scenario.name


@dataclass(frozen=True)
class BatchOptions:
    """How each plan of a batch is solved and retried: plain data, so it pickles to any worker.

    ``workers`` is the solver threads PER PLAN (1 by default: a batch runs one plan per core, and one
    thread keeps the deterministic plan identical to a sequential run). Retryable failures (a lost worker,
    a storage error) are tried up to ``max_attempts`` times, waiting ``backoff_s`` × 2^(attempt-1)
    between tries. A worker's lease on an item lasts ``lease_s`` and is renewed every third of it.
    """

    time_limit_s: float = 30.0
    deadline_s: float | None = None
    seed: int = 0
    workers: int = 1
    relative_gap: float = 1e-4
    deterministic: bool = True
    max_attempts: int = 3
    backoff_s: float = 2.0
    lease_s: float = 60.0

    def __post_init__(self) -> None:
        self.plan_options()  # the solve options' own checks
        if self.max_attempts < 1:
            raise InputError("max_attempts", f"must be at least 1, not {self.max_attempts!r}")
        if not (math.isfinite(self.backoff_s) and self.backoff_s >= 0):
            raise InputError("backoff_s", f"must be 0 or more seconds, not {self.backoff_s!r}")
        if not (math.isfinite(self.lease_s) and self.lease_s >= 1):
            raise InputError("lease_s", f"must be at least 1 second, not {self.lease_s!r}")

    def plan_options(self) -> PlanOptions:
        """The engine's options for one plan (progress and stop hooks are added in the worker)."""
        return PlanOptions(
            time_limit_s=self.time_limit_s,
            deadline_s=self.deadline_s,
            seed=self.seed,
            workers=self.workers,
            relative_gap=self.relative_gap,
            deterministic=self.deterministic,
        )

    def solve_document(self) -> dict[str, object]:
        """The options that can change a plan (what the run key hashes)."""
        document = asdict(self)
        for retry_only in ("max_attempts", "backoff_s", "lease_s"):
            del document[retry_only]
        return document


def run_key(scenario: Scenario, options: BatchOptions) -> str:
    """The idempotency key of a plan: its brand, then a hash of the scenario and the solve options.

    The same scenario planned with the same options has the same key, so it is stored once however often
    the batch runs.
    """
    digest = document_hash({"scenario": scenario_hash(scenario), "options": options.solve_document()})
    return f"{scenario.brand}:{digest}"


def batch_id(keys: list[str], options: BatchOptions) -> str:
    """The id of a batch: a hash of its run keys (in order) and every option, so re-running resumes it."""
    return document_hash(canonical_json({"keys": keys, "options": asdict(options)}))
