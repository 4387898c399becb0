"""The JSON export: the plan exactly as the `Plan` model serializes it, so it validates back."""

from __future__ import annotations

from mixplan.model.plan import Plan


def render_json(plan: Plan) -> bytes:
    """The plan as indented UTF-8 JSON (round-trips through ``Plan.model_validate_json``)."""
    return (plan.as_json() + "\n").encode("utf-8")
