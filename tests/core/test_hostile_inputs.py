"""Hostile scenario files: each ends with exit 2, one bounded line naming the field, nothing stored.

The corpus in ``hostile/`` holds overflowing dates, 5000-digit numbers in YAML, JSON and TOML,
Decimal exponents, 10,000-deep nesting, duplicate keys, booleans and quoted numbers where numbers
go, non-ASCII digits in money, NUL and control characters, contradicting category rules and a
366-day horizon of 5-minute slots. A 2 MB currency string is written at test time. A hypothesis
mutator over the bundled example adds a few hundred more cases.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mixplan.cli.main import cli
from mixplan.errors import MAX_INPUT_MESSAGE_CHARS
from mixplan.storage import Store
from support.mutations import ACTIONS, EXAMPLE_PATHS, HOSTILE_SAMPLES, mutated

CORPUS = Path(__file__).parent / "hostile"
EXPECTED: dict[str, str] = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
MAX_LINE = MAX_INPUT_MESSAGE_CHARS + len("error: ")


def test_every_corpus_file_has_an_expectation() -> None:
    files = {path.name for path in CORPUS.iterdir() if path.name != "expected.yaml"}
    assert files == set(EXPECTED) and len(files) >= 25


def _one_bounded_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output[:2000]
    assert "Traceback" not in output
    assert len(lines[0]) <= MAX_LINE, f"{len(lines[0])} characters: {lines[0][:400]}"
    return lines[0]


def _conflict_lines(output: str) -> None:
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines[0] == "error: no plan satisfies every rule:" and len(lines) >= 2, output[:2000]
    assert all(line.startswith("  - ") and len(line) <= MAX_LINE for line in lines[1:]), output[:2000]
    assert "Traceback" not in output


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_exits_2_with_one_line_naming_the_field(name: str) -> None:
    result = CliRunner().invoke(cli, ["validate", str(CORPUS / name)])
    line = _one_bounded_line(result.output)
    assert result.exit_code == 2, line
    assert line.startswith("error: ")
    assert EXPECTED[name] in line, line


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_plan_stores_nothing(name: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'runs.db'}"
    result = CliRunner().invoke(cli, ["--db", db, "plan", str(CORPUS / name), "--time-limit", "5"])
    _one_bounded_line(result.output)
    assert result.exit_code == 2
    if (tmp_path / "runs.db").exists():
        with Store(db) as store:
            assert store.list_runs() == []


def test_a_2_mb_currency_is_cut_in_the_error_line(tmp_path: Path) -> None:
    scenario = yaml.safe_load((CORPUS / "days_true.yaml").read_text(encoding="utf-8"))
    scenario["horizon"]["days"] = 7
    scenario["currency"] = "E" * 2_000_000
    path = tmp_path / "huge_currency.yaml"
    path.write_text(yaml.safe_dump(scenario, width=10_000_000), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    line = _one_bounded_line(result.output)
    assert result.exit_code == 2 and "currency: " in line
    cut = re.search(r"(E+)…(E+)", line)
    assert cut is not None and abs(len(cut.group(1)) - len(cut.group(2))) <= 1, f"not cut in the middle: {line}"


# -- a mutation fuzzer over the bundled example --------------------------------------------------

HOSTILE_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(HOSTILE_SAMPLES),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,  # the same cases every run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(EXAMPLE_PATHS),
    action=st.sampled_from(ACTIONS),
    value=HOSTILE_VALUES,
)
def test_mutated_examples_end_with_a_documented_code_and_no_traceback(
    tmp_path_factory: pytest.TempPathFactory, path: tuple[Any, ...], action: str, value: Any
) -> None:
    target = tmp_path_factory.mktemp("fuzz") / "scenario.yaml"
    target.write_text(yaml.safe_dump(mutated(path, action, value), allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(target)])
    assert result.exit_code in {0, 2, 3, 4}, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    if result.exit_code == 3:  # docs/cli.md: the headline, then one bounded line per conflicting rule
        _conflict_lines(result.output)
    elif result.exit_code != 0:
        _one_bounded_line(result.output)
