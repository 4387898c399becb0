"""Credential references resolve at run time and never show themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
from mixplan.credentials import Secret, resolve_credentials
from mixplan.errors import InputError


def test_env_and_file_references_resolve(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("file-secret\n")
    secrets = resolve_credentials(
        "channels[0].credentials",
        {"access_token": "$env:MY_TOKEN", "app_secret": f"$file:{token_file}"},
        environ={"MY_TOKEN": "env-secret"},
    )
    assert secrets["access_token"].reveal() == "env-secret"
    assert secrets["app_secret"].reveal() == "file-secret"


def test_secret_never_prints_itself() -> None:
    secret = Secret("super-secret-value")
    assert "super-secret-value" not in repr(secret)
    assert "super-secret-value" not in str(secret)
    assert "super-secret-value" not in f"{secret}"
    assert "super-secret-value" not in repr({"token": secret})


@pytest.mark.parametrize(
    ("reference", "fragment"),
    [("$env:MISSING_VAR", "MISSING_VAR is not set"), ("$file:/nonexistent/x", "cannot read"), ("abc123", "reference")],
)
def test_bad_references_name_the_field(reference: str, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        resolve_credentials("channels[1].credentials", {"access_token": reference}, environ={})
    assert "channels[1].credentials.access_token" in str(caught.value)
    assert fragment in str(caught.value)
    assert "abc123" not in str(caught.value)
