"""The repository's promises: README quick start, CI, layering, a fast --help."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def quick_start_commands() -> list[str]:
    """The command lines of the fenced block under the README's Quick start heading."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1]
    block = section.split("```", 2)[1]
    lines = [line.strip() for line in block.splitlines()[1:]]
    return [line for line in lines if line and not line.startswith("#")]


def test_readme_quick_start_has_exactly_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert commands[0].startswith("pip install . && calctutor ")


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    match = re.search(r"^TEST_COMMAND='(.*)'$", script, re.MULTILINE)
    assert match is not None
    assert match.group(1) == quick_start_commands()[1]


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed (pip install '.[test]')")
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_help_and_version_never_import_sympy() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from calctutor.cli.app import app\n"
        "runner = CliRunner()\n"
        "assert runner.invoke(app, ['--help']).exit_code == 0\n"
        "assert runner.invoke(app, ['--version']).exit_code == 0\n"
        "assert runner.invoke(app, ['sets', 'list']).exit_code == 0\n"
        "print('sympy' in sys.modules)\n"
    )
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_python_dash_m_prints_the_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "calctutor", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert done.stdout.startswith("calctutor ")


def test_the_wheel_ships_the_top_level_problem_sets(tmp_path: Path) -> None:
    import zipfile

    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("calctutor-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("calctutor/problems/")}
    in_repo = {p.name for p in (ROOT / "problems").glob("*.yaml")}
    assert in_repo and in_repo == shipped
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = "import calctutor.paths as p; d = p.bundled_sets_dir(); print(d, len([*d.glob('*.y*')]))"
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(target)}, cwd=tmp_path,
    )  # fmt: skip
    where, count = found.stdout.split()
    assert Path(where).is_relative_to(target) and int(count) == len(in_repo)


def _packages_on_disk() -> set[str]:
    """Every package folder under calctutor/ (one with an __init__.py), as a dotted name."""
    inits = (ROOT / "calctutor").rglob("__init__.py")
    return {".".join(p.parent.relative_to(ROOT).parts) for p in inits}


def test_pyproject_lists_every_package() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    assert listed == _packages_on_disk() | {"calctutor.problems"}


def test_the_top_level_holds_few_modules() -> None:
    modules = {p.name for p in (ROOT / "calctutor").glob("*.py")}
    assert len(modules) <= 8, sorted(modules)


def _import_cycles() -> list[list[str]]:
    """The strongly connected groups of calctutor's modules (lazy imports included)."""
    import grimp

    graph = grimp.build_graph("calctutor")
    edges = {
        m: {d for d in graph.find_modules_directly_imported_by(m) if d.startswith("calctutor")}
        for m in graph.modules
        if m.startswith("calctutor")
    }
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        for nxt in edges[node]:
            if nxt not in order:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], order[nxt])
        if low[node] == order[node]:
            group = stack[stack.index(node) :]
            del stack[stack.index(node) :]
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(edges):
        if module not in order:
            visit(module)
    return cycles


def test_no_import_circles_anywhere() -> None:
    pytest.importorskip("grimp", reason="grimp comes with import-linter (pip install '.[test]')")
    assert _import_cycles() == []
