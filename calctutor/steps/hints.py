"""Progressive hints for a drill, read off a solution's step tree without giving the result away."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import sympy

from calctutor.steps.derivative_context import show
from calctutor.steps.model import Solution, Step

# Steps too small to be worth a hint below the top level: d/dx x = 1, d/dx 5 = 0.
_TRIVIAL = frozenset({"identity rule"})
# The last line of working restates the result, so its hint only says to do it.
_SIMPLIFY = "simplify"
_SIMPLIFY_HINT = "Finally, simplify what you get."
_SUPERSCRIPTS: Mapping[int, str] = MappingProxyType({2: "²", 3: "³"})


def _components(result: Any) -> list[Any]:
    """The separate answers in a result: a scalar, a tuple's entries, a matrix's entries."""
    if isinstance(result, sympy.MatrixBase):
        return list(result)
    if isinstance(result, tuple | list):
        return list(result)
    return [result]


def _walk(steps: Sequence[Step]) -> Iterator[Step]:
    """Every step of the trees, depth first."""
    for step in steps:
        yield step
        yield from _walk(step.substeps)


def _secrets(solution: Solution) -> frozenset[str]:
    """The texts a hint must not state: each answer, and each unsimplified form of one."""
    answers = [show(r) for r in _components(solution.result)]
    raw = [show(s.before) for s in _walk(solution.steps) if s.rule == _SIMPLIFY]
    return frozenset(answers + raw)


def _reveals(text: str, secrets: frozenset[str]) -> bool:
    """Whether text states a secret as a value: '= cos(x)' or 'is 0', not as part of a formula."""
    for secret in secrets:
        pattern = r"(?:=|\bis)\s*\[?" + re.escape(secret) + r"(?=$|[\s.,;:\]])"
        if re.search(pattern, text):
            return True
    return False


def _is_trivial(step: Step) -> bool:
    """A leaf nobody needs a hint for: d/dx x, or the derivative of a plain number."""
    if step.rule in _TRIVIAL:
        return True
    expr = step.before.args[0] if isinstance(step.before, sympy.Derivative) else None
    return step.rule == "constant rule" and expr is not None and not expr.free_symbols


def _hint(step: Step, secrets: frozenset[str]) -> str:
    """A step as a hint: its rule and sentence, or only the rule if the sentence tells too much."""
    text = step.sentence
    if _reveals(text, secrets):
        return f"Rule to use: {step.rule}."
    if step.rule.lower() in text.lower():
        return text
    return f"{step.rule[0].upper()}{step.rule[1:]}: {text[0].lower()}{text[1:]}"


def _levels(step: Step) -> Iterator[list[Step]]:
    """One tree's steps level by level, top first, without the simplification lines."""
    level = [step]
    while level:
        yield level
        level = [c for s in level for c in s.substeps if c.rule != _SIMPLIFY]


def _level_hint(level: list[Step], top: bool, secrets: frozenset[str]) -> str:
    """The hint for one level of a tree: each step's hint once, in order."""
    shown = [s for s in level if top or not _is_trivial(s)]
    return " ".join(dict.fromkeys(_hint(s, secrets) for s in shown))


def _power(k: int) -> str:
    """The superscript of an order of differentiation: nothing for 1, ² for 2."""
    return "" if k == 1 else _SUPERSCRIPTS.get(k, f"^{k}")


def _label(step: Step) -> str:
    """What a top step computes, to tell several trees apart: ∂f/∂x, ∂²f/∂x∂y."""
    if not isinstance(step.before, sympy.Derivative):
        return step.rule
    counts = list(step.before.variable_count)
    top = "∂" + _power(sum(k for _, k in counts))
    return f"{top}f/" + "".join(f"∂{v}{_power(k)}" for v, k in counts[::-1])


def _tree_hints(step: Step, secrets: frozenset[str]) -> list[str]:
    """The hints of one tree, one per level."""
    hints = [_level_hint(level, i == 0, secrets) for i, level in enumerate(_levels(step))]
    return [h for h in hints if h]


def hints_from_solution(solution: Solution) -> tuple[str, ...]:
    """Hints from the top step's rule down, one per level of the tree; never the result itself."""
    secrets = _secrets(solution)
    trees = [s for s in solution.steps if s.rule != _SIMPLIFY]
    per_tree = [_tree_hints(t, secrets) for t in trees]
    labels = [f"{_label(t)}: " if len(trees) > 1 else "" for t in trees]
    hints = [
        " ".join(f"{label}{h[i]}" for label, h in zip(labels, per_tree, strict=True) if i < len(h))
        for i in range(max(map(len, per_tree), default=0))
    ]
    if any(s.rule == _SIMPLIFY for s in _walk(solution.steps)):
        hints.append(_SIMPLIFY_HINT)
    return tuple(hints)
