"""`mixplan batch run|work|status|retry|list`: many brands' plans through the batch queue (docs/scale.md)."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from mixplan.cli.app import current_app
from mixplan.cli.failures import EXIT_SOME_FAILED
from mixplan.cli.output import console, print_json, table
from mixplan.errors import InputError
from mixplan.loading import load_scenario, read_document

if TYPE_CHECKING:  # the batch machinery (storage, queue) is imported only when a batch command runs
    from mixplan.batch import BatchCounts, BatchJob

SOME_FAILED_EXIT_CODE = EXIT_SOME_FAILED
"""Same as mixplan.batch.SOME_FAILED_EXIT_CODE (kept here so `mixplan --help` does not import the batch code)."""

SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")


@click.group("batch")
def batch_group() -> None:
    """Plan many brands at once on a process pool or a Dask cluster, with the database as the queue.

    `batch run` exits 0 when every brand's plan was made, 6 when the batch finished but some brands
    failed (their errors are recorded: see `batch status`), 2 for bad input before anything is queued.
    """


def load_jobs(source: Path) -> list[BatchJob]:
    """The jobs of a folder of scenario files (sorted by name) or of a manifest file.

    A manifest is YAML or JSON: a list of scenario paths, or ``{jobs: [{scenario: PATH, brand: B,
    label: L}, …]}``; paths are relative to the manifest, ``brand`` overrides the scenario's own.
    """
    from mixplan.batch import BatchJob

    if source.is_dir():
        files = sorted(path for path in source.iterdir() if path.suffix.lower() in SCENARIO_SUFFIXES)
        if not files:
            raise InputError(str(source), f"holds no scenario files ({', '.join(SCENARIO_SUFFIXES)})")
        return [BatchJob(load_scenario(path), label=path.stem) for path in files]
    if not source.is_file():
        raise InputError(str(source), "no such folder or manifest file")
    document = read_document(source)
    entries = document.get("jobs") if isinstance(document, dict) else document
    if not isinstance(entries, list) or not entries:
        raise InputError(str(source), "a manifest must be a non-empty list of scenario paths or have a 'jobs' list")
    jobs = []
    for index, entry in enumerate(entries):
        where = f"{source}: jobs[{index}]"
        spec: dict[str, Any] = {"scenario": entry} if isinstance(entry, str) else entry
        if not isinstance(spec, dict) or not isinstance(spec.get("scenario"), str):
            raise InputError(where, "give a scenario path, or a mapping with 'scenario' (and optional brand, label)")
        path = (source.parent / spec["scenario"]).resolve()
        scenario = load_scenario(path)
        if spec.get("brand") is not None:
            scenario = scenario.model_validate({**scenario.model_dump(), "brand": spec["brand"]})
        jobs.append(BatchJob(scenario, label=str(spec.get("label") or path.stem)))
    return jobs


def _counts_text(counts: BatchCounts) -> str:
    return f"done {counts.done}, failed {counts.failed}, retried {counts.retried}, running {counts.running}"


@batch_group.command("run")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True, help="Worker processes.")
@click.option("--scheduler", metavar="ADDR", help="A running Dask scheduler (tcp://host:8786); needs --executor dask.")
@click.option("--time-limit", type=float, default=30.0, show_default=True, help="Work limit per plan, in seconds.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--threads", type=click.IntRange(min=1), default=1, show_default=True, help="Solver threads per plan.")
@click.option("--max-attempts", type=click.IntRange(min=1), default=3, show_default=True)
@click.option("--enqueue-only", is_flag=True, help="Queue the batch and print its id; `batch work` pods run it.")
@click.option("--json", "as_json", is_flag=True, help="Print the batch report as JSON.")
def run_batch(
    source: Path,
    executor: str,
    workers: int,
    scheduler: str | None,
    time_limit: float,
    seed: int,
    threads: int,
    max_attempts: int,
    enqueue_only: bool,
    as_json: bool,
) -> None:
    """Plan every scenario of a folder or manifest; re-running the same command resumes the batch."""
    from mixplan.batch import BatchOptions, plan_many
    from mixplan.batch import queue as batch_queue

    app = current_app()
    jobs = load_jobs(source)
    options = BatchOptions(time_limit_s=time_limit, seed=seed, workers=threads, max_attempts=max_attempts)
    store = app.store()
    if enqueue_only:
        identity = batch_queue.create_batch(store, jobs, options, name=str(source))
        print_json({"batch": identity}) if as_json or app.json else click.echo(identity)
        return
    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    quiet = as_json or app.json
    try:
        if quiet:
            report = plan_many(
                jobs, store=store, options=options, executor=executor, workers=workers, scheduler=scheduler,
                engine_settings=app.engine().settings, stop=stop, name=str(source),
            )  # fmt: skip
        else:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            with Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=console(),
            ) as progress:  # fmt: skip
                task = progress.add_task("starting workers", total=len(jobs))

                def show(counts: BatchCounts) -> None:
                    progress.update(
                        task, completed=counts.done + counts.failed, total=counts.total,
                        description=_counts_text(counts),
                    )  # fmt: skip

                report = plan_many(
                    jobs, store=store, options=options, executor=executor, workers=workers, scheduler=scheduler,
                    engine_settings=app.engine().settings, on_progress=show, stop=stop, name=str(source),
                )  # fmt: skip
    finally:
        signal.signal(signal.SIGINT, previous)
    if quiet:
        print_json(report.to_json())
    else:
        _print_failures(report.to_json())
        click.echo(f"batch {report.batch_id[:12]}: {_counts_text(report.counts)} in {report.elapsed_s:.1f} s")
        if report.stopped:
            click.echo("stopped: run the same command again to resume")
    raise SystemExit(report.exit_code)


def _print_failures(document: dict[str, Any]) -> None:
    failed = [item for item in document["items"] if item["status"] == "failed"]
    if not failed:
        return
    listing = table("brand", "label", "kind", "exit", "error", right=("exit",))
    for item in failed:
        listing.add_row(item["brand"], item["label"], item["error_kind"], str(item["exit_code"]), item["error"])
    console().print(listing)


def _batch_id(given: str | None) -> str:
    """The batch named by a full id or a unique prefix; the newest batch if None."""
    from mixplan.batch import queue as batch_queue

    store = current_app().store()
    batches = [batch.id for batch, _ in batch_queue.list_batches(store, limit=1000)]
    if not batches:
        raise InputError("batch", "no batches stored; start one with `mixplan batch run DIR`")
    if given is None:
        return batches[0]
    matches = [identity for identity in batches if identity.startswith(given)]
    if len(matches) != 1:
        problem = "matches no batch" if not matches else "matches several batches; give more of the id"
        raise InputError("batch", f"{given!r} {problem}; see `mixplan batch list`")
    return matches[0]


@batch_group.command("work")
@click.argument("batch_id", required=False)
@click.option("--no-wait", is_flag=True, help="Exit when nothing is left to claim, without waiting for others' leases.")
def work_batch(batch_id: str | None, no_wait: bool) -> None:
    """Work on a queued batch in this process until it is finished (one pod of a Kubernetes Job)."""
    from mixplan.batch import work

    app = current_app()
    identity = _batch_id(batch_id)
    summary = work(app.store(), identity, app.engine().settings, wait_for_others=not no_wait)
    if app.json:
        print_json(vars(summary))
    else:
        click.echo(f"worker {summary.owner}: planned {summary.planned}, failed {summary.failed}")


@batch_group.command("status")
@click.argument("batch_id", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def status_batch(batch_id: str | None, as_json: bool) -> None:
    """Counts and failures of a batch (the newest if no id is given); exits 6 if some brands failed."""
    from mixplan.batch import batch_report

    app = current_app()
    report = batch_report(app.store(), _batch_id(batch_id))
    if as_json or app.json:
        print_json(report.to_json())
    else:
        _print_failures(report.to_json())
        click.echo(f"batch {report.batch_id[:12]}: {_counts_text(report.counts)}, queued {report.counts.queued}")
    if report.counts.failed:
        raise SystemExit(SOME_FAILED_EXIT_CODE)


@batch_group.command("retry")
@click.argument("batch_id", required=False)
@click.option("--kind", "kinds", multiple=True, help="Only failures of this kind (input, plugin, lost, storage, …).")
def retry_batch(batch_id: str | None, kinds: tuple[str, ...]) -> None:
    """Queue a batch's failed items again; then re-run `batch run` or start `batch work` workers."""
    from mixplan.batch import queue as batch_queue

    app = current_app()
    identity = _batch_id(batch_id)
    count = batch_queue.retry_failed(app.store(), identity, kinds or None)
    click.echo(f"queued {count} failed item{'s' if count != 1 else ''} of batch {identity[:12]} again")


@batch_group.command("list")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_batches(limit: int, as_json: bool) -> None:
    """The newest batches with their counts."""
    from mixplan.batch import queue as batch_queue

    app = current_app()
    found = batch_queue.list_batches(app.store(), limit)
    if as_json or app.json:
        print_json([{"batch": batch.id, "name": batch.name, "created_at": batch.created_at, **vars(counts)}
                    for batch, counts in found])  # fmt: skip
        return
    if not found:
        click.echo("no batches stored; start one with `mixplan batch run DIR`")
        return
    listing = table("batch", "name", "total", "done", "failed", "queued", right=("total", "done", "failed", "queued"))
    for batch, counts in found:
        listing.add_row(
            batch.id[:12], batch.name, str(counts.total), str(counts.done), str(counts.failed), str(counts.queued)
        )
    console().print(listing)
