"""What a typed request asks to differentiate, and with respect to which variables.

Read here: ``d/dx f``, ``∂/∂w f``, ``d/dθ₀ f``; "derivative of f with respect to x" and "partial
derivative of f with respect to w"; "gradient of f with respect to w, b", ``grad f``, ``∇f``;
"hessian of f in x, y"; "critical points of f". Variables come from the request itself, else
from ``--var``/``--vars``, else every name the expression uses, in the usual order (x, y, z …).
Every other name in the expression is a constant. A variable the expression does not use is an
error, so that ``--vars`` is never silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from calctutor.expr.names import GREEK_LETTERS
from calctutor.sets.loader import canonical
from calctutor.sets.model import Problem

_GREEK = "|".join(sorted(GREEK_LETTERS, key=len, reverse=True))
NAME = rf"(?:{_GREEK}|[^\W\d_])(?:_\{{\d+\}}|_\d+|\d+|[₀-₉]+)?"
NAMES = rf"{NAME}(?:\s*(?:,|\band\b)\s*{NAME})*"
RESPECT = rf"(?:\s+(?:with\s+respect\s+to|w\.?r\.?t\.?|in)\s+(?P<vars>{NAMES}))?\s*$"
OPERATOR = re.compile(rf"^(?:d/d|∂/∂)(?P<var>{NAME})(?:\s+of\b)?\s*(?P<expr>.*)$")


def _phrase(opening: str) -> re.Pattern[str]:
    """A request that opens with these words, then "of", the expression and its variables."""
    return re.compile(rf"^(?:the\s+)?{opening}(?:\s+of)?\s*(?P<expr>.+?){RESPECT}", re.I)


PHRASES = (
    ("derivative", _phrase(r"(?:partial\s+)?(?:derivative|differentiate|diff)\b")),
    ("gradient", _phrase(r"(?:gradient|grad\b|∇)")),
    ("hessian", _phrase(r"(?:hessian|hess)\b")),
    ("critical_points", _phrase(r"critical\s+points?\b")),
)
VARIABLE_ORDER = "xyzwtuvabcs"


class AskingError(ValueError):
    """A request whose variables do not fit its expression."""


@dataclass(frozen=True)
class Asked:
    """What a request asks: the kind, the expression's text, and the variables it names."""

    kind: str
    expr: str
    stated: tuple[str, ...]


def read_asked(text: str) -> Asked | None:
    """The derivative, gradient, Hessian or critical points a request asks for, if it does."""
    match = OPERATOR.match(text)
    if match:
        return Asked("derivative", match.group("expr").strip(), (canonical(match.group("var")),))
    for kind, pattern in PHRASES:
        match = pattern.match(text)
        if match:
            return Asked(kind, match.group("expr").strip(), _names(match.group("vars")))
    return None


def _names(text: str | None) -> tuple[str, ...]:
    """The names of a "with respect to w, b" list, canonical."""
    if not text:
        return ()
    parts = re.split(r"\s*(?:,|\band\b)\s*", text.strip())
    return tuple(canonical(p) for p in parts if p)


def usual_order(names: Sequence[str]) -> tuple[str, ...]:
    """Names in the usual order of variables: x, y, z, w, t, … then the rest, indices in order."""

    def key(name: str) -> tuple[int, str, int]:
        letters = name.rstrip("0123456789")
        index = int(name[len(letters) :] or -1)
        rank = VARIABLE_ORDER.find(letters) if len(letters) == 1 else -1
        return (rank if rank >= 0 else len(VARIABLE_ORDER), letters, index)

    return tuple(sorted(dict.fromkeys(names), key=key))


def asked_problem(asked: Asked, given: tuple[str, ...]) -> Problem:
    """The Problem asked: variables checked against the expression, the other names constants."""
    from calctutor.expr import names_used

    if not asked.expr:
        raise AskingError(f"nothing to differentiate: write {_example(asked.kind)}")
    used = names_used(asked.expr, asked.stated or given)
    variables = _variables(asked, given, used)
    constants = tuple(n for n in used if n not in variables)
    problem = Problem(id="typed", kind=asked.kind, expr=asked.expr, constants=constants)
    if asked.kind == "derivative":
        return replace(problem, var=variables[0])
    return replace(problem, vars=variables, classify=asked.kind == "critical_points")


def _variables(asked: Asked, given: tuple[str, ...], used: tuple[str, ...]) -> tuple[str, ...]:
    """The variables: stated in the request, else given as options, else guessed."""
    if asked.stated and given and asked.stated != given:
        raise AskingError(
            f"the request is with respect to {', '.join(asked.stated)} "
            f"but the options say {', '.join(given)}: give the variables once"
        )
    variables = asked.stated or given
    if asked.kind == "derivative" and len(variables) > 1:
        raise AskingError(
            "a derivative is taken with respect to one variable; for several, ask for the "
            f"gradient: gradient of {asked.expr} with respect to {', '.join(variables)}"
        )
    if given or asked.kind != "derivative":
        _all_used(variables, used)
    if variables:
        return variables
    guessed = usual_order(used) or ("x",)
    return guessed[:1] if asked.kind == "derivative" else guessed


def _all_used(variables: tuple[str, ...], used: tuple[str, ...]) -> None:
    """Refuse a variable the expression does not use (it would be silently meaningless)."""
    from calctutor.expr.names import display_name, display_names

    for name in variables:
        if name not in used:
            uses = f"it uses {display_names(used)}" if used else "it has no variables"
            raise AskingError(f"{display_name(name)} is not in the expression ({uses})")


def _example(kind: str) -> str:
    """An example of the request for this kind."""
    return {
        "derivative": "d/dx f or 'derivative of f with respect to x'",
        "gradient": "'gradient of f with respect to x, y'",
        "hessian": "'hessian of f in x, y'",
    }.get(kind, "'critical points of f'")


UNDERSTOOD = (
    "d/dx f, ∂/∂w f, 'derivative of f with respect to x', 'partial derivative of f with respect "
    "to w', 'gradient of f with respect to w, b' (or grad f, ∇f), 'hessian of f in x, y', "
    "'critical points of f', ∫ f dx or 'integrate f dx from 0 to 1', lim_{x->0} f, 'taylor "
    "polynomial of degree 3 of f about x = 1', or a differential equation such as y' = 2y"
)
