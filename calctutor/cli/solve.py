"""``calctutor solve``: a worked solution, step by step."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from calctutor.cli import problem_options as opt
from calctutor.cli.common import console, error_console, fail, print_json, refuse_unknown_options
from calctutor.cli.exits import ExitStatus
from calctutor.cli.pictures import PictureRequest


def solve(
    request: Annotated[
        str | None,
        typer.Argument(help='What to solve: "d/dx sin(x^2)", "∫ x e^x dx", SET/ID, "y\' = 2y" …'),
    ] = None,
    kind: opt.Kind = None,
    expr: opt.Expr = None,
    var: opt.Var = None,
    vars: opt.Vars = None,
    lower: opt.Lower = None,
    upper: opt.Upper = None,
    expected: opt.Expected = None,
    equation: opt.Equation = None,
    func: opt.Func = None,
    ics: opt.Ics = None,
    method: opt.Method = None,
    lr: opt.Lr = None,
    start: opt.Start = None,
    steps: opt.Steps = 1,
    classify: opt.Classify = False,
    input_file: Annotated[
        Path | None, typer.Option("--input", help="JSON Lines: one problem per line (- for stdin).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the solution as JSON.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Write Markdown.")] = False,
    latex: Annotated[bool, typer.Option("--latex", help="Write a LaTeX document.")] = False,
    seed: Annotated[int, typer.Option(help="Which variant of a template problem.")] = 0,
    timeout: Annotated[float, typer.Option(help="Seconds per problem before giving up.")] = 10.0,
    plot: Annotated[
        bool, typer.Option("--plot", help="Also draw the problem's picture (see calctutor plot).")
    ] = False,
    at: Annotated[str | None, typer.Option(help="With --plot: the point to draw at.")] = None,
    riemann: Annotated[
        str | None, typer.Option(help="With --plot: a Riemann sum (left, right, mid, trapezoid).")
    ] = None,
    n: Annotated[int, typer.Option("--n", help="With --riemann: how many pieces.")] = 8,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="With --plot: write the picture as a PNG.")
    ] = None,
) -> None:
    """Show a worked solution: `calctutor solve "d/dx sin(x^2)"`, `"integrate x e^x dx"`,
    `"int_0^1 x^2 dx"`, `"grad x^2 y + y^3"`, `"y'' + y = 0, y(0) = 1, y'(0) = 0"`, or SET/ID.

    Exit status: 0 solved, 2 unreadable input, 3 no solution within the time limit.
    """
    refuse_unknown_options(request)
    picture = PictureRequest(plot, at, riemann, n, output)
    picture.refuse_misuse(as_json or markdown or latex, input_file is not None)
    if input_file is not None:
        if request is not None:
            fail("give either a request or --input FILE, not both")
        _solve_lines(input_file, timeout)
        return
    fields = {
        "kind": kind, "expr": expr, "var": var, "vars": vars, "lower": lower, "upper": upper,
        "expected": expected, "equation": equation, "func": func, "ics": ics,
        "method": method, "lr": lr, "start": start, "steps": steps, "classify": classify,
    }  # fmt: skip
    problem = _problem(request, fields, seed)
    started = time.perf_counter()
    solution = _solve_limited(problem, timeout)
    seconds = time.perf_counter() - started
    _show(problem, solution, seconds, as_json=as_json, markdown=markdown, latex=latex)
    if plot:
        picture.draw(problem, solution.result, timeout)
    if solution.result is None:
        error_console().print("no result: calctutor could not solve this", markup=False)
        raise typer.Exit(int(ExitStatus.UNKNOWN))


def _problem(request: str | None, fields: dict[str, Any], seed: int) -> Any:
    """The problem from options, SET/ID, or typed natural input."""
    from calctutor.expr import ParseError
    from calctutor.sets.catalog import SetNotFound, open_problem
    from calctutor.sets.loader import ProblemError
    from calctutor.sets.natural import NaturalInputError, read_request

    try:
        from_options = opt.options_problem(**fields)
        if from_options is not None:
            return from_options
        if request is None:
            fail('say what to solve, e.g. calctutor solve "d/dx sin(x^2)"')
        variables = _given_variables(fields)
        if _looks_like_reference(request):
            if variables:
                fail("--var and --vars do not apply to a problem from a set (SET/ID)")
            return open_problem(request, seed)[1]
        return read_request(request, variables)
    except ParseError as error:
        fail(error.display())
    except (NaturalInputError, ProblemError, SetNotFound) as error:
        fail(str(error))


def _given_variables(fields: dict[str, Any]) -> tuple[str, ...]:
    """The variables of --var or --vars (a comma-separated list); both at once is an error."""
    if fields["var"] is not None and fields["vars"] is not None:
        fail("give either --var or --vars, not both")
    text = fields["vars"] if fields["vars"] is not None else fields["var"] or ""
    return tuple(v.strip() for v in text.split(",") if v.strip())


def _looks_like_reference(text: str) -> bool:
    """SET/ID: one slash, no spaces, and a set of that name exists."""
    from calctutor.sets.files import discover

    name, slash, problem_id = text.rpartition("/")
    if not slash or " " in text or not problem_id or name in ("d", "∂") or "(" in text:
        return False
    # a name/id with no maths in it is a reference even when the set does not exist,
    # so that a typo gets "no problem set named …" rather than "cannot tell what to solve"
    plain = name.replace("-", "").replace("_", "").replace(".", "").isalnum()
    return (
        plain or Path(name).suffix in (".yaml", ".yml") or any(p.stem == name for p in discover())
    )


def solve_in_worker(problem: Any) -> Any:
    """The worker's task: solve, or return the error's message (a picklable value)."""
    from calctutor.expr import ParseError
    from calctutor.steps.solve import solve_problem

    try:
        return solve_problem(problem)
    except ParseError as error:
        return ("error", error.display())
    except (ValueError, NotImplementedError, TypeError) as error:
        return ("error", f"cannot solve this problem: {error}")
    except RecursionError:
        return ("error", "cannot solve this problem: it is nested too deeply")
    except Exception as error:  # a SymPy failure is reported, never shown as a traceback
        return ("error", f"cannot solve this problem ({type(error).__name__}: {error})")


def _solve_limited(problem: Any, timeout: float) -> Any:
    """Solve under a hard time limit, failing with a clear message."""
    from calctutor.limits import TimedOut, run_limited

    result = run_limited(solve_in_worker, problem, timeout=timeout)
    if isinstance(result, TimedOut):
        return _gave_up(problem, result)
    if isinstance(result, tuple):
        fail(result[1])
    return result


def _gave_up(problem: Any, timed_out: Any) -> Any:
    """The worker ran out of time or memory: an incomplete solution that says so."""
    from calctutor.steps.model import Solution, Step

    if timed_out.reason == "time":
        why = f"no solution within {timed_out.seconds:g} s (use --timeout to allow longer)"
    else:
        why = f"no solution: {timed_out.message}"
    step = Step("time limit", f"calctutor gave up: {why}.")
    return Solution(problem.kind, None, None, (step,), complete=False, note=why)


def _show(problem: Any, solution: Any, seconds: float, **formats: bool) -> None:
    """Print the solution in the format asked for."""
    from calctutor.export.solution import solution_json, solution_latex, solution_markdown
    from calctutor.notation.question import question

    title = question(problem)
    if formats["as_json"]:
        print_json(solution_json(solution, problem.id, seconds))
    elif formats["markdown"]:
        sys.stdout.write(solution_markdown(solution, title))
    elif formats["latex"]:
        sys.stdout.write(solution_latex(solution, title))
    else:
        from calctutor.render.steps import solution_panel

        console().print(solution_panel(solution, title))


def _solve_lines(path: Path, timeout: float) -> None:
    """--input: one JSON line out per problem line in, in order; bad lines give an error line."""
    from calctutor.limits import WorkerPool

    lines = _read_lines(path)
    with WorkerPool(1) as pool:
        for number, line in enumerate(lines, 1):
            if line.strip():
                sys.stdout.write(json.dumps(_one_line(pool, line, number, timeout)) + "\n")
                sys.stdout.flush()


def _read_lines(path: Path) -> list[str]:
    """The input file's lines (stdin for -), or a clear failure."""
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read {path}: {error}")
    return text.splitlines()


def _one_line(pool: Any, line: str, number: int, timeout: float) -> dict[str, Any]:
    """Solve one JSON line, returning the output object."""
    from calctutor.export.solution import solution_json
    from calctutor.limits import TimedOut
    from calctutor.sets.loader import ProblemError, problem_from_mapping

    try:
        data = json.loads(line)
        problem = problem_from_mapping(data, default_id=str(number))
    except json.JSONDecodeError as error:
        return {"id": str(number), "error": f"line {number} is not valid JSON: {error.msg}"}
    except ProblemError as error:
        return {"id": _id_of(line, number), "error": str(error)}
    started = time.perf_counter()
    result = pool.run(solve_in_worker, (problem,), timeout)
    if isinstance(result, TimedOut):
        result = _gave_up(problem, result)
    if isinstance(result, tuple):
        return {"id": problem.id, "error": result[1]}
    return solution_json(result, problem.id, time.perf_counter() - started)


def _id_of(line: str, number: int) -> str:
    """The id a JSON line gives, or its line number."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        return str(number)
    return str(data.get("id", number)) if isinstance(data, dict) else str(number)
