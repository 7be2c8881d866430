"""Templates: problems with ``params`` drawn at random, turned into seeded concrete variants.

A parameter is ``randint(a, b)`` (a whole number from a to b), ``choice(v1, v2, ...)`` (one of
the values), ``nonzero(a, b)`` (a whole number from a to b, never 0) or a plain number; ``where``
lists conditions on the drawn values, such as ``a != b`` or ``0 < a*b <= 20`` (both are read
in ``calctutor.sets.params``, never evaluated). Values are substituted into the parsed
text fields and printed back, so a variant is an ordinary Problem whose id is the template's.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import sympy

from calctutor.expr import ParseContext, ParseError, parse_answer, parse_expr
from calctutor.expr.names import CONSTANTS, FUNCTIONS, GREEK_LETTERS
from calctutor.expr.runs import is_single_name
from calctutor.sets.answers import expr_text, highest_first
from calctutor.sets.model import Problem
from calctutor.sets.params import Condition, Param, parse_condition, parse_generator
from calctutor.sets.reading import expression_errors

EXHAUSTIVE = 4096  # parameter spaces up to this size are searched completely for validation
SAMPLES = 500
SCALAR_FIELDS = (
    "expr", "expected", "lower", "upper", "lr", "momentum", "dampening", "weight_decay", "alpha",
    "eps", "beta1", "beta2", "lr_decay", "initial_accumulator_value",
)  # fmt: skip
PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")


class TemplateInvalid(ValueError):
    """A template that cannot be used; ``errors`` lists every reason."""

    def __init__(self, errors: list[TemplateError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class TemplateError:
    """One thing wrong with a template: the field ('params', 'where' ...), the item, why."""

    field: str
    item: str | int | None
    message: str

    def __str__(self) -> str:
        """``params: a: unknown generator ...``"""
        item = "" if self.item is None else f"{self.item}: "
        if isinstance(self.item, int):
            item = f"condition {self.item + 1}: "
        return f"{self.field}: {item}{self.message}"


@dataclass(frozen=True)
class Template:
    """A problem with parameters, its fields parsed once so that drawing is cheap."""

    problem: Problem
    params: tuple[Param, ...]
    conditions: tuple[Condition, ...]
    fields: tuple[tuple[str, Any], ...]

    def symbols(self) -> dict[str, Any]:
        """Each parameter's name with its SymPy symbol."""
        return {p.name: sympy.Symbol(p.name) for p in self.params}


@dataclass(frozen=True)
class Variant:
    """A concrete problem drawn from a template, with the values that made it."""

    problem: Problem
    label: str
    values: tuple[tuple[str, str], ...]


def is_template(problem: Problem) -> bool:
    """True when the problem has parameters to draw."""
    return bool(problem.params or problem.where)


def problem_rng(seed: int | str, *keys: str) -> random.Random:
    """A generator seeded by the quiz seed and the problem's keys (set, id): stable everywhere."""
    return random.Random(":".join(["calctutor", str(seed), *keys]))


def _name_error(name: str, problem: Problem) -> str | None:
    """Why a parameter name cannot be used, or None."""
    if not is_single_name(name):
        return "a parameter name must be letters with an optional index, such as a, n1 or θ₀"
    if name in problem.variables or name == problem.func:
        return f"'{name}' is a variable of the problem, not a parameter"
    if name in problem.constants:
        return f"'{name}' is a constant of the problem, not a parameter"
    if (name in FUNCTIONS or name in CONSTANTS) and name not in GREEK_LETTERS:
        return f"'{name}' is a function or constant name; choose another parameter name"
    return None


# --- reading a template --------------------------------------------------------------------


def _ode_context(problem: Problem, names: tuple[str, ...]) -> ParseContext:
    """The context of an ODE template's equation: its variable, function and parameters."""
    return ParseContext(
        variables=(problem.var or "x", *names),
        functions=(problem.func or "y",),
        constants="arbitrary",
        expect="any",
        parameters=problem.constants,
    )


