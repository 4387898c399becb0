"""A stable fingerprint of a scenario, so runs of the same input can be recognised."""

from __future__ import annotations

import hashlib
import json

from mixplan.model.scenario import Scenario


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the scenario's canonical JSON (sorted keys, no whitespace)."""
    canonical = json.dumps(scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
