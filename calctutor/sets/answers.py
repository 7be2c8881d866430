"""A reference result written out: as answer-box text, as LaTeX, and as Maxima for STACK.

The answer-box text is what a student would type and what ``calctutor.expr`` reads back, so a
quiz key can be graded by the same ``check`` that grades students.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from calctutor.sets.model import Problem

FLOAT_DIGITS = 10


class NoAnswer(ValueError):
    """The result cannot be written as an answer (missing, or of an unexpected shape)."""


def float_text(value: float) -> str:
    """A float in plain positional notation with at most 10 significant digits."""
    rounded = Decimal(f"{float(value):.{FLOAT_DIGITS}g}")
    text = format(rounded.normalize(), "f")
    return "0" if text in ("-0", "0") else text


class _AnswerPrinter(StrPrinter):  # type: ignore[misc]
    """SymPy's string printer, with floats in plain decimals the answer box reads."""

    def _print_Float(self, expr: Any) -> str:
        """A decimal without exponent."""
        return float_text(float(expr))


class _LatexPrinter(LatexPrinter):  # type: ignore[misc]
    """SymPy's LaTeX printer, with short floats."""

    def _print_Float(self, expr: Any) -> str:
        """A decimal without exponent."""
        return float_text(float(expr))


class _MaximaPrinter(StrPrinter):  # type: ignore[misc]
    """Maxima syntax: %e, %pi, abs, signum; powers are turned to ^ afterwards."""

    def _print_Exp1(self, expr: Any) -> str:
        """Euler's number."""
        return "%e"

    def _print_Pi(self, expr: Any) -> str:
        """π."""
        return "%pi"

    def _print_ImaginaryUnit(self, expr: Any) -> str:
        """i."""
        return "%i"

    def _print_Infinity(self, expr: Any) -> str:
        """+∞."""
        return "inf"

    def _print_NegativeInfinity(self, expr: Any) -> str:
        """-∞."""
        return "minf"

    def _print_Abs(self, expr: Any) -> str:
        """|u|."""
        return f"abs({self._print(expr.args[0])})"

    def _print_sign(self, expr: Any) -> str:
        """sign(u)."""
        return f"signum({self._print(expr.args[0])})"

    def _print_Float(self, expr: Any) -> str:
        """A decimal without exponent."""
        return float_text(float(expr))


def expr_text(expr: Any, order: str | None = None) -> str:
    """One expression in answer-box syntax: ``3*x^2 + exp(2*x)/2``.

    ``order="none"`` keeps the terms of an unevaluated sum in the order they were given.
    """
    printer = _AnswerPrinter({"order": order})
    return str(printer.doprint(sympy.sympify(expr, strict=True))).replace("**", "^")


def expr_latex(expr: Any, order: str | None = None) -> str:
    """One expression as LaTeX (``order="none"`` keeps an unevaluated sum's order)."""
    return str(_LatexPrinter({"order": order}).doprint(sympy.sympify(expr, strict=True)))


def highest_first(side: Any, func: str, printer: Any = expr_text) -> str:
    """One side of an ODE with derivatives as primes, terms from the highest order down.

    ``printer`` is ``expr_text`` or ``expr_latex``; y(x) prints as y, y'(x) as y'.
    """
    names = {d: sympy.Symbol(func + "'" * d.derivative_count) for d in side.atoms(sympy.Derivative)}
    plain = side.xreplace(names)
    applied = plain.atoms(sympy.core.function.AppliedUndef)
    plain = plain.xreplace({f: sympy.Symbol(func) for f in applied})
    if not isinstance(plain, sympy.Add):
        return str(printer(plain))

    def primes(term: Any) -> int:
        return -max((s.name.count("'") for s in term.free_symbols), default=-1)

    terms = sorted(plain.args, key=lambda t: (primes(t), sympy.default_sort_key(t)))
    return str(printer(sympy.Add(*terms, evaluate=False), order="none"))


def expr_maxima(expr: Any) -> str:
    """One expression in Maxima syntax: ``3*x^2+%e^(2*x)/2`` style."""
    return str(_MaximaPrinter().doprint(sympy.sympify(expr, strict=True))).replace("**", "^")


def _join(items: Sequence[str], left: str = "(", right: str = ")") -> str:
    """Items between brackets, comma separated."""
    return left + ", ".join(items) + right


