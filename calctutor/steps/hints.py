"""Progressive hints for a drill, read off a solution's step tree without giving the result away."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import sympy

from calctutor.notation.unicode import inline
from calctutor.steps.derivative_context import show
from calctutor.steps.model import Solution, Step

# Steps too small to be worth a hint below the top level: d/dx x = 1, d/dx 5 = 0.
_TRIVIAL = frozenset({"identity rule"})
# The last line of working restates the result, so its hint only says to do it.
_SIMPLIFY = "simplify"
_SIMPLIFY_HINT = "Finally, simplify what you get."
_RULE_ONLY = "Rule to use: {}."
_RULE_PREFIX = "Rule to use:"
_SUPERSCRIPTS: Mapping[int, str] = MappingProxyType({2: "²", 3: "³"})


def _components(result: Any) -> list[Any]:
    """The separate answers in a result: the whole, a tuple's entries, a matrix's entries."""
    if isinstance(result, sympy.MatrixBase):
        return [result, *result]
    if isinstance(result, tuple | list):
        return [result, *(c for part in result for c in _components(part))]
    if isinstance(result, sympy.Eq):
        return [result, result.rhs]
    if isinstance(result, str):
        return []
    return [result]


def _walk(steps: Sequence[Step]) -> Iterator[Step]:
    """Every step of the trees, depth first."""
    for step in steps:
        yield step
        yield from _walk(step.substeps)


def _forms(value: Any) -> set[str]:
    """The ways a step's sentence may write a value, normalised (see ``_normal``)."""
    if value is None or isinstance(value, str):
        return set()
    if isinstance(value, sympy.Eq):
        return _forms(value.rhs) | _forms(value.lhs - value.rhs) | {_normal(show(value))}
    forms = set()
    for writer in (show, inline, str):
        try:
            forms.add(_normal(writer(value)))
        except Exception:  # a value one writer cannot print is simply not matched by it
            continue
    return {f for f in forms if f}


def _normal(text: str) -> str:
    """Text without spaces or multiplication signs, with ^ for powers and - for minus."""
    text = text.replace("**", "^").replace("−", "-").replace("·", "").replace("*", "")
    return "".join(text.split())


def _secrets(solution: Solution) -> frozenset[str]:
    """The texts no hint may state: each answer, and each unsimplified form of one."""
    values = _components(solution.result)
    values += [s.before for s in _walk(solution.steps) if s.rule == _SIMPLIFY]
    return frozenset(f for v in values for f in _forms(v))


def _reveals(text: str, secrets: frozenset[str]) -> bool:
    """Whether the text states a secret: anywhere for a long one, '= s' or 'is s' for a short."""
    flat = _normal(text)
    for secret in secrets:
        if len(secret) > 2 and secret in flat:
            return True
        pattern = r"(?:=|\bis)\s*\[?\(?" + re.escape(secret) + r"(?=$|[\s.,;:\])])"
        if re.search(pattern, text.replace("**", "^").replace("−", "-")):
            return True
    return False


def _kept(text: str, secrets: frozenset[str]) -> str:
    """The sentences of a step's text that state no secret (its set-up, not its result).

    A sentence that ends in a result keeps its set-up: 'y = ∫ 2x dx = x^2 + C' becomes
    'y = ∫ 2x dx = …'.
    """
    sentences = re.split(r"(?<=[.;])\s+", text.strip())
    kept = (_set_up(s, secrets) for s in sentences if s)
    return " ".join(k for k in kept if k)


def _set_up(sentence: str, secrets: frozenset[str]) -> str:
    """The sentence if it states no secret, else its longest safe part before an '=', or ''."""
    if not _reveals(sentence, secrets):
        return sentence
    cuts = [m.start() for m in re.finditer(r"\s=\s", sentence)]
    for cut in reversed(cuts):
        head = sentence[:cut].rstrip(" ,:")
        if "=" in head and not _reveals(head, secrets):
            return f"{head} = …"
    return ""