def _field_readers(problem: Problem, names: tuple[str, ...]) -> list[tuple[str, Any]]:
    """Each mathematical text field with a function reading it, the parameters as symbols."""
    context = ParseContext(variables=problem.variables, parameters=(*problem.constants, *names))
    readers: list[tuple[str, Any]] = []
    for name in SCALAR_FIELDS:
        text = getattr(problem, name)
        if text is not None:
            readers.append((name, lambda t=text: parse_expr(t, context)))
    if problem.start is not None:
        vector = replace(context, expect="vector")
        readers.append(("start", lambda: parse_answer(problem.start, vector)))
    if problem.equation is not None:
        ode = _ode_context(problem, names)
        readers.append(("equation", lambda: parse_answer(problem.equation, ode)))
    for key, value in problem.ics:
        readers.append((f"ics:{key}", lambda t=value: parse_expr(t, context)))
    return readers


def _parse_fields(
    problem: Problem, names: tuple[str, ...], errors: list[TemplateError]
) -> list[tuple[str, Any]]:
    """Every mathematical text field parsed, recording the fields that do not parse."""
    fields = []
    for name, read in _field_readers(problem, names):
        try:
            fields.append((name, read()))
        except ParseError as error:
            errors.append(TemplateError(name.split(":")[0], None, error.display()))
    return fields


def _read_params(problem: Problem, errors: list[TemplateError]) -> list[Param]:
    """Every parameter that reads, recording the errors of the others."""
    params = []
    for name, text in problem.params:
        reason = _name_error(name, problem)
        if reason is not None:
            errors.append(TemplateError("params", name, reason))
            continue
        try:
            params.append(parse_generator(name, text))
        except ValueError as error:
            errors.append(TemplateError("params", name, str(error)))
    return params


def read_template(problem: Problem) -> Template:
    """The template of a problem with params, or TemplateInvalid listing every error."""
    errors: list[TemplateError] = []
    if not problem.params:
        errors.append(TemplateError("where", None, "conditions need parameters ('params')"))
    params = _read_params(problem, errors)
    names = tuple(name for name, _ in problem.params)
    conditions = []
    for index, text in enumerate(problem.where):
        try:
            conditions.append(parse_condition(text, names))
        except ValueError as error:
            errors.append(TemplateError("where", index, str(error)))
    fields = _parse_fields(problem, names, errors)
    if errors:
        raise TemplateInvalid(errors)
    return Template(problem, tuple(params), tuple(conditions), tuple(fields))


# --- drawing and substituting --------------------------------------------------------------


class IllFormed(ValueError):
    """Drawn values that make a field undefined or not real (division by zero, √-1 ...)."""


def draw_values(template: Template, rng: random.Random) -> dict[Any, Any] | None:
    """One draw of every parameter, in the order written; None when a condition fails."""
    symbols = template.symbols()
    values = {symbols[p.name]: rng.choice(p.values) for p in template.params}
    return values if all(c.holds(values) for c in template.conditions) else None


def _checked(name: str, value: Any) -> Any:
    """A substituted field value, refused when undefined, complex or (outside limits) infinite."""
    items = value if isinstance(value, tuple) else (value,)
    for item in items:
        bad = (sympy.zoo, sympy.nan, sympy.I) + (() if name in ("lower", "upper") else (sympy.oo,))
        if item.has(*bad):
            raise IllFormed(f"{name} becomes {expr_text(item)}")
    return value


def _prime_text(equation: Any, func: str) -> str:
    """An ODE in the prime notation the answer box reads: ``y'' + 3*y' + 2*y = 0``."""
    if isinstance(equation, sympy.Eq):
        return f"{highest_first(equation.lhs, func)} = {highest_first(equation.rhs, func)}"
    return f"{highest_first(equation, func)} = 0"


def _text_changes(template: Template, values: Mapping[Any, Any]) -> dict[str, Any]:
    """The new text of every mathematical field once the values are substituted."""
    changes: dict[str, Any] = {}
    ics = []
    for name, parsed in template.fields:
        if name == "start":
            point = _checked(
                name, tuple(sympy.sympify(c, strict=True).xreplace(values) for c in parsed)
            )
            changes[name] = "(" + ", ".join(expr_text(c) for c in point) + ")"
        elif name == "equation":
            equation = parsed.xreplace(values)
            if equation in (sympy.true, sympy.false) or equation.has(sympy.zoo, sympy.nan):
                raise IllFormed("the equation becomes degenerate")
            changes[name] = _prime_text(equation, template.problem.func or "y")
        elif name.startswith("ics:"):
            ics.append((name[4:], expr_text(_checked("ics", parsed.xreplace(values)))))
        else:
            changes[name] = expr_text(_checked(name, parsed.xreplace(values)))
    if template.problem.ics:
        changes["ics"] = tuple(ics)
    return changes


