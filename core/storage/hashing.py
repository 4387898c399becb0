"""Scenario identity for storage (re-exported from mixplan.hashing) and the credential guard."""

from __future__ import annotations

from mixplan.credentials import ENV_PREFIX, FILE_PREFIX
from mixplan.errors import InputError
from mixplan.hashing import canonical_json, document_hash, scenario_document, scenario_hash
from mixplan.model.scenario import Scenario

__all__ = ["canonical_json", "document_hash", "require_credential_references", "scenario_document", "scenario_hash"]


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
                    "must be a reference like $env:NAME or $file:PATH, never the token itself; nothing was stored",
                )
