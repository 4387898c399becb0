"""Commands that never solve or fit do not load OR-Tools or scipy (about 0.8 s of start-up)."""

from __future__ import annotations

import subprocess
import sys


def _loaded_after(statement: str) -> set[str]:
    code = f"{statement}\nimport sys\nprint(' '.join(sorted(m for m in ('ortools', 'scipy') if m in sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_importing_mixplan_and_its_command_line_loads_neither_ortools_nor_scipy() -> None:
    assert _loaded_after("import mixplan, mixplan.cli.main, mixplan.storage, mixplan.fitting") == set()


def test_solving_and_fitting_load_them_on_first_use() -> None:
    assert "ortools" in _loaded_after("from mixplan.solver import solve")
    assert "scipy" in _loaded_after("from mixplan.fitting import fit_channels")


def test_the_lazy_solve_is_the_function_even_after_its_module_is_imported() -> None:
    import mixplan.solver
    import mixplan.solver.solve_problem

    assert mixplan.solver.solve is mixplan.solver.solve_problem.solve
    assert callable(mixplan.solver.solve)
