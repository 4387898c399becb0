"""A plan run as rows: writing a (scenario, plan) pair and reading it back, inside a caller's session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mixplan.errors import InputError, MixplanError
from mixplan.model.base import from_minor_units, to_minor_units
from mixplan.model.plan import Boost, Plan, ScheduledPost, SpendAllocation
from mixplan.model.scenario import Scenario
from mixplan.storage.brands import checked_brand
from mixplan.storage.hashing import document_hash, scenario_document
from mixplan.storage.results import RunSummary, StoredRun
from mixplan.storage.tables import (
    BoostRecord,
    PostRecord,
    RunParentRecord,
    RunRecord,
    ScenarioRecord,
    SpendRecord,
)
from mixplan.surprises import run_warnings
from pydantic import ValidationError
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

MAX_RUN_ID = 2**31 - 1


def ensure_scenario(session: Session, scenario: Scenario) -> int:
    """The id of the stored scenario with this content, inserting it if it is new (dedup by hash)."""
    document = scenario_document(scenario)
    digest = document_hash(document)
    existing = session.exec(select(ScenarioRecord.id).where(ScenarioRecord.hash == digest)).first()
    if existing is not None:
        return existing
    record = ScenarioRecord(hash=digest, name=scenario.name, document=document, created_at=datetime.now(UTC))
    try:
        with session.begin_nested():
            session.add(record)
    except IntegrityError:  # another process stored the same scenario a moment ago
        found = session.exec(select(ScenarioRecord.id).where(ScenarioRecord.hash == digest)).one()
        assert found is not None
        return found
    assert record.id is not None
    return record.id


def save_run(
    session: Session,
    scenario: Scenario,
    plan: Plan,
    run_key: str | None = None,
    parent_run_id: int | None = None,
    warnings: Sequence[str] | None = None,
) -> int:
    """Store a plan and its scenario under the scenario's brand in the caller's transaction; returns the run id.

    A run already stored under `run_key` is not stored again: its id is returned. `warnings` are the
    plan's warnings as printed (default: :func:`mixplan.surprises.run_warnings` as of today, UTC).
    """
    if run_key is not None:
        stored = run_id_for_key(session, run_key)
        if stored is not None:
            return stored
    if parent_run_id is not None:
        load_run(session, parent_run_id)  # an unknown parent is an InputError
    scenario_id = ensure_scenario(session, scenario)
    if warnings is None:
        warnings = run_warnings(plan, scenario, datetime.now(UTC).date())
    return insert_run(session, scenario_id, plan, checked_brand(scenario.brand), run_key, parent_run_id, warnings)


def run_id_for_key(session: Session, run_key: str) -> int | None:
    """The id of the run stored under `run_key`, or None."""
    return session.exec(select(RunRecord.id).where(RunRecord.run_key == run_key)).first()


def insert_run(
    session: Session,
    scenario_id: int,
    plan: Plan,
    brand: str,
    run_key: str | None = None,
    parent_run_id: int | None = None,
    warnings: Sequence[str] = (),
) -> int:
    """Insert the run row (of `brand`, with its `warnings`), then its posts, spend rows and boosts; returns its id."""
    run = RunRecord(
        scenario_id=scenario_id,
        brand=brand,
        run_key=run_key,
        created_at=datetime.now(UTC),
        plan_created_at=plan.created_at,
        scenario_name=plan.scenario_name,
        scenario_hash=plan.scenario_hash,
        currency=plan.currency,
        timezone=plan.timezone,
        start_day=plan.start,
        days=plan.days,
        status=plan.report.status,
        objective_kind=plan.report.objective_kind,
        solver_version=plan.report.solver_version,
        mixplan_version=plan.mixplan_version,
        spend_minor=to_minor_units(plan.totals.spend),
        revenue_minor=to_minor_units(plan.totals.revenue),
        roas=plan.totals.roas,
        gap=plan.report.gap,
        post_count=len(plan.posts),
        totals=plan.totals.model_dump(mode="json"),
        report=plan.report.model_dump(mode="json"),
        warnings=list(warnings),
    )
    session.add(run)
    session.flush()
    assert run.id is not None
    run_id = run.id
    if parent_run_id is not None:
        session.add(RunParentRecord(run_id=run_id, parent_run_id=parent_run_id))
    if plan.posts:
        session.execute(insert(PostRecord), [_post_row(run_id, index, post) for index, post in enumerate(plan.posts)])
    if plan.spend:
        session.execute(insert(SpendRecord), [_spend_row(run_id, index, row) for index, row in enumerate(plan.spend)])
    if plan.boosts:
        session.execute(
            insert(BoostRecord), [_boost_row(run_id, index, boost) for index, boost in enumerate(plan.boosts)]
        )
    return run_id


def load_run(session: Session, run_id: int) -> StoredRun:
    """Read a run back; an unknown id is an InputError pointing at `mixplan runs list`."""
    run = session.get(RunRecord, _checked_run_id(run_id))
    if run is None:
        raise InputError("run", f"no run with id {run_id}; see `mixplan runs list`")
    assert run.id is not None
    scenario_record = session.get(ScenarioRecord, run.scenario_id)
    assert scenario_record is not None, "runs.scenario_id is a foreign key"
    zone = _zone(run.timezone)
    posts = session.exec(select(PostRecord).where(PostRecord.run_id == run.id).order_by(col(PostRecord.position)))
    spend = session.exec(select(SpendRecord).where(SpendRecord.run_id == run.id).order_by(col(SpendRecord.position)))
    boosts = session.exec(select(BoostRecord).where(BoostRecord.run_id == run.id).order_by(col(BoostRecord.position)))
    try:
        scenario = Scenario.model_validate(scenario_record.document)
        plan = Plan.model_validate(
            {
                "scenario_name": run.scenario_name,
                "scenario_hash": run.scenario_hash,
                "currency": run.currency,
                "timezone": run.timezone,
                "start": run.start_day,
                "days": run.days,
                "posts": [_post(record, zone) for record in posts],
                "spend": [_spend(record) for record in spend],
                "boosts": [_boost(record, zone) for record in boosts],
                "totals": run.totals,
                "report": run.report,
                "created_at": run.plan_created_at,
                "mixplan_version": run.mixplan_version,
            }
        )
    except ValidationError as exc:
        raise MixplanError(
            f"run {run_id} was stored by a mixplan whose model this version cannot read: "
            f"{exc.errors()[0]['msg']} at {'.'.join(str(p) for p in exc.errors()[0]['loc'])}"
        ) from exc
    warnings = run_warnings(plan, scenario, run.created_at.date()) if run.warnings is None else list(run.warnings)
    return StoredRun(
        id=run.id,
        created_at=run.created_at,
        scenario=scenario,
        plan=plan,
        parent_id=_parent(session, run.id),
        warnings=warnings,
    )


def list_summaries(session: Session, limit: int, brand: str | None = None) -> list[RunSummary]:
    """The newest `limit` runs (of every brand, or only `brand`'s), newest first."""
    query = select(RunRecord)
    if brand is not None:
        query = query.where(RunRecord.brand == brand)
    runs = session.exec(query.order_by(col(RunRecord.id).desc()).limit(limit))
    return [
        RunSummary(
            id=run.id or 0,
            brand=run.brand,
            created_at=run.created_at,
            scenario_name=run.scenario_name,
            status=run.status,
            objective_kind=run.objective_kind,
            currency=run.currency,
            spend=from_minor_units(run.spend_minor),
            revenue=from_minor_units(run.revenue_minor),
            roas=run.roas,
            gap=run.gap,
            posts=run.post_count,
            warnings=None if run.warnings is None else len(run.warnings),
        )
        for run in runs
    ]


def _checked_run_id(run_id: object) -> int:
    if isinstance(run_id, bool) or not isinstance(run_id, int):
        raise InputError("run", f"{run_id!r} is not a run id; run ids are whole numbers, see `mixplan runs list`")
    if not 1 <= run_id <= MAX_RUN_ID:
        raise InputError("run", f"no run with id {run_id}; see `mixplan runs list`")
    return run_id


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _post_row(run_id: int, position: int, post: ScheduledPost) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "position": position,
        "content_id": post.content_id,
        "channel_id": post.channel_id,
        "start": post.start,
        "format": post.format,
        "expected_impressions": post.expected_impressions,
        "expected_engagements": post.expected_engagements,
        "expected_clicks": post.expected_clicks,
        "expected_revenue_minor": to_minor_units(post.expected_revenue),
    }


