"""Pictures as images: PNG figures and GIF animations with matplotlib (the ``plot`` extra)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path as FilePath
from typing import Any

from calctutor.optimization.pictures import Label, Panel, Picture, Plane
from calctutor.render.labels import label_mathtext, label_text

MARKER_STYLES = {
    "start": {"marker": "o", "color": "tab:green", "s": 70},
    "end": {"marker": "s", "color": "tab:red", "s": 60},
    "minimum": {"marker": "*", "color": "gold", "s": 220, "edgecolors": "black"},
    "min": {"marker": "^", "color": "tab:blue", "s": 90, "edgecolors": "black"},
    "max": {"marker": "v", "color": "tab:red", "s": 90, "edgecolors": "black"},
    "saddle": {"marker": "X", "color": "tab:purple", "s": 110, "edgecolors": "black"},
    "degenerate": {"marker": "D", "color": "gray", "s": 70, "edgecolors": "black"},
    "point": {"marker": "o", "color": "black", "s": 50},
    "limit": {"marker": "o", "facecolors": "white", "edgecolors": "tab:red", "s": 70},
    "iterate": {"marker": ".", "color": "black", "s": 30},
}


def pyplot() -> Any:
    """matplotlib's pyplot on a file-only backend, or ImportError naming the extra."""
    try:
        import matplotlib
    except ImportError:
        raise ImportError("image output needs matplotlib: pip install 'calctutor[plot]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def text(label: Label) -> str:
    """A label as mathtext, or as plain unicode when mathtext cannot set it."""
    from matplotlib.mathtext import MathTextParser

    written = label_mathtext(label)
    try:
        MathTextParser("path").parse(written)
    except ValueError:
        return label_text(label)
    return written


def write_png(picture: Picture, path: FilePath) -> None:
    """Draw every view of the picture, one above the other, into a PNG file."""
    plt = pyplot()
    figure, axes_list = _figure(plt, picture)
    for axes, view in zip(axes_list, picture.views, strict=True):
        _draw_view(figure, axes, view)
    figure.savefig(path, bbox_inches="tight")
    plt.close(figure)


def _figure(plt: Any, picture: Picture) -> tuple[Any, list[Any]]:
    """A figure with one row per view, titled with the picture's title."""
    heights = [6.0 if isinstance(v, Plane) else 3.6 for v in picture.views]
    figure, axes = plt.subplots(
        len(heights), 1, figsize=(7.5, sum(heights) + 0.6), dpi=110, squeeze=False,
        gridspec_kw={"height_ratios": heights}, layout="constrained",
    )  # fmt: skip
    figure.suptitle(text(picture.title), fontsize=13)
    return figure, [row[0] for row in axes]


def _draw_view(figure: Any, axes: Any, view: Panel | Plane) -> None:
    """One view on its axes."""
    if isinstance(view, Panel):
        draw_panel(axes, view)
    else:
        draw_plane(figure, axes, view)


def _title(axes: Any, title: Label, notes: tuple[Label, ...]) -> None:
    """The view's title with the numbers it states on the lines below."""
    lines = [text(title)] if title else []
    lines += [text(note) for note in notes]
    if lines:
        axes.set_title("\n".join(lines), fontsize=10)


def _legend(axes: Any, below: bool = False) -> None:
    """The legend off the data (beside the axes, or below them), when anything is labelled."""
    handles, _ = axes.get_legend_handles_labels()
    if not handles:
        return
    if below:
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2, fontsize=8,
                    frameon=False)  # fmt: skip
    else:
        axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False)


