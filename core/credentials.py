"""API credentials: resolved from the environment or a file at run time, never stored or printed.

``$file:PATH`` reads only a regular file inside an allowed folder: the folder of the scenario file
that names it (relative paths resolve against it) or the secrets folder named by
``$MIXPLAN_SECRETS_DIR``. Symbolic links are followed before the check, so a link that leads out of
those folders is refused too. A credential file holds one line of at most
:data:`MAX_SECRET_FILE_BYTES` bytes; its content never appears in a message.
"""

from __future__ import annotations

import os
import stat
import weakref
from collections.abc import Iterator, Mapping
from pathlib import Path

from mixplan.errors import InputError

ENV_PREFIX = "$env:"
FILE_PREFIX = "$file:"
SECRETS_DIR_ENV = "MIXPLAN_SECRETS_DIR"
MAX_SECRET_FILE_BYTES = 16 * 1024


class Secret:
    """A credential value that never shows itself in repr(), str(), logs or exceptions.

    Every Secret alive in the process is known to :func:`live_secret_values`, so text from anywhere
    (a plugin's exception, a library's log line) can be masked without holding the credentials.
    """

    __slots__ = ("__weakref__", "_value")

    def __init__(self, value: str) -> None:
        self._value = value
        _LIVE[id(self)] = self

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


_LIVE: weakref.WeakValueDictionary[int, Secret] = weakref.WeakValueDictionary()
"""Every Secret alive, by identity: a WeakSet would keep one of two equal secrets and forget the value
when that one is collected while the other is still in use."""


def live_secret_values() -> Iterator[str]:
    """The values of every Secret still alive in this process (for masking text; never print them)."""
    for secret in list(_LIVE.values()):
        yield secret.reveal()


def _checked_value(field: str, value: str, where: str) -> Secret:
    value = value.strip()
    if not value:
        raise InputError(field, f"{where} is empty; put the token in it")
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise InputError(field, f"{where} contains a line break or another control character; a token is a single line")
    return Secret(value)


def secrets_folders(scenario_folder: Path | None, environ: Mapping[str, str]) -> list[Path]:
    """The folders a ``$file:`` credential may come from: the scenario's folder and ``$MIXPLAN_SECRETS_DIR``."""
    folders = [(scenario_folder or Path.cwd()).resolve()]
    configured = environ.get(SECRETS_DIR_ENV, "").strip()
    if configured:
        folders.append(Path(configured).expanduser().resolve())
    return folders


def _read_secret_file(field: str, written: str, scenario_folder: Path | None, environ: Mapping[str, str]) -> Secret:
    if not written:
        raise InputError(field, "names no file; write $file:PATH")
    base = (scenario_folder or Path.cwd()).resolve()
    path = (base / Path(written).expanduser()).resolve()
    folders = secrets_folders(scenario_folder, environ)
    if not any(path.is_relative_to(folder) for folder in folders):
        allowed = " or ".join(str(folder) for folder in folders)
        raise InputError(
            field,
            f"credential file {written} is outside the allowed folders ({allowed}); move it into the "
            f"scenario's folder or set {SECRETS_DIR_ENV} to the folder that holds it",
        )
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(field, f"cannot read credential file {written}: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(field, f"credential file {written} is not a regular file")
    if info.st_size > MAX_SECRET_FILE_BYTES:
        raise InputError(
            field,
            f"credential file {written} is larger than {MAX_SECRET_FILE_BYTES // 1024} KB; it must hold one token",
        )
    try:
        text = path.read_bytes()[: MAX_SECRET_FILE_BYTES + 1].decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(field, f"credential file {written} is not UTF-8 text") from None
    except OSError as exc:
        raise InputError(field, f"cannot read credential file {written}: {exc.strerror}") from None
    return _checked_value(field, text, f"credential file {written}")


def resolve_reference(
    field: str,
    reference: str,
    environ: Mapping[str, str] | None = None,
    *,
    scenario_folder: Path | None = None,
) -> Secret:
    """Resolve ``$env:NAME`` or ``$file:PATH`` into a Secret; a literal value is refused.

    `scenario_folder` is the folder of the scenario file (None: the current folder); ``$file:``
    paths resolve against it and must stay inside it or ``$MIXPLAN_SECRETS_DIR``.
    """
    environ = os.environ if environ is None else environ
    if reference.startswith(ENV_PREFIX):
        name = reference[len(ENV_PREFIX) :]
        if not name:
            raise InputError(field, "names no environment variable; write $env:NAME")
        value = environ.get(name)
        if not value:
            raise InputError(field, f"environment variable {name} is not set; export it before running")
        return _checked_value(field, value, f"environment variable {name}")
    if reference.startswith(FILE_PREFIX):
        return _read_secret_file(field, reference[len(FILE_PREFIX) :], scenario_folder, environ)
    raise InputError(field, "must be a reference like $env:NAME or $file:PATH, never the token itself")


def resolve_credentials(
    where: str,
    references: Mapping[str, str],
    environ: Mapping[str, str] | None = None,
    *,
    scenario_folder: Path | None = None,
) -> dict[str, Secret]:
    """Resolve every credential reference of a channel; `where` names the field for error messages."""
    return {
        key: resolve_reference(f"{where}.{key}", reference, environ, scenario_folder=scenario_folder)
        for key, reference in references.items()
    }