def _spend_row(run_id: int, position: int, row: SpendAllocation) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "position": position,
        "channel_id": row.channel_id,
        "day": row.day,
        "amount_minor": to_minor_units(row.amount),
        "expected_revenue_minor": to_minor_units(row.expected_revenue),
        "marginal_roas": row.marginal_roas,
    }


def _boost_row(run_id: int, position: int, boost: Boost) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "position": position,
        "content_id": boost.content_id,
        "channel_id": boost.channel_id,
        "start": boost.start,
        "amount_minor": to_minor_units(boost.amount),
        "expected_revenue_minor": to_minor_units(boost.expected_revenue),
    }


def _post(record: PostRecord, zone: tzinfo) -> dict[str, Any]:
    return {
        "content_id": record.content_id,
        "channel_id": record.channel_id,
        "start": record.start.astimezone(zone),
        "format": record.format,
        "expected_impressions": record.expected_impressions,
        "expected_engagements": record.expected_engagements,
        "expected_clicks": record.expected_clicks,
        "expected_revenue": from_minor_units(record.expected_revenue_minor),
    }


def _spend(record: SpendRecord) -> dict[str, Any]:
    return {
        "channel_id": record.channel_id,
        "day": record.day,
        "amount": from_minor_units(record.amount_minor),
        "expected_revenue": from_minor_units(record.expected_revenue_minor),
        "marginal_roas": record.marginal_roas,
    }


def _boost(record: BoostRecord, zone: tzinfo) -> dict[str, Any]:
    return {
        "content_id": record.content_id,
        "channel_id": record.channel_id,
        "start": record.start.astimezone(zone),
        "amount": from_minor_units(record.amount_minor),
        "expected_revenue": from_minor_units(record.expected_revenue_minor),
    }


def _parent(session: Session, run_id: int) -> int | None:
    link = session.get(RunParentRecord, run_id)
    return None if link is None else link.parent_run_id
