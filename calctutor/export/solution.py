"""A worked solution as JSON, Markdown or LaTeX (plain text out; the terminal view is Rich's)."""

from __future__ import annotations

from typing import Any

import sympy

from calctutor.export.latex import PREAMBLE, formula
from calctutor.notation import Prose, to_latex, to_markdown
from calctutor.notation.latex import escape_text, latex_math
from calctutor.notation.writers import escape_markdown
from calctutor.steps.model import Solution, Step
from calctutor.steps.textbook import shown_result


def result_text(result: Any) -> Any:
    """The result in SymPy's str() form: a list of strings for a vector, nested for a matrix."""
    if result is None:
        return None
    if isinstance(result, sympy.MatrixBase):
        return [[str(v) for v in row] for row in result.tolist()]
    if isinstance(result, tuple | list):
        return [result_text(r) for r in result]
    if isinstance(result, sympy.Eq):
        # y = … gives its right side; an implicit answer F(x, y) = C is the whole relation
        explicit = result.lhs.is_Symbol or isinstance(result.lhs, sympy.core.function.AppliedUndef)
        return str(result.rhs) if explicit else f"{result.lhs} = {result.rhs}"
    return str(result)


def result_latex(result: Any) -> str | None:
    """The result in LaTeX (None when there is no result)."""
    if result is None:
        return None
    if isinstance(result, tuple | list):
        return r"\left(" + ", ".join(str(result_latex(r)) for r in result) + r"\right)"
    if isinstance(result, sympy.Basic):
        return latex_math(result)
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
    """One expression as inline Markdown math that survives CommonMark's escapes."""
    from calctutor.export.markdown import safe_math

    if isinstance(value, sympy.Basic):
        return f"${safe_math(latex_math(value)).strip()}$"
    return escape_markdown(str(value), line_start=False)


def _markdown_steps(steps: tuple[Step, ...], depth: int) -> list[str]:
    """Nested numbered list items."""
    lines: list[str] = []
    indent = "   " * depth
    for number, step in enumerate(steps, 1):
        text = to_markdown(step.text)
        lines.append(f"{indent}{number}. **{escape_markdown(step.rule.capitalize())}.** {text}")
        if step.before is not None and step.after is not None:
            before, after = _math(step.before), _math(step.after)
            lines.append(f"{indent}   {before} $\\to$ {after}")
        lines += _markdown_steps(step.substeps, depth + 1)
    return lines


def _markdown_title(title: Prose | str) -> str:
    """A heading's text: plain text escaped, a question's maths in $…$."""
    return (
        to_markdown(title) if isinstance(title, Prose) else escape_markdown(title, line_start=False)
    )


def solution_markdown(solution: Solution, title: Prose | str) -> str:
    """The worked solution as a Markdown section."""
    from calctutor.export.markdown import safe_math

    lines = [f"## {_markdown_title(title)}", ""]
    if solution.question is not None:
        lines += [f"$${safe_math(latex_math(solution.question)).strip()}$$", ""]
    lines += _markdown_steps(solution.steps, 0)
    lines += ["", f"**Result:** ${safe_math(str(result_latex(shown_result(solution)))).strip()}$"]
    if not solution.complete:
        lines += ["", f"*The step tree is incomplete: {solution.note or 'no rule applied'}.*"]
    return "\n".join(lines) + "\n"


MAX_DEPTH = 4  # LaTeX nests enumerate four deep; deeper sub-steps continue the fourth list


def _latex_steps(steps: tuple[Step, ...], depth: int = 1) -> list[str]:
    """A nested enumerate environment (at most ``MAX_DEPTH`` deep)."""
    if not steps:
        return []
    lines = [r"\begin{enumerate}"]
    lines += _latex_items(steps, depth)
    lines.append(r"\end{enumerate}")
    return lines


def _latex_items(steps: tuple[Step, ...], depth: int) -> list[str]:
    """Each step as an item, its sub-steps nested, or inline when the lists are full."""
    lines = []
    for step in steps:
        text = to_latex(step.text)
        lines.append(rf"\item \textbf{{{escape_text(step.rule.capitalize())}.}} {text}")
        if step.before is not None and step.after is not None:
            before, after = formula(latex_math(step.before)), formula(latex_math(step.after))
            lines.append(rf"\par {before} \({{}}\to{{}}\) {after}")
        if depth < MAX_DEPTH:
            lines += _latex_steps(step.substeps, depth + 1)
        else:
            lines += _latex_items(step.substeps, depth)
    return lines


def solution_latex(solution: Solution, title: Prose | str) -> str:
    """The worked solution as a complete LaTeX document."""
    body = [rf"\section*{{{to_latex(title)}}}", r"\raggedright"]
    if solution.question is not None:
        body.append(formula(latex_math(solution.question), display=True) + r"\par")
    body += _latex_steps(solution.steps)
    result = formula(str(result_latex(shown_result(solution))), display=True)
    body.append(rf"\paragraph{{Result.}} {result}")
    return "\n".join([PREAMBLE, r"\begin{document}", *body, r"\end{document}"]) + "\n"
