"""``calctutor plot``: a function in the terminal, or as a PNG."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from calctutor.cli.common import fail, refuse_unknown_options
from calctutor.cli.pictures import check_output, read_point, show_picture


def plot(
    expr: Annotated[str, typer.Argument(help="f(x) or f(x, y), as you would type an answer.")],
    range_: Annotated[
        str, typer.Option("--range", help="The x range a:b (the bounds of a Riemann sum).")
    ] = "-5:5",
    y_range: Annotated[
        str | None, typer.Option("--yrange", help="The y range of a two-variable plot.")
    ] = None,
    derivative: Annotated[
        bool, typer.Option("--derivative", help="Also plot f' (one variable).")
    ] = False,
    at: Annotated[
        str | None,
        typer.Option(help="A point: the tangent line at x = a, or ∇f at '(a, b)' (two variables)."),
    ] = None,
    riemann: Annotated[
        str | None,
        typer.Option(
            help="Shade ∫ f over --range with a Riemann sum: left, right, mid, trapezoid."
        ),
    ] = None,
    n: Annotated[int, typer.Option("--n", help="How many pieces the Riemann sum has.")] = 8,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write a PNG here instead.")
    ] = None,
) -> None:
    """Plot a function. One variable: a curve (--derivative adds f'; --at 1 draws the tangent
    line there with f' below; --riemann mid --n 8 shades the area over --range with a Riemann
    sum). Two variables: contours with −∇f, the way gradient descent moves (--at "(1, 2)" draws
    ∇f there, across its level curve). In the terminal, or as a PNG with --output.
    """
    refuse_unknown_options(expr)
    from calctutor.expr import ParseError
    from calctutor.optimization.pictures import PictureError
    from calctutor.optimization.sampling import PlotError, parse_range, read_function

    check_output(output, animated=False)
    try:
        f, variables = read_function(expr)
        x_span = parse_range(range_)
        y_span = parse_range(y_range) if y_range else x_span
    except ParseError as error:
        fail(error.display())
    except PlotError as error:
        fail(str(error))
    point = None if at is None else read_point(at)
    _refuse_mismatches(len(variables), y_range, derivative, riemann, point)
    try:
        if len(variables) == 1:
            picture = _one(f, variables[0], x_span, derivative, point, (riemann, n))
        else:
            picture = _two(f, variables, (x_span, y_span), point)
    except (PlotError, PictureError) as error:
        fail(str(error))
    show_picture(picture, output)


def _refuse_mismatches(count: int, y_range: str | None, derivative: bool, riemann: str | None,
                       point: tuple[float, ...] | None) -> None:  # fmt: skip
    """Options that do not fit a function of this many variables, refused by name."""
    if count == 1 and y_range is not None:
        fail("--yrange is for functions of two variables")
    if count == 2 and derivative:
        fail("--derivative is for functions of one variable (two variables show the gradient)")
    if count == 2 and riemann is not None:
        fail("--riemann is for functions of one variable")
    if point is not None and len(point) != count:
        fail(f"--at needs {count} coordinate(s) for this function, not {len(point)}")
    if riemann is not None and point is not None:
        fail("give --at (a tangent line) or --riemann (an area), not both")


def _one(f: Any, x: Any, span: tuple[float, float], derivative: bool,
         point: tuple[float, ...] | None, riemann: tuple[str | None, int]) -> Any:  # fmt: skip
    """The picture of f(x): its curve, its tangent line at a point, or a Riemann sum."""
    from calctutor.optimization.curves import area_picture, function_picture, tangent_picture

    if point is not None:
        if not span[0] <= point[0] <= span[1]:
            fail(f"--at {point[0]:g} is outside --range {span[0]:g}:{span[1]:g}")
        return tangent_picture(f, x, point[0], span)
    if riemann[0] is not None:
        return area_picture(f, x, span[0], span[1], riemann[0], riemann[1])
    return function_picture(f, x, span, derivative)


def _two(f: Any, variables: Any, spans: Any, point: tuple[float, ...] | None) -> Any:
    """Contours of f(x, y) with the descent field, or with ∇f at a point."""
    from calctutor.optimization.planes import contour_picture, gradient_picture

    if point is None:
        return contour_picture(f, variables, spans)
    return gradient_picture(f, variables, (point[0], point[1]), spans)
