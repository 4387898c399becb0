"""The corpus of bad scenario files: each fails validation with exit 2 and one line naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from mixplan import Engine
from mixplan.errors import InputError, MixplanError
from mixplan.loading import load_and_validate

CORPUS = Path(__file__).parent / "bad_scenarios"
EXPECTED: dict[str, str] = yaml.safe_load((CORPUS / "expected.yaml").read_text())


def test_the_corpus_is_large_and_complete() -> None:
    files = {path.name for path in CORPUS.iterdir() if path.name != "expected.yaml"}
    assert len(files) >= 25
    assert files == set(EXPECTED), "every corpus file needs an expectation, and every expectation a file"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_entry_points=False)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_library_rejects_with_input_error_naming_the_field(name: str, engine: Engine) -> None:
    path = CORPUS / name
    with pytest.raises(MixplanError) as caught:
        load_and_validate(path, engine)
    error = caught.value
    assert isinstance(error, InputError)
    assert error.exit_code == 2
    message = str(error)
    assert "\n" not in message
    assert EXPECTED[name] in message, message
    if "." in name and not EXPECTED[name].startswith(("not valid", "unknown file", "must contain", "it is", "is not")):
        assert message.startswith(str(path)), "the message starts with the file name"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_validate_exits_2_with_one_line_and_no_traceback(name: str) -> None:
    from mixplan.cli.main import cli

    result = CliRunner().invoke(cli, ["validate", str(CORPUS / name)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert EXPECTED[name] in lines[0]
    assert "Traceback" not in result.output
