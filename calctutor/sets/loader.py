"""Turning mappings (a YAML problem, a grade line) into validated Problem values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from calctutor.sets.fields import ALL_KEYS, METHODS, OPTIMIZER_OPTIONS, REQUIRED, allowed_keys
from calctutor.sets.model import KINDS, Problem
from calctutor.sets.spelling import suggest

TEXT_FIELDS = (
    "expr", "var", "lower", "upper", "expected", "equation", "func", "method", "limit", "about",
)  # fmt: skip
NUMBER_FIELDS = ("lr", *OPTIMIZER_OPTIONS, "schedule")
MATH_FIELDS = ("expr", "expected", "lower", "upper", "limit", "about", "start")
PLAIN_NAME = re.compile(r"^[A-Za-z]+[0-9]*$")


class ProblemError(ValueError):
    """A mapping that is not a valid problem; ``messages`` lists every reason."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def problem_from_mapping(
    data: Mapping[str, Any], default_id: str = "", *, infer_constants: bool = True
) -> Problem:
    """A Problem from a mapping, or ProblemError with every reason it is not one.

    A mapping typed on the command line or in a grade line need not declare its constants:
    unless it has a ``constants`` key, every other letter its expressions use is one (in
    ``e^(xy)`` with variable x, y is a constant and ``xy`` is x·y). A problem set declares them.
    """
    errors = structure_errors(data)
    if errors:
        raise ProblemError(errors)
    problem = build_problem(data, default_id)
    if infer_constants and "constants" not in data:
        problem = with_inferred_constants(problem)
    template = bool(problem.params or problem.where)
    errors = _template_messages(problem) if template else _expression_errors(problem)
    if errors:
        raise ProblemError(errors)
    return problem


def _expression_errors(problem: Problem) -> list[str]:
    """Every mathematical field that does not parse (SymPy is imported only now)."""
    from calctutor.sets.reading import expression_errors

    return expression_errors(problem)


def with_inferred_constants(problem: Problem) -> Problem:
    """The problem with every letter its expressions use, besides its variables, as a constant."""
    from calctutor.expr import names_used

    if problem.kind == "ode":
        return problem
    texts = [getattr(problem, name) for name in MATH_FIELDS]
    taken = {*problem.variables, *(name for name, _ in problem.params), problem.func}
    variables = tuple(problem.variables)
    found = [n for text in texts if text for n in names_used(text, variables) if n not in taken]
    return replace(problem, constants=tuple(dict.fromkeys(found)))


def _template_messages(problem: Problem) -> list[str]:
    """The errors of a template (a problem with params), from calctutor.sets.templates."""
    from calctutor.sets.templates import template_messages

    return template_messages(problem)


def structure_errors(data: Mapping[str, Any]) -> list[str]:
    """What is wrong with the keys and kind of a problem mapping."""
    if not isinstance(data, Mapping):
        return ["a problem must be a mapping of field names to values"]
    kind = data.get("kind")
    if kind is None:
        return ["missing key 'kind'"]
    if not isinstance(kind, str) or kind not in KINDS:
        return [f"unknown kind '{kind}'{suggest(str(kind), KINDS)}"]
    errors = [f"missing key '{key}'" for key in REQUIRED[kind] if data.get(key) is None]
    allowed = allowed_keys(kind)
    for key in data:
        if key not in allowed:
            errors.append(_unknown_key(str(key), kind, allowed))
    return errors + _value_errors(data)


def _unknown_key(key: str, kind: str, allowed: frozenset[str]) -> str:
    """The message for a key this kind does not have."""
    if key in ALL_KEYS:
        return f"key '{key}' does not apply to a {kind} problem"
    return f"unknown key '{key}'{suggest(key, allowed)}"


def _value_errors(data: Mapping[str, Any]) -> list[str]:
    """Type errors in the values: difficulty 1-5, lists of strings, a known method."""
    errors = []
    difficulty = data.get("difficulty", 1)
    if not isinstance(difficulty, int) or isinstance(difficulty, bool) or not 1 <= difficulty <= 5:
        errors.append(f"difficulty must be a whole number from 1 to 5, not {difficulty!r}")
    method = data.get("method")
    if method is not None and method not in METHODS:
        errors.append(f"unknown method '{method}'{suggest(str(method), METHODS)}")
    elif method is not None:
        errors += _option_errors(str(method), data)
    steps = data.get("steps", 1)
    if not isinstance(steps, int) or isinstance(steps, bool) or not 1 <= steps <= 1000:
        errors.append(f"steps must be a whole number from 1 to 1000, not {steps!r}")
    errors += _worked_expression_errors(data)
    for key in ("hints", "tags", "where", "constants"):
        if not _is_text_list(data.get(key, [])):
            errors.append(f"{key} must be a list of text")
    for key in ("params", "ics"):
        if not isinstance(data.get(key, {}), Mapping):
            errors.append(f"{key} must be a mapping")
    return errors + tolerance_errors(data.get("tolerance"))