def _points(result: Any, text: Any, bare: bool) -> list[str]:
    """Each point as text: a bare coordinate for one variable, a bracketed tuple otherwise."""
    return [text(p[0]) if bare and len(p) == 1 else _join([text(c) for c in p]) for p in result]


def _classified(result: Any) -> bool:
    """True when a critical-points result pairs each point with its kind."""
    return bool(result) and all(isinstance(r, tuple) and isinstance(r[-1], str) for r in result)


def _require(result: Any) -> Any:
    """The result, or NoAnswer when there is none."""
    if result is None:
        raise NoAnswer("the problem has no reference answer")
    return result


def answer_text(problem: Problem, result: Any) -> str:
    """The reference result as a student would type it for this problem."""
    result, kind = _require(result), problem.kind
    if kind == "integral":
        return f"{expr_text(result)} + C"
    if kind == "ode":
        return f"{problem.func or 'y'} = {expr_text(result)}"
    if kind in ("gradient", "optimizer_step"):
        return _join([expr_text(v) for v in result])
    if kind == "hessian":
        return _join(
            [_join([expr_text(v) for v in row], "[", "]") for row in result.tolist()], "[", "]"
        )
    if kind == "critical_points":
        return _points_text(problem, result)
    return expr_text(result)


def _points_text(problem: Problem, result: Any) -> str:
    """Critical points, each followed by its kind when the problem classifies."""
    bare = len(problem.variables) == 1
    if not result:
        return "none"
    if _classified(result):
        points = _points([p for p, _ in result], expr_text, bare)
        return ", ".join(f"{p} {k}" for p, (_, k) in zip(points, result, strict=True))
    return ", ".join(_points(result, expr_text, bare))


def answer_latex(problem: Problem, result: Any) -> str:
    """The reference result as LaTeX (without math delimiters)."""
    result, kind = _require(result), problem.kind
    if kind == "integral":
        return f"{expr_latex(result)} + C"
    if kind == "ode":
        return f"{problem.func or 'y'} = {expr_latex(result)}"
    if kind in ("gradient", "optimizer_step"):
        return _join([expr_latex(v) for v in result], r"\left(", r"\right)")
    if kind == "hessian":
        return expr_latex(sympy.ImmutableMatrix(result))
    if kind == "critical_points":
        return _points_latex(problem, result)
    return expr_latex(result)


def _points_latex(problem: Problem, result: Any) -> str:
    """Critical points as LaTeX, each with its kind as text when classified."""
    if not result:
        return r"\text{none}"

    def point(p: Any) -> str:
        inner = ", ".join(expr_latex(c) for c in p)
        return inner if len(p) == 1 else rf"\left({inner}\right)"

    if _classified(result):
        return ", ".join(rf"{point(p)}\ \text{{{k}}}" for p, k in result)
    return ", ".join(point(p) for p in result)


def answer_maxima(problem: Problem, result: Any) -> str:
    """The reference result in Maxima syntax, the teacher's answer of a STACK question."""
    result, kind = _require(result), problem.kind
    if kind == "ode":
        return f"{problem.func or 'y'} = {expr_maxima(result)}"
    if kind in ("gradient", "optimizer_step"):
        return _join([expr_maxima(v) for v in result], "[", "]")
    if kind == "hessian":
        rows = [_join([expr_maxima(v) for v in row], "[", "]") for row in result.tolist()]
        return "matrix(" + ",".join(rows) + ")"
    if kind == "critical_points":
        points = [p for p, _ in result] if _classified(result) else list(result)
        return _join([_join([expr_maxima(c) for c in p], "[", "]") for p in points], "[", "]")
    return expr_maxima(result)


def numeric_values(problem: Problem, result: Any) -> tuple[float, ...] | None:
    """The answer as real numbers when it is numbers only (a value or a point), else None."""
    if result is None or problem.kind in ("integral", "ode", "hessian", "critical_points"):
        return None
    items = tuple(result) if isinstance(result, tuple) else (result,)
    values = []
    for item in items:
        value = sympy.sympify(item, strict=True)
        if value.free_symbols or not value.is_number:
            return None
        number = complex(sympy.N(value, 20))
        if abs(number.imag) > 1e-12:
            return None
        values.append(number.real)
    return tuple(values)


def constant_names(result: Any) -> tuple[str, ...]:
    """The arbitrary constants (C1, C2 ...) a result uses, sorted."""
    symbols: set[Any] = getattr(result, "free_symbols", set())
    return tuple(sorted(s.name for s in symbols if s.name[:1] in "CK" and s.name[1:].isdigit()))