def draw_panel(axes: Any, panel: Panel) -> None:
    """Curves, the shaded area, Riemann pieces and markers on x–y axes."""
    if panel.shade is not None:
        xs, ys = panel.shade.xs, panel.shade.ys
        above, below = [y >= 0 for y in ys], [y <= 0 for y in ys]
        axes.fill_between(xs, ys, where=above, color="tab:blue", alpha=0.25,
                          label="area counted +")  # fmt: skip
        if any(y < 0 for y in ys):
            axes.fill_between(xs, ys, where=below, color="tab:red", alpha=0.25,
                              label="area counted −")  # fmt: skip
    for index, bar in enumerate(panel.bars):
        axes.fill(
            [bar.left, bar.left, bar.right, bar.right],
            [0, bar.height_left, bar.height_right, 0],
            facecolor="tab:orange", edgecolor="black", alpha=0.35, linewidth=0.6,
            label="Riemann sum" if index == 0 else None,
        )  # fmt: skip
    for curve in panel.curves:
        heights = [float("nan") if y is None else y for y in curve.ys]
        axes.plot(curve.xs, heights, label=text((curve.label,)))
    for marker in panel.markers:
        axes.scatter([marker.point[0]], [marker.point[1]], zorder=5,
                     label=text(marker.label) if marker.label else None,
                     **MARKER_STYLES[marker.kind])  # fmt: skip
    if panel.log_y:
        axes.set_yscale("log")
    if panel.whole_x:
        from matplotlib.ticker import MaxNLocator

        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.axhline(0, color="black", linewidth=0.5)
    axes.set_xlabel(text(panel.x_label))
    axes.set_ylabel(text(panel.y_label))
    axes.grid(alpha=0.3)
    _title(axes, panel.title, panel.notes)
    _legend(axes)


def draw_plane(figure: Any, axes: Any, plane: Plane) -> None:
    """Contours (with a labelled colour bar), the field, curves, paths, arrows and markers."""
    if plane.grid is not None:
        _contours(figure, axes, plane)
    _field(axes, plane)
    one, named = len(plane.curves) == 1, set()
    for label, points in plane.curves:
        axes.plot([p[0] for p in points], [p[1] for p in points], linewidth=2,
                  color="tab:orange" if one else None,
                  label=None if label in named else text(label))  # fmt: skip
        named.add(label)
    for path in plane.paths:
        (line,) = axes.plot([p[0] for p in path.points], [p[1] for p in path.points], "o-",
                            ms=3, linewidth=1.2, label=text(path.label))  # fmt: skip
        end = path.points[-1]
        axes.scatter([end[0]], [end[1]], marker="s", s=60, color=line.get_color(),
                     edgecolors="black", zorder=6)  # fmt: skip
    for arrow in plane.arrows:
        axes.quiver(*arrow.at, *arrow.vector, angles="xy", scale_units="xy", scale=1,
                    color="tab:red", width=0.008, label=text(arrow.label), zorder=6)  # fmt: skip
    for marker in plane.markers:
        axes.scatter([marker.point[0]], [marker.point[1]], zorder=7,
                     label=text(marker.label) if marker.label else None,
                     **MARKER_STYLES[marker.kind])  # fmt: skip
    axes.set_xlim(*plane.x_span)
    axes.set_ylim(*plane.y_span)
    if plane.equal_scale:
        axes.set_aspect("equal", adjustable="box")
    axes.set_xlabel(text(plane.x_label))
    axes.set_ylabel(text(plane.y_label))
    _title(axes, plane.title, plane.notes)
    _legend(axes, below=True)


def _contours(figure: Any, axes: Any, plane: Plane) -> None:
    """Filled contours of f, the level curves given, and a colour bar naming f."""
    assert plane.grid is not None
    grid = plane.grid
    values = [[float("nan") if v is None else v for v in row] for row in grid.values]
    levels = _levels([v for row in values for v in row if v == v])
    filled = axes.contourf(grid.xs, grid.ys, values, levels=levels, cmap="viridis", alpha=0.85)
    axes.contour(grid.xs, grid.ys, values, levels=levels[::2], colors="white", linewidths=0.4)
    if plane.levels:
        axes.contour(grid.xs, grid.ys, values, levels=sorted(plane.levels), colors="white",
                     linewidths=1.6, linestyles="dashed")  # fmt: skip
    bar = figure.colorbar(filled, ax=axes, shrink=0.85)
    bar.set_label(text(plane.value_label))


