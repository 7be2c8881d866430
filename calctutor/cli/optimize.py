"""``calctutor optimize``: run gradient descent, momentum, RMSprop or Adam and watch it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from calctutor.cli.common import console, fail, print_json, refuse_unknown_options
from calctutor.cli.pictures import check_output, show_picture

MAX_STEPS = 100_000
PICTURE_SECONDS = 20.0
Number = Annotated[float | None, typer.Option(help="PyTorch's default when not given.")]


def optimize(
    expr: Annotated[str, typer.Argument(help="The objective, e.g. 'x^2 + 10y^2'.")],
    start: Annotated[str, typer.Option(help="The starting point, e.g. '(1, 1)'.")],
    method: Annotated[str, typer.Option(help="gd, momentum, nesterov, rmsprop or adam.")] = "gd",
    lr: Annotated[float, typer.Option(help="The learning rate.")] = 0.1,
    steps: Annotated[int, typer.Option(help="How many updates.", min=1, max=MAX_STEPS)] = 20,
    compare: Annotated[
        str | None, typer.Option(help="Several methods from the same start: 'gd,momentum,adam'.")
    ] = None,
    vars: Annotated[str | None, typer.Option(help="Variables in order (default x, y, …).")] = None,
    momentum: Number = None,
    alpha: Number = None,
    eps: Number = None,
    beta1: Number = None,
    beta2: Number = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run(s) as JSON.")] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Paths and loss curves: a .png, or a .gif animation."),
    ] = None,
) -> None:
    """Run an optimizer on f and show each iteration (step, point, f, ‖∇f‖), saying plainly
    whether it converged or diverged. --compare plots the methods' loss curves side by side.
    """
    refuse_unknown_options(expr)
    check_output(output, animated=True)
    hyper = {"momentum": momentum, "alpha": alpha, "eps": eps, "beta1": beta1, "beta2": beta2}
    f, names, point = _inputs(expr, vars, start)
    methods = [m.strip() for m in compare.split(",")] if compare else [method]
    traces = _runs(f, names, point, methods, lr, steps, hyper)
    if as_json:
        print_json(traces[0].to_json() if len(traces) == 1 else [t.to_json() for t in traces])
    else:
        best = _least(f, names, traces) if len(traces) > 1 else None
        _show(traces, [str(n) for n in names], best)
    if output is not None:
        _png(f, names, traces, output)


def _inputs(expr: str, vars: str | None, start: str) -> tuple[Any, tuple[Any, ...], list[float]]:
    """The objective, its variables and the start point, read by the safe parser."""
    import sympy

    from calctutor.expr import ParseContext, ParseError, parse_answer, parse_expr
    from calctutor.sets.natural import guess_variables

    names = tuple(v.strip() for v in vars.split(",")) if vars else guess_variables(expr)
    try:
        f = parse_expr(expr, ParseContext(variables=names))
    except ParseError as error:
        fail(error.display())
    try:
        point = parse_answer(start, ParseContext(variables=(), expect="vector"))
        used = [n for n in names if sympy.Symbol(n) in f.free_symbols] if not vars else names
        return f, tuple(sympy.Symbol(n) for n in used), [float(v) for v in point]
    except ParseError as error:
        if "is not a variable" not in error.message:
            fail(f"--start: {error.display()}")
        fail(f"--start must be a point of numbers such as '(1, 1)', not '{start}'")
    except TypeError:
        fail(f"--start must be a point of numbers such as '(1, 1)', not '{start}'")


def _runs(f: Any, names: Any, point: list[float], methods: list[str], lr: float,
          steps: int, hyper: dict[str, float | None]) -> list[Any]:  # fmt: skip
    """One trace per method, or a clear failure for bad settings."""
    from calctutor.optimization.runs import Hyper, OptimizeError, run

    if len(point) != len(names):
        fail(f"the start point has {len(point)} coordinates; f has {len(names)} variables")
    try:
        settings = Hyper.from_values({k: v for k, v in hyper.items() if v is not None})
        return [run(f, names, m, lr, point, steps, settings) for m in methods]
    except (OptimizeError, ValueError) as error:
        fail(str(error))


def _show(traces: list[Any], names: list[str], best: float | None) -> None:
    """A table per run; with several, their loss curves on one plot."""
    from calctutor.render.optimize import loss_curves, run_view

    out = console()
    for trace in traces:
        out.print(run_view(trace, names))
    if len(traces) > 1:
        out.print(loss_curves(traces, min(out.width, 100), best))


def _least(f: Any, names: Any, traces: list[Any]) -> float | None:
    """f at the minimum nearest the first run's end, if SymPy finds it in reasonable time."""
    from calctutor.limits import TimedOut, run_limited
    from calctutor.optimization.problem_pictures import least_value

    best = run_limited(least_value, f, names, traces[0].points[-1], timeout=PICTURE_SECONDS)
    return None if isinstance(best, TimedOut) else best


def _png(f: Any, names: Any, traces: list[Any], output: Path) -> None:
    """The paths on equal-scale contours (start, ends, minimum) and the loss curves, as a PNG
    or, for a .gif file, an animation with one frame per iterate."""
    from calctutor.limits import TimedOut, run_limited
    from calctutor.optimization.problem_pictures import runs_picture

    picture = run_limited(runs_picture, f, names, traces, timeout=PICTURE_SECONDS)
    if isinstance(picture, TimedOut):
        fail(f"no picture within {PICTURE_SECONDS:g} s")
    show_picture(picture, output)
