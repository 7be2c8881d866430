"""Problem fields as command-line options, shared by ``check`` and ``solve``."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from calctutor.sets.model import Problem

Kind = Annotated[str | None, typer.Option("--kind", help="derivative, integral, gradient, …")]
Expr = Annotated[str | None, typer.Option("--expr", help="The expression (the integrand, f …).")]
Var = Annotated[str | None, typer.Option("--var", help="The variable.")]
Vars = Annotated[str | None, typer.Option("--vars", help="Variables in order, e.g. 'x, y'.")]
Lower = Annotated[str | None, typer.Option("--lower", help="Lower limit (oo for ∞).")]
Upper = Annotated[str | None, typer.Option("--upper", help="Upper limit (oo for ∞).")]
Expected = Annotated[str | None, typer.Option("--expected", help="Expected expression.")]
Equation = Annotated[str | None, typer.Option("--equation", help="An ODE, e.g. \"y'' + y = 0\".")]
Func = Annotated[str | None, typer.Option("--func", help="The ODE's unknown function (y).")]
Ics = Annotated[str | None, typer.Option("--ics", help='Initial conditions as JSON: {"y(0)": 1}.')]
RequireConstant = Annotated[
    bool, typer.Option("--require-constant", help="An integral answer must have + C.")
]
Method = Annotated[str | None, typer.Option("--method", help="gd, momentum, rmsprop, adam …")]
Lr = Annotated[str | None, typer.Option("--lr", help="Learning rate.")]
Start = Annotated[str | None, typer.Option("--start", help="Starting point, e.g. '(1, 1)'.")]
Steps = Annotated[int, typer.Option("--steps", help="Optimizer steps.")]
Classify = Annotated[bool, typer.Option("--classify", help="Label critical points.")]


def options_problem(**options: Any) -> Problem | None:
    """A Problem from the options given (None when no --kind was given)."""
    from calctutor.sets.loader import problem_from_mapping

    if options.get("kind") is None:
        return None
    data = {k: v for k, v in options.items() if v not in (None, False)}
    if data.get("steps") == 1:
        data.pop("steps")
    if "ics" in data:
        data["ics"] = _json_mapping(data["ics"])
    return problem_from_mapping({"id": "typed", **data})


def _json_mapping(text: str) -> Any:
    """--ics text as a mapping (a non-mapping is left for validation to refuse)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text
