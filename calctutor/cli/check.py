"""``calctutor check``: is this one answer right?"""

from __future__ import annotations

from typing import Annotated

import typer

from calctutor.cli import problem_options as opt
from calctutor.cli.common import console, fail, print_json, refuse_unknown_options
from calctutor.cli.exits import ExitStatus

STATUS = {
    "correct": ExitStatus.OK,
    "incorrect": ExitStatus.INCORRECT,
    "invalid": ExitStatus.BAD_INPUT,
    "unknown": ExitStatus.UNKNOWN,
}


def check(
    target: Annotated[
        str | None, typer.Argument(help="SET/ID of a problem, or the answer itself with --kind.")
    ] = None,
    answer: Annotated[str | None, typer.Argument(help="Your answer.")] = None,
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
    require_constant: opt.RequireConstant = False,
    method: opt.Method = None,
    lr: opt.Lr = None,
    start: opt.Start = None,
    steps: opt.Steps = 1,
    classify: opt.Classify = False,
    seed: Annotated[int, typer.Option(help="Which variant of a template problem.")] = 0,
    timeout: Annotated[float, typer.Option(help="Seconds before giving up.")] = 3.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdict as JSON.")] = False,
    working: Annotated[
        str | None,
        typer.Option("--working", help="Check this file of working line by line (- for stdin)."),
    ] = None,
) -> None:
    """Check one answer: `calctutor check chain-rule/chain-1 "6x cos(3x^2)"`, or ad hoc:
    `calctutor check --kind derivative --expr "sin(x^2)" --var x "2x cos(x^2)"`.

    With `--working FILE` (one step a line), every line is judged and the first wrong one is
    shown: `calctutor check integration-by-parts/parts-1 --working steps.txt`.

    Exit status: 0 correct, 1 incorrect, 2 invalid answer or usage error, 3 undecided.
    """
    refuse_unknown_options(target, answer)
    if working is not None:
        from calctutor.cli.working import check_working_command

        options = {
            "kind": kind, "expr": expr, "var": var, "vars": vars, "lower": lower, "upper": upper,
            "expected": expected, "equation": equation, "func": func, "ics": ics,
            "require_constant": require_constant,
        }  # fmt: skip
        check_working_command(target, answer, working, options, seed, timeout, as_json)
        return
    if target is None:
        fail("give SET/ID and an answer, or --kind and the problem's fields")
    from calctutor.sets.catalog import SetNotFound, open_problem
    from calctutor.sets.loader import ProblemError

    try:
        problem = opt.options_problem(
            kind=kind, expr=expr, var=var, vars=vars, lower=lower, upper=upper,
            expected=expected, equation=equation, func=func, ics=ics,
            require_constant=require_constant, method=method, lr=lr, start=start,
            steps=steps, classify=classify,
        )  # fmt: skip
        if problem is None:
            if answer is None:
                fail("give SET/ID and an answer, or --kind and the problem's fields")
            problem = open_problem(target, seed)[1]
        elif answer is not None:
            fail("with --kind, give only the answer (no SET/ID)")
        else:
            answer = target
    except (SetNotFound, ProblemError) as error:
        fail(str(error))
    _report(problem, answer, timeout, as_json)


def _report(problem: object, answer: str, timeout: float, as_json: bool) -> None:
    """Run the check and print its verdict; exit with the verdict's status."""
    from calctutor.check import check as run_check
    from calctutor.sets.model import Problem

    assert isinstance(problem, Problem)
    verdict = run_check(problem, answer, timeout=timeout)
    if as_json:
        print_json(verdict.to_json())
    else:
        from calctutor.render.verdict import verdict_view

        console().print(verdict_view(verdict, answer))
    raise typer.Exit(int(STATUS[verdict.verdict]))
