"""Credential references resolve at run time and never show themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
from mixplan.credentials import (
    MAX_SECRET_FILE_BYTES,
    SECRETS_DIR_ENV,
    Secret,
    resolve_credentials,
    resolve_reference,
)
from mixplan.errors import InputError


def test_env_and_file_references_resolve(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("file-secret\n")
    secrets = resolve_credentials(
        "channels[0].credentials",
        {"access_token": "$env:MY_TOKEN", "app_secret": f"$file:{token_file}"},
        environ={"MY_TOKEN": "env-secret"},
        scenario_folder=tmp_path,
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
    [("$env:MISSING_VAR", "MISSING_VAR is not set"), ("$file:nonexistent/x", "cannot read"), ("abc123", "reference")],
)
def test_bad_references_name_the_field(reference: str, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        resolve_credentials("channels[1].credentials", {"access_token": reference}, environ={})
    assert "channels[1].credentials.access_token" in str(caught.value)
    assert fragment in str(caught.value)
    assert "abc123" not in str(caught.value)


def test_relative_file_resolves_against_the_scenario_folder_not_the_current_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario_folder = tmp_path / "brand"
    scenario_folder.mkdir()
    (scenario_folder / "token.txt").write_text("brand-token\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "token.txt").write_text("wrong-token\n")
    monkeypatch.chdir(elsewhere)
    secret = resolve_reference("access_token", "$file:token.txt", {}, scenario_folder=scenario_folder)
    assert secret.reveal() == "brand-token"


@pytest.mark.parametrize("reference", ["$file:../outside.txt", "$file:{outside}", "$file:link.txt"])
def test_file_outside_the_allowed_folders_is_refused_without_its_content(tmp_path: Path, reference: str) -> None:
    scenario_folder = tmp_path / "brand"
    scenario_folder.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (scenario_folder / "link.txt").symlink_to(outside)
    with pytest.raises(InputError) as caught:
        resolve_reference("access_token", reference.format(outside=outside), {}, scenario_folder=scenario_folder)
    message = str(caught.value)
    assert "outside the allowed folders" in message
    assert "MIXPLAN_SECRETS_DIR" in message
    assert "root:x" not in message


def test_configured_secrets_folder_is_allowed(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "ig").write_text("vault-token")
    secret = resolve_reference(
        "access_token", f"$file:{vault / 'ig'}", {SECRETS_DIR_ENV: str(vault)}, scenario_folder=tmp_path / "brand"
    )
    assert secret.reveal() == "vault-token"


def test_a_folder_or_device_is_not_a_credential_file(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    with pytest.raises(InputError, match="not a regular file"):
        resolve_reference("access_token", "$file:dir", {}, scenario_folder=tmp_path)
    with pytest.raises(InputError, match="outside the allowed folders"):
        resolve_reference("access_token", "$file:/dev/zero", {}, scenario_folder=tmp_path)


@pytest.mark.parametrize("content", ["qzv-one\nqzv-two", "qzv\tinside", "qzv\x00byte"])
def test_multi_line_or_control_character_token_is_refused_without_showing_it(tmp_path: Path, content: str) -> None:
    (tmp_path / "token").write_text(content)
    for reference, environ in [("$file:token", {}), ("$env:TOKEN", {"TOKEN": content})]:
        with pytest.raises(InputError) as caught:
            resolve_reference("access_token", reference, environ, scenario_folder=tmp_path)
        assert "control character" in str(caught.value)
        assert "qzv" not in str(caught.value)


def test_oversized_credential_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big").write_text("x" * (MAX_SECRET_FILE_BYTES + 1))
    with pytest.raises(InputError, match="larger than"):
        resolve_reference("access_token", "$file:big", {}, scenario_folder=tmp_path)