def _fill(text: str | None, shown: Mapping[str, str]) -> str | None:
    """Author text with each ``{name}`` of a parameter replaced by its value."""
    if text is None:
        return None
    return PLACEHOLDER.sub(lambda m: shown.get(m.group(1), m.group(0)), text)


def substitute(template: Template, values: Mapping[Any, Any]) -> Problem:
    """The concrete problem for these values (IllFormed when a field becomes undefined)."""
    shown = {s.name: expr_text(v) for s, v in values.items()}
    problem = template.problem
    return replace(
        problem,
        params=(),
        where=(),
        prompt=_fill(problem.prompt, shown),
        hints=tuple(_fill(h, shown) or "" for h in problem.hints),
        **_text_changes(template, values),
    )


def label(values: Mapping[Any, Any]) -> str:
    """The values as a short label: ``a=3, b=-1``."""
    return ", ".join(f"{s.name}={expr_text(v)}" for s, v in values.items())


def draw_variant(
    template: Template,
    rng: random.Random,
    seen: Collection[Problem] = (),
    accept: Callable[[Problem], bool] | None = None,
    tries: int = 100,
) -> Variant | None:
    """A new well-formed variant: conditions hold, fields defined, not in ``seen``, accepted.

    ``accept`` is where a caller checks that the reference answer exists and verifies; it is
    asked once per distinct candidate. None when ``tries`` draws found nothing.
    """
    tried: set[Problem] = set()
    for _ in range(tries):
        values = draw_values(template, rng)
        if values is None:
            continue
        try:
            problem = substitute(template, values)
        except IllFormed:
            continue
        if problem in seen or problem in tried:
            continue
        tried.add(problem)
        if accept is None or accept(problem):
            shown = tuple((s.name, expr_text(v)) for s, v in values.items())
            return Variant(problem, label(values), shown)
    return None


def draw_variants(
    template: Template,
    rng: random.Random,
    count: int,
    accept: Callable[[Problem], bool] | None = None,
) -> list[Variant]:
    """Up to ``count`` distinct variants, drawn one after another from ``rng``."""
    found: list[Variant] = []
    while len(found) < count:
        variant = draw_variant(template, rng, {v.problem for v in found}, accept)
        if variant is None:
            break
        found.append(variant)
    return found


# --- validation ----------------------------------------------------------------------------


def _space_size(template: Template) -> int:
    """How many combinations of parameter values there are."""
    size = 1
    for param in template.params:
        size *= len(param.values)
    return size


def satisfying(template: Template) -> Iterable[dict[Any, Any]]:
    """Values that meet the conditions: all of them for small spaces, else a fixed sample."""
    symbols = [sympy.Symbol(p.name) for p in template.params]
    if _space_size(template) <= EXHAUSTIVE:
        combos: Iterable[tuple[Any, ...]] = itertools.product(*(p.values for p in template.params))
    else:
        rng = problem_rng("validate", template.problem.id)
        combos = (tuple(rng.choice(p.values) for p in template.params) for _ in range(SAMPLES))
    for combo in combos:
        values = dict(zip(symbols, combo, strict=True))
        if all(c.holds(values) for c in template.conditions):
            yield values


def _never_message(template: Template) -> str:
    """Why no values were found: every combination, or a sample, was tried."""
    size = _space_size(template)
    if size <= EXHAUSTIVE:
        return f"the conditions never hold (all {size} combinations of values were tried)"
    return f"the conditions held in none of {SAMPLES} random draws"


def template_errors(problem: Problem, attempts: int = 20) -> list[TemplateError]:
    """Everything wrong with a template: generators, names, conditions, and its variants."""
    try:
        template = read_template(problem)
    except TemplateInvalid as error:
        return error.errors
    first: str | None = None
    found = False
    for values in itertools.islice(satisfying(template), attempts):
        found = True
        try:
            messages = expression_errors(substitute(template, values))
        except IllFormed as error:
            messages = [str(error)]
        if not messages:
            return []
        first = first or f"with {label(values)}: {messages[0]}"
    if not found:
        return [TemplateError("where", None, _never_message(template))]
    return [TemplateError("params", None, f"no drawn variant is well-formed ({first})")]


def template_messages(problem: Problem) -> list[str]:
    """The template's errors as plain messages."""
    return [str(e) for e in template_errors(problem)]
