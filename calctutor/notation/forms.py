"""Shapes both printers share: log to a base, the logistic function, numbers as written."""

from __future__ import annotations

from typing import Any

import sympy

# Functions printed as a textbook names them (the inverse trigonometric ones as arc-).
FUNCTION_NAMES = {
    "log": "ln", "asin": "arcsin", "acos": "arccos", "atan": "arctan", "acot": "arccot",
    "asec": "arcsec", "acsc": "arccsc", "asinh": "arsinh", "acosh": "arcosh", "atanh": "artanh",
    "acoth": "arcoth", "asech": "arsech", "acsch": "arcsch", "sigmoid": "σ", "Sigmoid": "σ",
    "ReLU": "ReLU", "relu": "ReLU", "Heaviside": "H", "sign": "sgn", "re": "Re", "im": "Im",
}  # fmt: skip
# Functions whose powers are written on the name: sin²x.
POWERED_NAMES = frozenset({"sin", "cos", "tan", "cot", "sec", "csc",
                           "sinh", "cosh", "tanh", "coth", "sech", "csch"})  # fmt: skip


class log_base(sympy.Function):  # type: ignore[misc]
    """log_b(u) as written, standing for ln(u)/ln(b) only while printing."""

    nargs = 2


def function_name(func: Any) -> str:
    """The name a textbook gives a SymPy function: ln, arctan, σ."""
    name = str(getattr(func, "__name__", func))
    return FUNCTION_NAMES.get(name, name)


def with_log_bases(expr: Any) -> Any:
    """ln(u)/ln(b) with an integer base b rewritten as log_b(u), so log₂ x prints as such."""
    if not isinstance(expr, sympy.Basic) or not expr.has(sympy.log):
        return expr
    return expr.replace(lambda e: isinstance(e, sympy.Mul), _log_base_of_mul)


def _log_base_of_mul(mul: Any) -> Any:
    """One product: its factor ln(u)·(ln b)⁻¹ merged into log_b(u)."""
    factors = list(mul.args)
    bases = [f for f in factors if f.is_Pow and f.exp == -1 and isinstance(f.base, sympy.log)
             and f.base.args[0].is_Integer and f.base.args[0] > 1]  # fmt: skip
    logs = [f for f in factors if isinstance(f, sympy.log)]
    if len(bases) != 1 or len(logs) != 1:
        return mul
    base = bases[0].base.args[0]
    rest = [f for f in factors if f is not bases[0] and f is not logs[0]]
    return sympy.Mul(*rest, log_base(logs[0].args[0], base), evaluate=False)


def float_text(value: Any) -> str:
    """A float as a person writes it: 4.9, 0.001, 2.5e-8 → 2.5 × 10⁻⁸; 2.0 → 2."""
    number = float(value)
    if number == int(number) and abs(number) < 1e15:
        return str(int(number))
    text = repr(number)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    from calctutor.notation.symbols import superscript

    power = superscript(str(int(exponent))) or f"^{int(exponent)}"
    return f"{mantissa} × 10{power}"


def float_latex(value: Any) -> str:
    """A float in LaTeX: 4.9, 2.5 \\times 10^{-8}."""
    number = float(value)
    text = float_text(number)
    if "×" not in text:
        return text
    mantissa, exponent = repr(number).split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"
