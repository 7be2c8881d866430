"""Textbook conventions for results: ln|u| in antiderivatives, + C, numbers as written.

Each function takes and returns a SymPy object and changes only how a result is written, never
its value as an answer: ln|u| and ln u have the same derivative, and a decimal shown for 49/10 is
the same number.
"""

from __future__ import annotations

import re
from typing import Any

import sympy

# The names an arbitrary constant goes by: C, C1, C₂, K.
ARBITRARY = re.compile(r"^[CK](_?\d+|[₀-₉]+)?$")
MOST_DECIMAL_DIGITS = 6


def abs_logs(expr: Any) -> Any:
    """ln u → ln|u| wherever u is real but may be negative: ∫ 1/(x − 1) dx = ln|x − 1|.

    Arguments that are positive for every real value (x² + 1, eˣ + 1) keep their brackets, and
    an expression that is not real-valued for real variables (√x, i) is left as it is.
    """
    if not isinstance(expr, sympy.Basic) or not expr.has(sympy.log) or expr.has(sympy.I):
        return expr
    reals = {s: sympy.Dummy(s.name, real=True) for s in expr.free_symbols if s.is_Symbol}
    return expr.replace(
        lambda node: isinstance(node, sympy.log), lambda node: _abs_log(node, reals)
    )


def _abs_log(node: Any, reals: dict[Any, Any]) -> Any:
    """One logarithm with |…| around an argument that can be negative."""
    arg = node.args[0]
    if isinstance(arg, sympy.Abs) or len(node.args) != 1:
        return node
    real = arg.xreplace(reals)
    if real.is_positive or real.is_real is not True:
        return node
    return sympy.log(sympy.Abs(arg), evaluate=False)


def has_constant(expr: Any) -> bool:
    """True when expr already holds an arbitrary constant (C, C₁, K)."""
    symbols: set[Any] = getattr(expr, "free_symbols", set())
    return any(ARBITRARY.match(str(s)) for s in symbols)


def plus_constant(expr: Any) -> Any:
    """An antiderivative as a textbook's last line writes it: F + C (unless it has a C)."""
    if not isinstance(expr, sympy.Expr) or has_constant(expr):
        return expr
    return sympy.Add(expr, sympy.Symbol("C"), evaluate=False)


def decimal_form(expr: Any) -> Any:
    """Fractions with a short decimal expansion written as decimals: 49/10 → 4.9, 49t²/5 → 9.8t².

    For problems the author wrote with decimals; exponents keep their fractions (√x stays √x).
    """
    if isinstance(expr, tuple | list):
        return type(expr)(decimal_form(e) for e in expr)
    if not isinstance(expr, sympy.Basic) or not expr.has(sympy.Rational):
        return expr
    return _decimals(expr)


def _decimals(node: Any) -> Any:
    """The rewrite, walking the tree so that exponents are left alone."""
    if node.is_Rational and not node.is_Integer:
        text = _short_decimal(node)
        return node if text is None else sympy.Float(text)
    if node.is_Atom or not node.args:
        return node
    if node.is_Pow:
        return sympy.Pow(_decimals(node.base), node.exp)
    if isinstance(node, sympy.MatrixBase):
        return node.applyfunc(_decimals)
    try:
        return node.func(*(_decimals(a) for a in node.args))
    except (TypeError, ValueError):  # a node that cannot be rebuilt keeps its fractions
        return node


def _short_decimal(value: Any) -> str | None:
    """'4.9' for 49/10; None when the expansion does not end or is long (1/3, 1/1024)."""
    q = int(value.q)
    twos = fives = 0
    while q % 2 == 0:
        q, twos = q // 2, twos + 1
    while q % 5 == 0:
        q, fives = q // 5, fives + 1
    if q != 1:
        return None
    places = max(twos, fives)
    text = f"{int(value.p) * 10**places // int(value.q)}"
    sign = "-" if text.startswith("-") else ""
    digits = text.lstrip("-").rjust(places + 1, "0")
    if len(digits.strip("0")) > MOST_DECIMAL_DIGITS:
        return None
    return f"{sign}{digits[:-places]}.{digits[-places:]}"
