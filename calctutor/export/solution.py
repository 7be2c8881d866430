"""A worked solution as JSON, Markdown or LaTeX (plain text out; the terminal view is Rich's)."""

from __future__ import annotations

from typing import Any

import sympy

from calctutor.notation import to_latex, to_markdown
from calctutor.notation.writers import escape_markdown
from calctutor.steps.model import Solution, Step


def result_text(result: Any) -> Any:
    """The result in SymPy's str() form: a list of strings for a vector, nested for a matrix."""
    if result is None:
        return None
    if isinstance(result, sympy.MatrixBase):
        return [[str(v) for v in row] for row in result.tolist()]
    if isinstance(result, tuple | list):
        return [result_text(r) for r in result]
    if isinstance(result, sympy.Eq):
        return str(result.rhs)
    return str(result)


def result_latex(result: Any) -> str | None:
    """The result in LaTeX (None when there is no result)."""
    if result is None:
        return None
    if isinstance(result, tuple | list):
        return r"\left(" + ", ".join(str(result_latex(r)) for r in result) + r"\right)"
    if isinstance(result, sympy.Basic):
        return str(sympy.latex(result))
    return str(result)


def solution_json(solution: Solution, problem_id: str, seconds: float) -> dict[str, Any]:
    """The JSON contract of ``solve --json``."""
    return {
        "id": problem_id,
        "kind": solution.kind,
        "complete": solution.complete,
        "result": result_text(solution.result),
        "result_latex": result_latex(solution.result),
        "steps": [s.to_json() for s in solution.steps],
        "seconds": round(seconds, 4),
    }


def _math(value: Any) -> str:
    """One expression as inline math."""
    if isinstance(value, sympy.Basic):
        return f"${sympy.latex(value)}$"
    return str(value)


def _markdown_steps(steps: tuple[Step, ...], depth: int) -> list[str]:
    """Nested numbered list items."""
    lines: list[str] = []
    indent = "   " * depth
    for number, step in enumerate(steps, 1):
        text = to_markdown(step.text)
        lines.append(f"{indent}{number}. **{escape_markdown(step.rule.capitalize())}.** {text}")
        if step.before is not None and step.after is not None:
            before, after = _math(step.before), _math(step.after)
            lines.append(f"{indent}   {before} $\\;\\to\\;$ {after}")
        lines += _markdown_steps(step.substeps, depth + 1)
    return lines


def solution_markdown(solution: Solution, title: str) -> str:
    """The worked solution as a Markdown section."""
    lines = [f"## {title}", ""]
    if solution.question is not None:
        lines += [f"$${sympy.latex(solution.question)}$$", ""]
    lines += _markdown_steps(solution.steps, 0)
    lines += ["", f"**Result:** ${result_latex(solution.result)}$"]
    if not solution.complete:
        lines += ["", f"*The step tree is incomplete: {solution.note or 'no rule applied'}.*"]
    return "\n".join(lines) + "\n"


def _latex_steps(steps: tuple[Step, ...]) -> list[str]:
    """A nested enumerate environment."""
    if not steps:
        return []
    lines = [r"\begin{enumerate}"]
    for step in steps:
        text = to_latex(step.text)
        lines.append(rf"\item \textbf{{{_escape(step.rule.capitalize())}.}} {text}")
        if step.before is not None and step.after is not None:
            lines.append(rf"\[ {sympy.latex(step.before)} \;\to\; {sympy.latex(step.after)} \]")
        lines += _latex_steps(step.substeps)
    lines.append(r"\end{enumerate}")
    return lines


def _escape(text: str) -> str:
    """Text made safe for LaTeX's text mode."""
    for char, replacement in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"),
                              ("$", r"\$"), ("#", r"\#"), ("_", r"\_"), ("{", r"\{"),
                              ("}", r"\}"), ("^", r"\^{}")):  # fmt: skip
        text = text.replace(char, replacement)
    return text


def solution_latex(solution: Solution, title: str) -> str:
    """The worked solution as a complete LaTeX document."""
    body = [rf"\section*{{{_escape(title)}}}"]
    if solution.question is not None:
        body.append(rf"\[ {sympy.latex(solution.question)} \]")
    body += _latex_steps(solution.steps)
    body.append(rf"\paragraph{{Result.}} \( {result_latex(solution.result)} \)")
    head = [r"\documentclass{article}", r"\usepackage{amsmath}", r"\usepackage[utf8]{inputenc}"]
    return "\n".join([*head, r"\begin{document}", *body, r"\end{document}"]) + "\n"
