"""The table of standard derivatives: d/du f(u) for each elementary function of one argument."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import sympy

from calctutor.expr.functions import relu, sigmoid, softplus


@dataclass(frozen=True)
class TableEntry:
    """A standard derivative: the function's textbook name and d/du f(u) as a function of u."""

    name: str
    derivative: Callable[[Any], Any]
    remark: str = ""  # a side note for the sentence, "{u}" standing for the argument


def _one_over_sqrt(expr: Any) -> Any:
    """1/sqrt(expr), the shape shared by the inverse trig and hyperbolic derivatives."""
    return 1 / sympy.sqrt(expr)


# Textbook forms, valid on each function's real domain (e.g. d/du arcsec(u) = 1/(|u|·sqrt(u²-1))
# holds for |u| > 1); the verifier compares against sympy.diff at points where f is real. arcosh
# keeps SymPy's sqrt(u - 1)·sqrt(u + 1): 1/sqrt(u² - 1) takes the wrong sign for u < -1, which
# matters when arcosh sits inside a function that is real there.
TABLE: Mapping[type, TableEntry] = MappingProxyType(
    {
        sympy.exp: TableEntry("exp", sympy.exp),
        sympy.log: TableEntry("ln", lambda u: 1 / u),
        sympy.sin: TableEntry("sin", sympy.cos),
        sympy.cos: TableEntry("cos", lambda u: -sympy.sin(u)),
        sympy.tan: TableEntry("tan", lambda u: sympy.sec(u) ** 2),
        sympy.cot: TableEntry("cot", lambda u: -(sympy.csc(u) ** 2)),
        sympy.sec: TableEntry("sec", lambda u: sympy.sec(u) * sympy.tan(u)),
        sympy.csc: TableEntry("csc", lambda u: -sympy.csc(u) * sympy.cot(u)),
        sympy.asin: TableEntry("arcsin", lambda u: _one_over_sqrt(1 - u**2)),
        sympy.acos: TableEntry("arccos", lambda u: -_one_over_sqrt(1 - u**2)),
        sympy.atan: TableEntry("arctan", lambda u: 1 / (1 + u**2)),
        sympy.acot: TableEntry("arccot", lambda u: -1 / (1 + u**2)),
        sympy.asec: TableEntry("arcsec", lambda u: 1 / (sympy.Abs(u) * sympy.sqrt(u**2 - 1))),
        sympy.acsc: TableEntry("arccsc", lambda u: -1 / (sympy.Abs(u) * sympy.sqrt(u**2 - 1))),
        sympy.sinh: TableEntry("sinh", sympy.cosh),
        sympy.cosh: TableEntry("cosh", sympy.sinh),
        sympy.tanh: TableEntry("tanh", lambda u: sympy.sech(u) ** 2),
        sympy.coth: TableEntry("coth", lambda u: -(sympy.csch(u) ** 2)),
        sympy.sech: TableEntry("sech", lambda u: -sympy.sech(u) * sympy.tanh(u)),
        sympy.csch: TableEntry("csch", lambda u: -sympy.csch(u) * sympy.coth(u)),
        sympy.asinh: TableEntry("arsinh", lambda u: _one_over_sqrt(u**2 + 1)),
        sympy.acosh: TableEntry(
            "arcosh",
            lambda u: 1 / (sympy.sqrt(u - 1) * sympy.sqrt(u + 1)),
            "which is 1/sqrt({u}^2 - 1) for {u} > 1",
        ),
        sympy.atanh: TableEntry("artanh", lambda u: 1 / (1 - u**2)),
        sympy.acoth: TableEntry("arcoth", lambda u: 1 / (1 - u**2)),
        sympy.asech: TableEntry("arsech", lambda u: -1 / (u * sympy.sqrt(1 - u**2))),
        sympy.acsch: TableEntry("arcsch", lambda u: -1 / (sympy.Abs(u) * sympy.sqrt(1 + u**2))),
        sympy.Abs: TableEntry("absolute value", lambda u: u / sympy.Abs(u)),
        sigmoid: TableEntry("σ", lambda u: sigmoid(u) * (1 - sigmoid(u)), "σ' = σ(1 - σ)"),
        softplus: TableEntry("softplus", sigmoid, "softplus' is the logistic function σ"),
        relu: TableEntry(
            "ReLU",
            sympy.Heaviside,
            "the unit step H: 1 where {u} > 0, 0 where {u} < 0, undefined at {u} = 0",
        ),
    }
)


def table_entry(func: type) -> TableEntry | None:
    """The textbook entry for a SymPy function class, or None when the table has none."""
    return TABLE.get(func)


def library_entry(func: type) -> TableEntry | None:
    """An entry from SymPy's own fdiff for a one-argument function outside the textbook table."""
    u = sympy.Dummy("u")
    try:
        outer = func(u).diff(u)
    except (TypeError, ValueError, NotImplementedError):
        return None
    if outer.has(sympy.Derivative, sympy.Subs):
        return None
    return TableEntry(func.__name__, lambda v: outer.xreplace({u: v}))
