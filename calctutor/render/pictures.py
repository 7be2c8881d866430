"""Pictures in the terminal: panels as plotext plots, planes as character maps with markers."""

from __future__ import annotations

import math

from rich.console import Group, RenderableType
from rich.text import Text

from calctutor.optimization.pictures import Arrow, Label, Panel, Picture, Plane, Point2
from calctutor.render.labels import label_text

SHADES = " .:-=+*#%@"
# each series its own marker as well as colour, so they differ without colour too
SERIES = (("hd", "blue"), ("dot", "red"), ("x", "green"), ("+", "magenta"), ("*", "cyan"))
HEAT_COLOURS = ("blue", "cyan", "green", "yellow", "red")
MARKS = {"start": ("S", "bold green"), "end": ("E", "bold red"), "minimum": ("*", "bold yellow"),
         "min": ("m", "bold yellow"), "max": ("M", "bold red"), "saddle": ("X", "bold magenta"),
         "point": ("●", "bold white"), "limit": ("○", "bold red"),
         "iterate": ("·", "white")}  # fmt: skip
ARROWS = "→↗↑↖←↙↓↘"
SLOPES = "─╱│╲"


def picture_view(picture: Picture, width: int) -> RenderableType:
    """Every view of a picture, one under the other, at most ``width`` columns wide."""
    parts: list[RenderableType] = [Text(label_text(picture.title), style="bold")]
    for view in picture.views:
        parts.append(panel_view(view, width) if isinstance(view, Panel) else _plane(view, width))
    return Group(*parts)


def _notes(notes: tuple[Label, ...]) -> list[Text]:
    """The numbers a view states, one per line."""
    return [Text("  " + label_text(note)) for note in notes]


def panel_view(panel: Panel, width: int, height: int = 16) -> Group:
    """One panel as a plotext plot: curves, Riemann pieces, the shaded area and markers."""
    import plotext as plt

    plt.clf()
    plt.plotsize(max(30, width - 1), height)
    plt.theme("clear")
    if panel.shade is not None:
        plt.plot(list(panel.shade.xs), list(panel.shade.ys), fillx=True, color="gray",
                 marker="dot")  # fmt: skip
    for bar in panel.bars:
        xs = [bar.left, bar.left, bar.right, bar.right]
        plt.plot(xs, [0.0, bar.height_left, bar.height_right, 0.0], color="orange",
                 marker="dot")  # fmt: skip
    for index, curve in enumerate(panel.curves):
        pairs = [(x, y) for x, y in zip(curve.xs, curve.ys, strict=True) if y is not None]
        if pairs:
            style, colour = SERIES[index % len(SERIES)]
            plt.plot([p[0] for p in pairs], [p[1] for p in pairs], label=curve.label,
                     marker=style, color=colour)  # fmt: skip
    for marker in panel.markers:
        plt.scatter([marker.point[0]], [marker.point[1]], marker=MARKS[marker.kind][0],
                    color="red")  # fmt: skip
    if panel.log_y:
        plt.yscale("log")
    plt.title(label_text(panel.title))
    plt.xlabel(label_text(panel.x_label))
    return Group(Text.from_ansi(plt.build()), *_notes(panel.notes))


def _cell_of(plane: Plane, point: Point2, size: tuple[int, int]) -> tuple[int, int] | None:
    """The (row, column) of the character cell holding a point, or None outside the view."""
    (x0, x1), (y0, y1) = plane.x_span, plane.y_span
    columns, rows = size
    col = round((point[0] - x0) / (x1 - x0) * (columns - 1))
    row = round((y1 - point[1]) / (y1 - y0) * (rows - 1))
    return (row, col) if 0 <= col < columns and 0 <= row < rows else None


def _background(plane: Plane, size: tuple[int, int]) -> list[list[tuple[str, str]]]:
    """Shaded cells of f's value (darker and warmer is larger), or blank without a grid."""
    columns, rows = size
    cells = [[(" ", "")] * columns for _ in range(rows)]
    if plane.grid is None:
        return cells
    finite = [v for row in plane.grid.values for v in row if v is not None]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    grid = plane.grid
    for r in range(rows):
        j = round((rows - 1 - r) / max(1, rows - 1) * (len(grid.ys) - 1))
        for c in range(columns):
            i = round(c / max(1, columns - 1) * (len(grid.xs) - 1))
            cells[r][c] = _shade(grid.values[j][i], low, high)
    return cells


