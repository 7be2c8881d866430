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
    from calctutor.catalog import summaries

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
    from calctutor.catalog import SetNotFound, open_set

    try:
        problem_set = open_set(name)
    except SetNotFound as error:
        fail(str(error))
    if as_json:
        from calctutor.catalog import set_as_json

        print_json(set_as_json(problem_set))
        return
    from calctutor.render.problems import problem_math, problem_table

    math = {p.id: m for p in problem_set.problems if (m := problem_math(p)) is not None}
    console().print(problem_table(problem_set, math))


@app.command("validate")
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Set files to check (default: every set).")
    ] = None,
) -> None:
    """Check problem sets and list every error with file, line and problem id.

    Exit status 0 when every set is valid, 1 when any error was found, 2 for usage errors.
    """
    from calctutor.setfiles import discover, load_file

    files = list(paths or discover())
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        fail(f"no such file: {', '.join(missing)}")
    errors = 0
    out = error_console()
    for path in files:
        loaded = load_file(path)
        for error in loaded.errors:
            out.print(str(error), markup=False, highlight=False, soft_wrap=True)
        errors += len(loaded.errors)
        count = 0 if loaded.problem_set is None else len(loaded.problem_set.problems)
        status = "ok" if not loaded.errors else f"{len(loaded.errors)} error(s)"
        console().print(f"{path}: {count} problems, {status}", markup=False, soft_wrap=True)
    if errors:
        raise typer.Exit(int(ExitStatus.INCORRECT))
