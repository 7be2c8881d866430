"""Why a limit of an antiderivative has the value it has, term by term, as a textbook argues it.

Each term's limit is computed by SymPy; the sentence only names what was checked: a term that is
continuous at the point takes its value there; a product whose factors tend to 0 and to ±∞ (the
form 0·∞), or a quotient of the form 0/0 or ∞/∞, is settled by L'Hôpital's rule, and the limit of
the derivatives' quotient is the one stated. Every value in a sentence is a computed limit.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from calctutor.steps.integral.derivation import fmt

_INFINITE = (sympy.oo, -sympy.oo)


def point_text(p: sympy.Expr, side: str = "") -> str:
    """A limit point as a textbook writes it: ∞, −∞, or the number with its side (0⁺)."""
    if p == sympy.oo:
        return "∞"
    if p == -sympy.oo:
        return "−∞"
    return f"{fmt(p)}{side}"


def value_text(v: sympy.Expr) -> str:
    """A limit's value: ∞ and −∞ written as such."""
    if v in _INFINITE:
        return point_text(v)
    return fmt(v)


@dataclass(frozen=True)
class Approach:
    """t → point, from one side (``"+"``, ``"-"``) or, at ±∞, from the only side there is."""

    t: sympy.Symbol
    point: sympy.Expr
    direction: str = "+"

    def limit(self, e: sympy.Expr) -> sympy.Expr:
        """lim e as t approaches the point from this side."""
        if self.point in _INFINITE:
            return sympy.limit(e, self.t, self.point)
        return sympy.limit(e, self.t, self.point, self.direction)

    def text(self) -> str:
        """'t→0⁺', 't→∞'."""
        side = "" if self.point in _INFINITE else ("⁺" if self.direction == "+" else "⁻")
        return f"{fmt(self.t)}→{point_text(self.point, side)}"


def _form(a: sympy.Expr, b: sympy.Expr) -> str | None:
    """The indeterminate form of a quotient whose parts tend to a and b, if it is one."""
    if a == 0 and b == 0:
        return "0/0"
    if a in _INFINITE and b in _INFINITE:
        return "∞/∞"
    return None


def _lhopital(
    numer: sympy.Expr, denom: sympy.Expr, how: Approach, form: str, value: sympy.Expr
) -> str | None:
    """'form 0/0: by L'Hôpital's rule lim n/d = lim n'/d' = value', when that limit agrees."""
    t = how.t
    ratio = sympy.simplify(sympy.diff(numer, t) / sympy.diff(denom, t))
    if how.limit(ratio) != value:
        return None
    return (
        f"the form {form}: by L'Hôpital's rule the limit is that of"
        f" ({fmt(sympy.diff(numer, t))})/({fmt(sympy.diff(denom, t))}) = {fmt(ratio)},"
        f" which tends to {value_text(value)}"
    )


def _product_reason(term: sympy.Expr, how: Approach, value: sympy.Expr) -> str | None:
    """A product c·A·B with A → 0 and B → ±∞: the form 0·∞, written as B/(1/A)."""
    c, rest = term.as_independent(how.t, as_Add=False)
    factors = sympy.Mul.make_args(rest)
    if len(factors) != 2:
        return None
    limits = [how.limit(f) for f in factors]
    if 0 not in limits or not any(v in _INFINITE for v in limits):
        return None
    small, big = (factors[0], factors[1]) if limits[0] == 0 else (factors[1], factors[0])
    inner = _lhopital(big, 1 / small, how, "∞/∞", value / c)
    if inner is None:
        return None
    quotient = f"({fmt(big)})/({fmt(1 / small)})"
    text = f"{fmt(rest)} has the form 0·∞; written as {quotient} it has {inner}"
    return text if c == 1 else f"{text}; so {fmt(term)} → {value_text(value)}"


def _quotient_reason(term: sympy.Expr, how: Approach, value: sympy.Expr) -> str | None:
    """A quotient n/d of the form 0/0 or ∞/∞."""
    numer, denom = sympy.fraction(sympy.together(term))
    if not denom.has(how.t):
        return None
    form = _form(how.limit(numer), how.limit(denom))
    inner = None if form is None else _lhopital(numer, denom, how, form, value)
    if inner is None:
        return None
    return f"{fmt(term)} written as ({fmt(numer)})/({fmt(denom)}) has {inner}"


def term_reason(term: sympy.Expr, how: Approach) -> tuple[sympy.Expr, str]:
    """A term's limit and the sentence that justifies it."""
    value = how.limit(term)
    if how.point not in _INFINITE:
        at = term.subs(how.t, how.point)
        if at.is_finite and at == value:
            return value, f"{fmt(term)} is continuous there, so it tends to {value_text(value)}"
    reason = _quotient_reason(term, how, value) or _product_reason(term, how, value)
    if reason is None:
        reason = f"{fmt(term)} → {value_text(value)}"
    return value, reason


def limit_reasons(e: sympy.Expr, how: Approach) -> tuple[sympy.Expr, list[str]]:
    """lim e, and one justified sentence per term (the whole when terms give ∞ − ∞)."""
    terms = sympy.Add.make_args(sympy.expand_log(e, force=False))
    found = [term_reason(term, how) for term in terms]
    values = [v for v, _ in found]
    if sympy.oo in values and -sympy.oo in values:
        value = how.limit(e)
        combined = sympy.factor_terms(sympy.logcombine(e, force=True))
        return value, [
            f"the terms have the form ∞ − ∞; combined they are {fmt(combined)},"
            f" which tends to {value_text(value)}"
        ]
    if any(v.has(sympy.AccumBounds) or v is sympy.nan for v in values):
        return how.limit(e), [reason for _, reason in found]
    return sympy.Add(*values), [reason for _, reason in found]
