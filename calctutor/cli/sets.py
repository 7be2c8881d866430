"""``calctutor sets``: list, show and validate problem sets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from calctutor.cli.common import console, error_console, fail, print_json
from calctutor.cli.exits import ExitStatus

app = typer.Typer(help="List, show and validate problem sets.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@app.command("list")
def list_sets(as_json: JsonFlag = False) -> None:
    """List the bundled problem sets and your own (in $CALCTUTOR_HOME/sets)."""
    from calctutor.sets.catalog import summaries

    rows = summaries()
    if as_json:
        print_json(rows)
        return
    from calctutor.render.problems import sets_table

    console().print(sets_table(rows))


@app.command("show")
def show_set(
    name: Annotated[str, typer.Argument(help="A set's name (see `sets list`) or a YAML file.")],
    as_json: JsonFlag = False,
) -> None:
    """Show the problems of one set, with their math pretty-printed."""
    from calctutor.sets.catalog import SetNotFound, open_set

    try:
        problem_set = open_set(name)
    except SetNotFound as error:
        fail(str(error))
    if as_json:
        from calctutor.sets.catalog import set_as_json

        print_json(set_as_json(problem_set))
        return
    from calctutor.render.problems import problem_math, problem_table

    math = {p.id: m for p in problem_set.problems if (m := problem_math(p)) is not None}
    console().print(problem_table(problem_set, math))
    _warn_if_invalid(problem_set.path)


def _warn_if_invalid(path: str) -> None:
    """Say on stderr when some problems of the set were left out for errors."""
    from calctutor.sets.files import load_file

    errors = load_file(Path(path)).errors
    if errors:
        error_console().print(
            f"warning: {len(errors)} error(s) in {path}: the problems with errors are not shown "
            f"(calctutor sets validate {path})", markup=False, soft_wrap=True,
        )  # fmt: skip


@app.command("validate")
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Set files to check (default: every set).")
    ] = None,
    quick: Annotated[
        bool, typer.Option("--quick", help="Check the files only; do not solve every problem.")
    ] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to solve one problem.")] = 20.0,
) -> None:
    """Check problem sets and list every error with file, line and problem id: YAML syntax,
    unknown kinds and keys, expressions that do not parse, duplicate ids, templates, and
    (unless --quick) problems that calctutor cannot solve.

    Exit status 0 when every set is valid, 1 when any error was found, 2 for usage errors.
    """
    from calctutor.sets.files import discover

    files = list(paths or discover())
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        fail(f"not a set file: {', '.join(missing)} (give the paths of YAML files)")
    errors = sum(_validate_file(path, quick, timeout) for path in files)
    if errors:
        raise typer.Exit(int(ExitStatus.INCORRECT))


def _validate_file(path: Path, quick: bool, timeout: float) -> int:
    """Report one file's errors (stderr) and its summary line (stdout); return the count."""
    from calctutor.sets.files import SetError, load_file

    loaded = load_file(path)
    errors = list(loaded.errors)
    if loaded.problem_set is not None and not quick:
        from calctutor.steps.solvable import unsolvable

        for problem, reason in unsolvable(loaded.problem_set, timeout=timeout):
            errors.append(SetError(str(path), _id_line(path, problem.id), problem.id, reason))
    for error in errors:
        error_console().print(str(error), markup=False, highlight=False, soft_wrap=True)
    count = 0 if loaded.problem_set is None else len(loaded.problem_set.problems)
    status = "ok" if not errors else f"{len(errors)} error{'s' * (len(errors) != 1)}"
    noun = "problem" if count == 1 else "problems"
    console().print(f"{path}: {count} usable {noun}, {status}", markup=False, soft_wrap=True)
    return len(errors)


def _id_line(path: Path, problem_id: str) -> int | None:
    """The line where a problem's id is written."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip().lstrip("- ").replace('"', "").replace("'", "") == f"id: {problem_id}":
            return number
    return None
