"""Rich renderables for worked solutions: numbered, nested steps with pretty-printed math."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from calctutor.steps.model import Solution, Step

MATH_WIDTH = 70


def pretty_math(value: Any, width: int = MATH_WIDTH) -> str:
    """SymPy's unicode pretty form of a value (a tuple shown as a vector)."""
    import sympy

    if isinstance(value, tuple | list):
        value = sympy.Tuple(*value)
    if isinstance(value, sympy.Basic):
        return str(sympy.pretty(value, use_unicode=True, num_columns=width))
    return str(value)


def _transition(step: Step, width: int) -> str | None:
    """before = after, pretty-printed, when the step has both."""
    import sympy

    if not isinstance(step.before, sympy.Basic) or not isinstance(step.after, sympy.Basic):
        return None
    if isinstance(step.after, sympy.Eq) or isinstance(step.before, sympy.Eq):
        return pretty_math(step.after, width)
    return pretty_math(sympy.Eq(step.before, step.after, evaluate=False), width)


def _step_lines(steps: tuple[Step, ...], prefix: str, depth: int) -> list[RenderableType]:
    """Each step as '1.2 Rule — sentence' with its math below, sub-steps indented."""
    out: list[RenderableType] = []
    for number, step in enumerate(steps, 1):
        label = f"{prefix}{number}"
        head = Text(f"{label}  ", style="bold cyan")
        head.append(step.rule.capitalize(), style="bold")
        head.append(f" — {step.text}")
        out.append(Padding(head, (0, 0, 0, 2 * depth)))
        math = _transition(step, MATH_WIDTH - 2 * depth)
        if math is not None:
            out.append(Padding(Text(math), (0, 0, 0, 2 * depth + 4)))
        out += _step_lines(step.substeps, f"{label}.", depth + 1)
    return out


def solution_panel(solution: Solution, title: str) -> Panel:
    """The whole worked solution in a panel: the question, the steps, the result."""
    parts: list[RenderableType] = []
    if solution.question is not None:
        parts += [Text(pretty_math(solution.question)), Text("")]
    parts += _step_lines(solution.steps, "", 0)
    result = Text("\nResult: ", style="bold green")
    parts += [result, Padding(Text(pretty_math(solution.result)), (0, 0, 0, 2))]
    if not solution.complete:
        note = solution.note or "no complete step tree was found"
        parts.append(Text(f"\nIncomplete: {note}", style="yellow"))
    return Panel(Group(*parts), title=title, title_align="left", expand=True)
