"""A stable fingerprint of a scenario, so runs of the same input can be recognised."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from mixplan.model.scenario import Scenario


def scenario_document(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain JSON data (money as strings, dates as ISO text), every default included.

    The default brand is left out, so scenarios written before brands existed keep their hash.
    """
    document = scenario.model_dump(mode="json")
    if document.get("brand") == "default":
        del document["brand"]
    return document


def canonical_json(document: Any) -> str:
    """JSON with sorted keys and no whitespace: equal documents give equal text."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def document_hash(document: Any) -> str:
    """sha256 (hex) of a document's canonical JSON."""
    return hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()


def scenario_hash(scenario: Scenario) -> str:
    """sha256 (hex) of the scenario's canonical JSON; equal scenarios (defaults filled in) hash equal."""
    return document_hash(scenario_document(scenario))
