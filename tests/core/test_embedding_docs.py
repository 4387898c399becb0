"""docs/embedding.md tells the truth about the objects it names."""

from __future__ import annotations

from pathlib import Path

import mixplan
from mixplan import load_scenario
from mixplan.compile import CompiledProblem
from mixplan.solver import Problem

ROOT = Path(__file__).resolve().parents[2]
SHOP = ROOT / "examples" / "shop" / "scenario.yaml"


def test_compile_gives_a_problem_with_a_json_form_and_no_json_of_its_own() -> None:
    compiled = mixplan.Engine(load_entry_points=False).compile(load_scenario(SHOP))
    assert isinstance(compiled, CompiledProblem)
    assert not hasattr(compiled, "to_json")
    text = compiled.problem.to_json()
    assert Problem.from_json(text).to_json() == text
    page = (ROOT / "docs" / "embedding.md").read_text(encoding="utf-8")
    assert "compiled.problem.to_json()" in page and "no JSON form of its own" in page
