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


def _modules_after_command(*args: str, tmp_db: str) -> set[str]:
    """The heavy modules a fresh `mixplan ARGS` process has imported when it ends."""
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['mixplan', *{list(args)!r}]\n"
        "try:\n"
        "    runpy.run_module('mixplan.cli', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('numpy', 'scipy', 'ortools', 'mixplan.solver', 'mixplan.compile', 'httpx')\n"
        "print(' '.join(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**__import__("os").environ, "MIXPLAN_DB": tmp_db}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return set(done.stderr.strip().splitlines()[-1].split()) if done.stderr.strip() else set()


def test_help_and_runs_list_load_neither_numpy_nor_the_solver(tmp_path: object) -> None:
    db = f"sqlite:///{tmp_path}/cost.db"
    assert _modules_after_command("--help", tmp_db=db) == set()
    assert _modules_after_command("runs", "list", tmp_db=db) == set()


def test_export_help_lists_the_exporters_without_numpy_httpx_or_the_solver(tmp_path: object) -> None:
    assert _modules_after_command("export", "--help", tmp_db=f"sqlite:///{tmp_path}/cost.db") == set()


def test_help_imports_no_model_nor_pydantic(tmp_path: object) -> None:
    code = (
        "import sys, runpy\n"
        "sys.argv = ['mixplan', '--help']\n"
        "try:\n"
        "    runpy.run_module('mixplan.cli', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(m for m in ('pydantic', 'mixplan.model', 'rich') if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**__import__("os").environ, "MIXPLAN_DB": f"sqlite:///{tmp_path}/cost.db"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert done.stderr.strip().splitlines()[-1:] in ([], [""])
