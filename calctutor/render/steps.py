"""Rich renderables for worked solutions: numbered, nested steps with pretty-printed math."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from calctutor.notation import Prose
from calctutor.notation.pretty import pretty
from calctutor.notation.unicode import inline
from calctutor.steps.model import Solution, Step
from calctutor.steps.textbook import shown_result

MATH_WIDTH = 70


def pretty_math(value: Any, width: int = MATH_WIDTH) -> str:
    """SymPy's unicode pretty form of a value; tuples (points, labels) are written out plainly."""
    import sympy

    if isinstance(value, tuple | list):
        if all(isinstance(v, sympy.Basic) for v in value):
            return pretty_math(sympy.Tuple(*value), width)
        return "(" + ", ".join(_inline(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, sympy.Basic):
        return pretty(value, width)
    return str(value)


def _inline(value: Any) -> str:
    """One value on one line: SymPy's unicode form, or the text itself (never sympified)."""
    import sympy

    if isinstance(value, tuple | list):
        return pretty_math(value)
    if isinstance(value, sympy.Basic):
        return inline(value)
    return str(value)


def _transition(step: Step, width: int) -> str | None:
    """'operation = result' when the step evaluates one (d/dx, ∫, a limit); else the result."""
    import sympy

    if not isinstance(step.after, sympy.Basic):
        return None
    operations = (sympy.Derivative, sympy.Integral, sympy.Limit, sympy.Subs)
    if isinstance(step.before, operations) and not isinstance(step.after, sympy.Eq):
        return pretty_math(sympy.Eq(step.before, step.after, evaluate=False), width)
    return pretty_math(step.after, width)


def _step_lines(steps: tuple[Step, ...], prefix: str, depth: int) -> list[RenderableType]:
    """Each step as '1.2 Rule — sentence' with its math below, sub-steps indented."""
    out: list[RenderableType] = []
    for number, step in enumerate(steps, 1):
        label = f"{prefix}{number}"
        head = Text(f"{label}  ", style="bold cyan")
        head.append(step.rule.capitalize(), style="bold")
        head.append(f" — {step.sentence}")
        out.append(Padding(head, (0, 0, 0, 2 * depth)))
        math = _transition(step, MATH_WIDTH - 2 * depth)
        if math is not None:
            out.append(Padding(Text(math), (0, 0, 0, 2 * depth + 4)))
        out += _step_lines(step.substeps, f"{label}.", depth + 1)
    return out


def _result_text(solution: Solution) -> str:
    """The result as a student writes it: critical points as '(0, 0) saddle, (1, 1) min'."""
    if solution.kind == "critical_points" and isinstance(solution.result, tuple):
        if not solution.result:
            return "no critical points"
        return ", ".join(_point_text(item) for item in solution.result)
    if solution.result is None:
        return "no result"
    return pretty_math(shown_result(solution))


def _point_text(item: Any) -> str:
    """A point, or a (point, label) pair, on one line."""
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], str):
        return f"{_point_text(item[0])} {item[1]}"
    if isinstance(item, tuple) and len(item) == 1:
        return _inline(item[0])
    return _inline(item)


def solution_panel(solution: Solution, title: Prose | str) -> Panel:
    """The whole worked solution in a panel: the question, the steps, the result."""
    parts: list[RenderableType] = [Text(str(title), style="bold"), Text("")]
    if solution.question is not None:
        parts += [Text(pretty_math(solution.question)), Text("")]
    parts += _step_lines(solution.steps, "", 0)
    result = Text("\nResult: ", style="bold green")
    parts += [result, Padding(Text(_result_text(solution)), (0, 0, 0, 2))]
    if not solution.complete:
        note = solution.note or "no complete step tree was found"
        parts.append(Text(f"\nIncomplete: {note}", style="yellow"))
    return Panel(Group(*parts), title="Worked solution", title_align="left", expand=True)