def tolerance_errors(value: Any) -> list[str]:
    """A tolerance is {absolute: number} or {relative: number}, each positive (or both)."""
    if value is None:
        return []
    shape = "tolerance must be {absolute: number} or {relative: number}"
    if not isinstance(value, Mapping) or not value or set(value) - {"absolute", "relative"}:
        return [shape]
    errors = []
    for key, number in value.items():
        try:
            ok = not isinstance(number, bool) and float(str(number)) > 0
        except ValueError:
            ok = False
        if not ok:
            errors.append(f"tolerance {key} must be a positive number, not {number!r}")
    return errors


def _worked_expression_errors(data: Mapping[str, Any]) -> list[str]:
    """A limit needs expr; a Taylor polynomial needs expr, about and a degree from 0 to 20."""
    errors = []
    degree = data.get("degree")
    taylor = degree is not None or data.get("about") is not None
    if degree is not None and (
        not isinstance(degree, int) or isinstance(degree, bool) or not 0 <= degree <= 20
    ):
        errors.append(f"degree must be a whole number from 0 to 20, not {degree!r}")
    if taylor and (degree is None or data.get("about") is None):
        errors.append("a Taylor polynomial needs both 'about' and 'degree'")
    if taylor and data.get("limit") is not None:
        errors.append("a problem is either a limit or a Taylor polynomial, not both")
    if (taylor or data.get("limit") is not None) and data.get("expr") is None:
        errors.append("missing key 'expr' (the function whose limit or polynomial is asked)")
    return errors


def _option_errors(method: str, data: Mapping[str, Any]) -> list[str]:
    """Options that do not belong to the method, or values torch refuses. Values still to be
    read (text such as '1/10' or a template's '{mu}') are checked once they are read."""
    from calctutor.sets.torch_options import foreign_option, option_errors

    given = {k: data[k] for k in OPTIMIZER_OPTIONS if data.get(k) is not None}
    foreign = [foreign_option(method, k) for k in given]
    errors = [e for e in foreign if e]
    if errors or any(isinstance(v, str) for v in given.values()):
        return errors
    return option_errors(method, given)


def _is_text_list(value: Any) -> bool:
    """True for a string or a list of scalars (each is read as text)."""
    if isinstance(value, str):
        return True
    return isinstance(value, list) and all(isinstance(v, str | int | float) for v in value)


def _text_list(value: Any) -> tuple[str, ...]:
    """A string or list as a tuple of strings."""
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value or ())


def _names(value: Any) -> tuple[str, ...]:
    """Names from a list or a comma-separated string, each in its canonical spelling."""
    if isinstance(value, str):
        names = [canonical(v.strip()) for v in value.split(",") if v.strip()]
    else:
        names = [canonical(str(v)) for v in value or ()]
    return tuple(dict.fromkeys(names))


def canonical(name: str) -> str:
    """A declared name's one spelling (θ₀ is theta0, w_1 is w1); unreadable names are kept as
    typed, for validation to report. Plain names skip the reader, which needs SymPy."""
    if PLAIN_NAME.match(name):
        return name
    from calctutor.expr import ParseError, canonical_name

    try:
        return canonical_name(name)
    except ParseError:
        return name


def _scalar_text(value: Any) -> str | None:
    """A number, string or point (list) as text the parser reads."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list | tuple):
        return "(" + ", ".join(str(v) for v in value) + ")"
    return str(value)


def _mapping(data: Mapping[str, Any], key: str) -> list[tuple[Any, Any]]:
    """The items of an optional mapping field."""
    return list(dict(data.get(key) or {}).items())


def build_problem(data: Mapping[str, Any], default_id: str) -> Problem:
    """The Problem value for a mapping whose structure is valid."""
    fields: dict[str, Any] = {k: _scalar_text(data.get(k)) for k in TEXT_FIELDS + NUMBER_FIELDS}
    for key in ("var", "func"):
        fields[key] = None if fields[key] is None else canonical(fields[key])
    return Problem(
        id=str(data.get("id", default_id)),
        kind=str(data["kind"]),
        vars=_names(data.get("vars")),
        constants=_names(data.get("constants")),
        ics=tuple((str(k), str(v)) for k, v in dict(data.get("ics") or {}).items()),
        require_constant=bool(data.get("require_constant", False)),
        start=_scalar_text(data.get("start")),
        steps=int(data.get("steps", 1)),
        classify=bool(data.get("classify", False)),
        tolerance=tuple((str(k), str(v)) for k, v in dict(data.get("tolerance") or {}).items()),
        prompt=None if data.get("prompt") is None else str(data["prompt"]),
        hints=_text_list(data.get("hints")),
        difficulty=int(data.get("difficulty", 1)),
        tags=_text_list(data.get("tags")),
        params=tuple((canonical(str(k)), str(v)) for k, v in _mapping(data, "params")),
        where=_text_list(data.get("where")),
        degree=None if data.get("degree") is None else int(data["degree"]),
        **fields,
    )