def _shade(value: float | None, low: float, high: float) -> tuple[str, str]:
    """The character and colour of one cell of the map."""
    if value is None:
        return "?", "dim"
    share = 0.0 if high == low else (value - low) / (high - low)
    shade = SHADES[min(len(SHADES) - 1, int(share * len(SHADES)))]
    return shade, HEAT_COLOURS[min(len(HEAT_COLOURS) - 1, int(share * len(HEAT_COLOURS)))]


def _direction(arrow: Arrow, plane: Plane, slope: bool) -> str:
    """The character pointing along an arrow as it looks on screen (rows are taller than wide)."""
    (x0, x1), (y0, y1) = plane.x_span, plane.y_span
    dx, dy = arrow.vector[0] / (x1 - x0), arrow.vector[1] / (y1 - y0)
    angle = math.atan2(dy, dx)
    if slope:
        return SLOPES[round(((angle + math.pi / 8) % math.pi) // (math.pi / 4)) % 4]
    return ARROWS[round(angle / (math.pi / 4)) % 8]


def _plane(plane: Plane, width: int) -> Group:
    """The plane as characters: value shading, the field, curves, paths, arrows and markers."""
    size = (max(20, min(width - 10, 69)), 21)
    cells = _background(plane, size)
    for arrow in plane.field:
        _put(cells, plane, arrow.at, size, _direction(arrow, plane, plane.field_kind == "slope"),
             "cyan" if plane.grid is None else "dim")  # fmt: skip
    for _, points in plane.curves:
        for p in points:
            _put(cells, plane, p, size, "•", "bold yellow")
    for path in plane.paths:
        for p in path.points:
            _put(cells, plane, p, size, "·", "bold white")
        _put(cells, plane, path.points[-1], size, *MARKS["end"])
    for arrow in plane.arrows:
        _put(cells, plane, (arrow.at[0] + arrow.vector[0], arrow.at[1] + arrow.vector[1]), size,
             _direction(arrow, plane, False), "bold red")  # fmt: skip
    for marker in plane.markers:
        _put(cells, plane, marker.point, size, *MARKS[marker.kind])
    lines = [Text(label_text(plane.title), style="bold")]
    (y0, y1), (x0, x1) = plane.y_span, plane.x_span
    for r, row in enumerate(cells):
        y = y1 - (y1 - y0) * r / (size[1] - 1)
        line = Text(f"{y:>7.2f} │")
        for char, style in row:
            line.append(char, style=style)
        lines.append(line)
    lines.append(Text(" " * 8 + "└" + "─" * size[0]))
    lines.append(Text(f"{'':8} {x0:<8.2f}{'':>{max(0, size[0] - 16)}}{x1:>8.2f}"))
    lines.extend(_legend(plane))
    lines.extend(_notes(plane.notes))
    return Group(*lines)


def _put(cells: list[list[tuple[str, str]]], plane: Plane, point: Point2,
         size: tuple[int, int], char: str, style: str) -> None:  # fmt: skip
    """Draw one character at a point of the plane (nothing when it is outside the view)."""
    cell = _cell_of(plane, point, size)
    if cell is not None:
        cells[cell[0]][cell[1]] = (char, style)


def _legend(plane: Plane) -> list[Text]:
    """What the characters mean, for what this plane shows."""
    out = []
    if plane.grid is not None:
        out.append(Text(f"  shading: {label_text(plane.value_label)}, low {SHADES[1:]} high",
                        style="dim"))  # fmt: skip
    if plane.field_kind == "descent":
        out.append(Text("  arrows →↗↑…: −∇f, the way gradient descent moves", style="dim"))
    if plane.field_kind == "slope":
        out.append(Text("  ─╱│╲: the slope y′ at each point", style="dim"))
    for arrow in plane.arrows:
        out.append(Text(f"  red arrow: {label_text(arrow.label)}", style="dim"))
    kinds = {m.kind: label_text(m.label) or m.kind for m in plane.markers}
    for kind, words in kinds.items():
        out.append(Text(f"  {MARKS[kind][0]}: {words}", style="dim"))
    for label in dict.fromkeys(label for label, _ in plane.curves):
        out.append(Text(f"  •: {label_text(label)}", style="dim"))
    for path in plane.paths:
        out.append(Text(f"  ·: {label_text(path.label)} (E: where it ended)", style="dim"))
    return out