def _is_trivial(step: Step) -> bool:
    """A leaf nobody needs a hint for: d/dx x, or the derivative of a plain number."""
    if step.rule in _TRIVIAL:
        return True
    expr = step.before.args[0] if isinstance(step.before, sympy.Derivative) else None
    return step.rule == "constant rule" and expr is not None and not expr.free_symbols


def _hint(step: Step, secrets: frozenset[str]) -> str:
    """A step as a hint: its rule and the sentences that set it up, never its result.

    The step's own result (``after``) is kept back along with the answers.
    """
    own = secrets | frozenset(_forms(step.after)) if _worth_hiding(step.after) else secrets
    text = _kept(step.sentence, own)
    if not text:
        return _RULE_ONLY.format(step.rule)
    if step.rule.lower() in text.lower():
        return text
    return f"{step.rule[0].upper()}{step.rule[1:]}: {text[0].lower()}{text[1:]}"


def _worth_hiding(value: Any) -> bool:
    """A step's result worth keeping back: not a bare number or symbol (d/dx x = 1)."""
    return isinstance(value, sympy.Basic) and not value.is_Atom


def _levels(step: Step) -> Iterator[list[Step]]:
    """One tree's steps level by level, top first, without the simplification lines."""
    level = [step]
    while level:
        yield level
        level = [c for s in level for c in s.substeps if c.rule != _SIMPLIFY]


def _level_hint(
    level: list[Step], top: bool, secrets: frozenset[str], named_only: bool = True
) -> str:
    """The hint for one level of a tree: each step's hint once, in order."""
    shown = [s for s in level if top or not _is_trivial(s)]
    hints = list(dict.fromkeys(_hint(s, secrets) for s in shown))
    useful = hints if named_only else [h for h in hints if not h.startswith(_RULE_PREFIX)]
    return " ".join(useful or hints)


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


def _tree_hints(step: Step, secrets: frozenset[str], named_only: bool = True) -> list[str]:
    """The hints of one tree, one per level (``named_only``: keep hints that only name a rule)."""
    hints = [
        _level_hint(level, i == 0, secrets, named_only) for i, level in enumerate(_levels(step))
    ]
    return [h for h in hints if h]


def hints_from_solution(solution: Solution) -> tuple[str, ...]:
    """Hints from the top step's rule down; never a step's result, never the answer.

    Parallel trees (the partial derivatives of a gradient or Hessian) give one hint per level,
    each labelled; sequential stages (an ODE's general solution, then its conditions; an
    optimizer's rule, then its iterations) give each stage's hints in turn, without the stages
    whose every sentence states a result.
    """
    secrets = _secrets(solution)
    trees = [s for s in solution.steps if s.rule != _SIMPLIFY]
    if len(trees) > 1 and not all(isinstance(t.before, sympy.Derivative) for t in trees):
        hints = _sequential(trees, secrets)
    else:
        hints = _parallel(trees, secrets)
    if any(s.rule == _SIMPLIFY for s in _walk(solution.steps)):
        hints.append(_SIMPLIFY_HINT)
    return tuple(hints)


def _parallel(trees: list[Step], secrets: frozenset[str]) -> list[str]:
    """One hint per level, each tree's part labelled when there are several."""
    per_tree = [_tree_hints(t, secrets) for t in trees]
    labels = [f"{_label(t)}: " if len(trees) > 1 else "" for t in trees]
    return [
        " ".join(f"{label}{h[i]}" for label, h in zip(labels, per_tree, strict=True) if i < len(h))
        for i in range(max(map(len, per_tree), default=0))
    ]


def _sequential(trees: list[Step], secrets: frozenset[str]) -> list[str]:
    """Each stage's hints in turn; a hint that can only name its rule is left out."""
    hints = [h for t in trees for h in _tree_hints(t, secrets, named_only=False)]
    useful = [h for h in hints if not h.startswith(_RULE_PREFIX)]
    return list(dict.fromkeys(useful or hints[:1]))
