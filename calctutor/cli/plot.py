"""``calctutor plot``: a function in the terminal, or as a PNG."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from calctutor.cli.common import console, error_console, fail, refuse_unknown_options


def plot(
    expr: Annotated[str, typer.Argument(help="f(x) or f(x, y), as you would type an answer.")],
    range_: Annotated[
        str, typer.Option("--range", help="The x range a:b (and y for two variables).")
    ] = "-5:5",
    y_range: Annotated[
        str | None, typer.Option("--yrange", help="The y range of a two-variable plot.")
    ] = None,
    derivative: Annotated[
        bool, typer.Option("--derivative", help="Also plot f' (one variable).")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write a PNG here instead.")
    ] = None,
) -> None:
    """Plot a function: one variable as a curve (with --derivative, f' too), two variables as a
    heat map in the terminal or, with --output, a PNG contour plot with the gradient field.
    """
    refuse_unknown_options(expr)
    from calctutor.expr import ParseError
    from calctutor.optimization.sampling import PlotError, parse_range, read_function

    try:
        f, variables = read_function(expr)
        x_span = parse_range(range_)
        y_span = parse_range(y_range) if y_range else x_span
    except ParseError as error:
        fail(error.display())
    except PlotError as error:
        fail(str(error))
    if output is not None and output.suffix.lower() != ".png":
        fail(f"--output writes a PNG: give a file name ending in .png, not '{output.name}'")
    if len(variables) == 1 and y_range is not None:
        fail("--yrange is for functions of two variables")
    if len(variables) == 2 and derivative:
        fail("--derivative is for functions of one variable (two variables show the gradient)")
    try:
        if len(variables) == 1:
            _one(f, variables[0], x_span, derivative, output)
        else:
            _two(f, variables, (x_span, y_span), output)
    except PlotError as error:
        fail(str(error))


def _one(f: Any, x: Any, span: tuple[float, float], derivative: bool, output: Path | None) -> None:
    """A curve of f (and f')."""
    import sympy

    from calctutor.optimization.sampling import sample_curve

    curves = [sample_curve(f, x, span, 400, "f")]
    if all(y is None for y in curves[0].ys):
        fail(f"f is not defined (as a real number) anywhere on {span[0]:g}..{span[1]:g}")
    if derivative:
        curves.append(sample_curve(sympy.diff(f, x), x, span, 400, "f'"))
    title = f"f({x}) = {_plain(f)}"
    if output is not None:
        _png(lambda: _curve_png(curves, title, output), output)
        return
    from calctutor.render.plots import curve_plot

    width = min(console().width, 100)
    console().print(curve_plot(curves, title, width))


def _curve_png(curves: Any, title: str, output: Path) -> None:
    """Write the curves to a PNG."""
    from calctutor.render.plots import curve_png

    curve_png(curves, title, output)


def _two(f: Any, variables: Any, spans: Any, output: Path | None) -> None:
    """A heat map in the terminal or a contour PNG with the gradient field."""

    from calctutor.optimization.sampling import sample_grid

    title = f"f({variables[0]}, {variables[1]}) = {_plain(f)}"
    if output is not None:
        grid = sample_grid(f, variables, spans[0], spans[1], (80, 80))
        _png(lambda: _contour_png(grid, title, output), output)
        return
    from calctutor.render.plots import heat_map

    columns = max(20, min(console().width - 12, 68))
    grid = sample_grid(f, variables, spans[0], spans[1], (columns, 22))
    console().print(heat_map(grid, title))


def _contour_png(grid: Any, title: str, output: Path) -> None:
    """Write the contour plot."""
    from calctutor.render.plots import contour_png

    contour_png(grid, title, output)


def _png(write: Any, output: Path) -> None:
    """Run a PNG writer, turning a missing extra or an unwritable path into a message."""
    try:
        write()
    except ImportError as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot write {output}: {error}")
    error_console().print(f"wrote {output}", markup=False, highlight=False)


def _plain(expr: Any) -> str:
    """An expression as a student would type it (^ for powers)."""
    import sympy

    return str(sympy.sstr(expr)).replace("**", "^")
