"""API credentials: resolved from the environment or a file at run time, never stored or printed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from mixplan.errors import InputError

ENV_PREFIX = "$env:"
FILE_PREFIX = "$file:"


class Secret:
    """A credential value that never shows itself in repr(), str(), logs or exceptions."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret itself; call only where it is sent to the platform."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def resolve_reference(field: str, reference: str, environ: Mapping[str, str] | None = None) -> Secret:
    """Resolve ``$env:NAME`` or ``$file:PATH`` into a Secret; a literal value is refused."""
    environ = os.environ if environ is None else environ
    if reference.startswith(ENV_PREFIX):
        name = reference[len(ENV_PREFIX) :]
        if not name:
            raise InputError(field, "names no environment variable; write $env:NAME")
        value = environ.get(name)
        if not value:
            raise InputError(field, f"environment variable {name} is not set; export it before running")
        return Secret(value.strip())
    if reference.startswith(FILE_PREFIX):
        path = Path(reference[len(FILE_PREFIX) :]).expanduser()
        try:
            return Secret(path.read_text(encoding="utf-8").strip())
        except OSError as exc:
            raise InputError(field, f"cannot read credential file {path}: {exc.strerror}") from None
    raise InputError(field, "must be a reference like $env:NAME or $file:PATH, never the token itself")


def resolve_credentials(
    where: str, references: Mapping[str, str], environ: Mapping[str, str] | None = None
) -> dict[str, Secret]:
    """Resolve every credential reference of a channel; `where` names the field for error messages."""
    return {key: resolve_reference(f"{where}.{key}", reference, environ) for key, reference in references.items()}
