"""Terminal plots (plotext, through Rich) and PNG figures (matplotlib, an optional extra)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Group
from rich.text import Text

from calctutor.optimization.sampling import Curve, Grid

SHADES = " .:-=+*#%@"
# each series its own marker as well as colour, so they differ without colour too
SERIES = (("hd", "blue"), ("dot", "red"), ("x", "green"), ("+", "magenta"), ("*", "cyan"))
HEAT_COLOURS = ("blue", "cyan", "green", "yellow", "red")


def curve_plot(curves: Sequence[Curve], title: str, width: int, height: int = 20) -> Text:
    """Line plots of one or more curves, sized to fit ``width`` columns."""
    import plotext as plt

    plt.clf()
    plt.plotsize(max(30, width - 1), height)
    plt.theme("clear")
    for index, curve in enumerate(curves):
        xs, ys = _defined(curve)
        if xs:
            style = SERIES[index % len(SERIES)]
            plt.plot(xs, ys, label=curve.label, marker=style[0], color=style[1])
    plt.title(title)
    return Text.from_ansi(plt.build())


def _defined(curve: Curve) -> tuple[list[float], list[float]]:
    """The points of a curve where it is defined."""
    pairs = [(x, y) for x, y in zip(curve.xs, curve.ys, strict=True) if y is not None]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def heat_map(grid: Grid, title: str) -> Group:
    """A shaded map of f(x, y): darker characters and warmer colours for larger values."""
    finite = [v for row in grid.values for v in row if v is not None]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    lines = [Text(title, style="bold")]
    for j in range(len(grid.ys) - 1, -1, -1):
        line = Text(f"{grid.ys[j]:>7.2f} │")
        for value in grid.values[j]:
            line.append(*_cell(value, low, high))
        lines.append(line)
    lines.append(Text(" " * 8 + "└" + "─" * len(grid.xs)))
    lines.append(
        Text(f"{'':8} {grid.xs[0]:<8.2f}{'':>{max(0, len(grid.xs) - 16)}}{grid.xs[-1]:>8.2f}")
    )
    lines.append(Text(f"{'':8} low {low:.3g} {SHADES[1:]} high {high:.3g}", style="dim"))
    return Group(*lines)


def _cell(value: float | None, low: float, high: float) -> tuple[str, str]:
    """The character and colour of one cell."""
    if value is None:
        return "?", "dim"
    share = 0.0 if high == low else (value - low) / (high - low)
    shade = SHADES[min(len(SHADES) - 1, int(share * len(SHADES)))]
    colour = HEAT_COLOURS[min(len(HEAT_COLOURS) - 1, int(share * len(HEAT_COLOURS)))]
    return shade, colour


def _pyplot() -> Any:
    """matplotlib's pyplot on a file-only backend, or ImportError naming the extra."""
    try:
        import matplotlib
    except ImportError:
        raise ImportError("PNG output needs matplotlib: pip install 'calctutor[plot]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def curve_png(curves: Sequence[Curve], title: str, path: Path) -> None:
    """Write a PNG line plot of the curves."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7, 4.5), dpi=110)
    for curve in curves:
        ys = [float("nan") if y is None else y for y in curve.ys]
        axes.plot(curve.xs, ys, label=curve.label)
    axes.set_title(title)
    axes.grid(alpha=0.3)
    axes.legend()
    figure.savefig(path)
    plt.close(figure)


def contour_png(
    grid: Grid, title: str, path: Path, paths: Sequence[tuple[str, Sequence[Sequence[float]]]] = ()
) -> None:
    """Write a PNG contour plot with the gradient field and, optionally, optimizer paths."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7, 6), dpi=110)
    values = [[float("nan") if v is None else v for v in row] for row in grid.values]
    contour = axes.contour(grid.xs, grid.ys, values, levels=20, cmap="viridis")
    figure.colorbar(contour, ax=axes)
    _quiver(axes, grid)
    for label, points in paths:
        axes.plot([p[0] for p in points], [p[1] for p in points], "o-", ms=3, label=label)
    if paths:
        axes.legend()
    axes.set_title(title)
    figure.savefig(path)
    plt.close(figure)


def _quiver(axes: Any, grid: Grid, every: int = 6) -> None:
    """Unit arrows along −∇f (the direction of steepest descent) on a thinned grid."""
    xs, ys, us, vs = [], [], [], []
    for j in range(0, len(grid.ys), every):
        for i in range(0, len(grid.xs), every):
            pair = grid.gradient[j][i]
            norm = 0.0 if pair is None else (pair[0] ** 2 + pair[1] ** 2) ** 0.5
            if pair is not None and norm > 0:
                xs.append(grid.xs[i])
                ys.append(grid.ys[j])
                us.append(-pair[0] / norm)
                vs.append(-pair[1] / norm)
    if xs:
        axes.quiver(xs, ys, us, vs, color="gray", alpha=0.7, pivot="middle", width=0.003)
