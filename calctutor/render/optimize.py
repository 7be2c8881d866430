"""Rich renderables for optimizer runs: the table of iterations and loss curves."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text

from calctutor.optimization.runs import Trace, describe_outcome

SHOWN_AT_EACH_END = 10
STYLES = {"converged": "bold green", "diverged": "bold red", "unbounded": "bold red",
          "stopped": "bold red"}  # fmt: skip


def _point(values: Sequence[float]) -> str:
    """A point with 6 significant digits."""
    return "(" + ", ".join(f"{v:.6g}" for v in values) + ")"


def _rows(trace: Trace) -> list[int | None]:
    """The steps to show: all of them, or the first and last few with a gap (None)."""
    count = len(trace.points)
    if count <= 2 * SHOWN_AT_EACH_END + 1:
        return list(range(count))
    head = list(range(SHOWN_AT_EACH_END))
    tail = list(range(count - SHOWN_AT_EACH_END, count))
    return [*head, None, *tail]


def _title(trace: Trace) -> str:
    """torch's call for the run, with the schedule."""
    plan = trace.optimizer.schedule
    return f"torch.optim.{trace.optimizer.torch_call()}" + (f", {plan.text()}" if plan else "")


def trace_table(trace: Trace, names: Sequence[str]) -> Table:
    """step, point, f and ‖∇f‖ for every iterate (start included)."""
    table = Table(title=_title(trace), title_justify="left")
    table.add_column("step", justify="right")
    table.add_column(f"({', '.join(names)})")
    table.add_column("f", justify="right")
    table.add_column("‖∇f‖", justify="right")
    for index in _rows(trace):
        if index is None:
            table.add_row("…", "…", "…", "…")
            continue
        table.add_row(
            str(index), _point(trace.points[index]), f"{trace.values[index]:.6g}",
            f"{trace.grad_norms[index]:.3g}",
        )  # fmt: skip
    return table


def outcome(trace: Trace) -> Text:
    """The plain-language outcome, coloured by what happened."""
    style = STYLES.get(trace.status, "yellow")
    return Text(describe_outcome(trace), style=style)


def run_view(trace: Trace, names: Sequence[str]) -> Group:
    """The table and the outcome of one run."""
    return Group(trace_table(trace, names), outcome(trace), Text(""))


def loss_curves(traces: Sequence[Trace], width: int, best: float | None = None) -> Group:
    """f against the step for several runs, on one terminal plot: a log scale of f − f* when it
    helps, with float noise below the least value left out."""
    from calctutor.optimization.planes import loss_panel
    from calctutor.render.pictures import panel_view

    panel = loss_panel([(t.optimizer.title(), t.values) for t in traces], best)
    return panel_view(panel, width)