def _levels(values: list[float], count: int = 24) -> list[float]:
    """Contour levels at evenly spaced quantiles of f's values, so a narrow valley (Rosenbrock's)
    shows as clearly as a round bowl."""
    ordered = sorted(values)
    if not ordered or ordered[0] == ordered[-1]:
        return [0.0, 1.0] if not ordered else [ordered[0] - 1, ordered[0] + 1]
    picks = [ordered[round(i / count * (len(ordered) - 1))] for i in range(count + 1)]
    return sorted(set(picks))


def _field(axes: Any, plane: Plane) -> None:
    """The field: arrows of −∇f, or headless slope segments centred on their points."""
    if not plane.field:
        return
    xs = [a.at[0] for a in plane.field]
    ys = [a.at[1] for a in plane.field]
    us = [a.vector[0] for a in plane.field]
    vs = [a.vector[1] for a in plane.field]
    if plane.field_kind == "slope":
        axes.quiver(xs, ys, us, vs, angles="xy", scale_units="xy", scale=1, pivot="middle",
                    headwidth=0, headlength=0, headaxislength=0, width=0.003, color="gray",
                    label="slope field")  # fmt: skip
        return
    axes.quiver(xs, ys, us, vs, angles="xy", scale_units="xy", scale=1, pivot="middle",
                width=0.003, color="white", alpha=0.8,
                label="−∇f: the way gradient descent moves")  # fmt: skip


def write_gif(picture: Picture, path: FilePath, fps: int = 8) -> int:
    """An animation of the iterates: frame k shows every path up to its k-th point.

    Returns the number of frames written (one per iterate: steps + 1).
    """
    plt = pyplot()
    from matplotlib.animation import FuncAnimation, PillowWriter

    figure, axes_list = _figure(plt, picture)
    lines = []
    for axes, view in zip(axes_list, picture.views, strict=True):
        lines.append(_still(figure, axes, view))
    frames = max(1, picture.frames)

    def draw(k: int) -> list[Any]:
        return [_cut(line, k) for group in lines for line in group]

    animation = FuncAnimation(figure, draw, frames=frames, blit=False)
    animation.save(str(path), writer=PillowWriter(fps=fps))
    plt.close(figure)
    return frames


def _still(figure: Any, axes: Any, view: Panel | Plane) -> list[tuple[Any, Any, Any]]:
    """Draw the view without its paths or curves, and return (artist, xs, ys) to animate."""
    if isinstance(view, Plane):
        draw_plane(figure, axes, replace(view, paths=()))
        sources = [(p.label, [q[0] for q in p.points], [q[1] for q in p.points])
                   for p in view.paths]  # fmt: skip
    else:
        draw_panel(axes, replace(view, curves=(), log_y=False))
        sources = [((c.label,), list(c.xs), [float("nan") if y is None else y for y in c.ys])
                   for c in view.curves]  # fmt: skip
    out = []
    for label, xs, ys in sources:
        (line,) = axes.plot([], [], "o-", ms=3, linewidth=1.2, label=text(label))
        out.append((line, xs, ys))
    if isinstance(view, Panel) and view.curves:
        axes.set_xlim(min(min(s[1]) for s in sources), max(max(s[1]) for s in sources))
        finite = [y for s in sources for y in s[2] if y == y]
        if finite:
            axes.set_ylim(*_y_limits(finite, view.log_y))
        if view.log_y:
            axes.set_yscale("log")
    _legend(axes)
    return out


def _y_limits(values: list[float], log: bool) -> tuple[float, float]:
    """y limits that hold every value (with room above and below)."""
    low, high = min(values), max(values)
    if log:
        return low / 2, high * 2
    pad = 0.1 * (high - low) or 1.0
    return low - pad, high + pad


def _cut(line: tuple[Any, Any, Any], k: int) -> Any:
    """A line artist showing its first k + 1 points."""
    artist, xs, ys = line
    artist.set_data(xs[: k + 1], ys[: k + 1])
    return artist
