"""The identity of a scenario: its canonical JSON document and the sha256 of it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from mixplan.credentials import ENV_PREFIX, FILE_PREFIX
from mixplan.errors import InputError
from mixplan.model.scenario import Scenario


def scenario_document(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain JSON data (money as strings, dates as ISO text), every default included."""
    return scenario.model_dump(mode="json")


def canonical_json(document: Any) -> str:
    """JSON with sorted keys and no whitespace: equal documents give equal text."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def document_hash(document: Any) -> str:
    """sha256 (hex) of a document's canonical JSON."""
    return hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()


def scenario_hash(scenario: Scenario) -> str:
    """sha256 (hex) of the scenario's canonical JSON; equal scenarios (defaults filled in) hash equal."""
    return document_hash(scenario_document(scenario))


def require_credential_references(scenario: Scenario) -> None:
    """Refuse a scenario whose channel credentials hold anything but ``$env:``/``$file:`` references.

    The stored scenario keeps exactly what the user wrote; a literal token there would end up in the
    database, so it is rejected before anything is written.
    """
    for index, channel in enumerate(scenario.channels):
        for key, reference in channel.credentials.items():
            if not reference.startswith((ENV_PREFIX, FILE_PREFIX)):
                raise InputError(
                    f"channels[{index}].credentials.{key}",
                    "must be a reference like $env:NAME or $file:PATH, never the token itself; "
                    "nothing was stored",
                )
