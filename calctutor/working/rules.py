"""Naming the step between two equal sides: which rule carried out which form.

A form present before and gone after was carried out; the rule is read off its operand: a
derivative of a sum is the sum rule, of a product the product rule, of f(g(x)) the chain rule; an
integral replaced by integrals of the terms is linearity, by an integral in a new variable a
substitution, by uv − ∫ v du integration by parts; [F]_a^b replacing ∫_a^b is the fundamental
theorem, and F(b) − F(a) its evaluation; a limit of f/g becoming a limit of f'/g' is L'Hôpital's
rule.
"""

from __future__ import annotations

import random
from typing import Any

import sympy

from calctutor.check.equivalence import equivalent
from calctutor.working.reading import Between
from calctutor.working.values import Frame, definite, forms_in

TABLE = (
    sympy.sin, sympy.cos, sympy.tan, sympy.exp, sympy.log, sympy.sec, sympy.csc, sympy.cot,
    sympy.asin, sympy.acos, sympy.atan, sympy.sinh, sympy.cosh, sympy.tanh,
)  # fmt: skip


def outermost(expr: Any) -> list[Any]:
    """The forms of an expression that are not inside another form."""
    found: list[Any] = []
    for form in forms_in(expr):
        if not any(form != outer and outer.has(form) for outer in found):
            found.append(form)
    return found


def step_rules(prev: Any, new: Any, frame: Frame) -> list[str]:
    """The names of the rules that turn ``prev`` into ``new`` (empty for plain algebra)."""
    before, after = outermost(prev), outermost(new)
    resolved = [f for f in before if f not in after]
    created = [f for f in after if f not in before]
    names: list[str] = []
    for form in resolved:
        names.append(_rule_for(form, created, new, frame))
    if not resolved and _back_substituted(prev, new, frame):
        names.append("back-substitution")
    if not resolved and any(isinstance(f, sympy.Integral) for f in created):
        names.extend(_rewritten_integral(before, created, frame))
    return list(dict.fromkeys(n for n in names if n))


def _rule_for(form: Any, created: list[Any], new: Any, frame: Frame) -> str:
    """The rule that carried out one form."""
    if isinstance(form, sympy.Derivative):
        if form.expr in frame.forward:
            return ""
        return derivative_rule(form.expr.xreplace(frame.forward), form.variables[0])
    if isinstance(form, sympy.Integral):
        return integral_rule(form, created, new, frame)
    if isinstance(form, sympy.Limit):
        return limit_rule(form, created)
    if getattr(form, "func", None) == Between:
        return "fundamental theorem: F(b) − F(a)"
    return ""


def derivative_rule(g: Any, x: Any) -> str:
    """sum, constant multiple, product, quotient, chain, power or table, by the operand's shape."""
    if not g.has(x):
        return "constant rule"
    if g == x:
        return "power rule"
    if g.is_Add:
        return "sum rule"
    if g.is_Mul:
        return _product_rule(g, x)
    if g.is_Pow:
        return _power_rule(g, x)
    if isinstance(g, sympy.Function) and g.args:
        if g.args[0] == x:
            return f"table ({g.func.__name__})"
        return "chain rule"
    return "derivative"


def _product_rule(g: Any, x: Any) -> str:
    """Constant multiple, product or quotient."""
    _coefficient, rest = g.as_independent(x, as_Add=False)
    factors = [f for f in sympy.Mul.make_args(rest) if f.has(x)]
    if len(factors) < 2:
        inner = derivative_rule(rest, x)
        return "constant multiple" if inner in ("power rule", "") else f"constant multiple, {inner}"
    if any(f.is_Pow and f.exp.is_negative for f in factors):
        return "quotient rule"
    return "product rule"


def _power_rule(g: Any, x: Any) -> str:
    """x^n is the power rule, (g(x))^n and e^(g(x)) the chain rule, e^x and a^x the table."""
    base, exponent = g.as_base_exp()
    if not exponent.has(x):
        return "power rule" if base == x else "chain rule"
    if not base.has(x):
        return "table (exp)" if exponent == x else "chain rule"
    return "logarithmic differentiation"


def integral_rule(form: Any, created: list[Any], new: Any, frame: Frame) -> str:
    """Linearity, substitution, parts, partial fractions, the fundamental theorem, the table."""
    var = form.limits[0][0]
    if definite(form) and any(getattr(c, "func", None) == Between for c in created):
        return "fundamental theorem"
    integrals = [c for c in created if isinstance(c, sympy.Integral)]
    if not integrals:
        return table_rule(form.function, var)
    if any(c.limits[0][0] != var for c in integrals):
        return "substitution"
    if _by_parts(form, integrals, new, var):
        return "integration by parts"
    if _partial_fractions(form.function, integrals, var):
        return "partial fractions"
    return "linearity of the integral"


def _by_parts(form: Any, integrals: list[Any], new: Any, var: Any) -> bool:
    """uv − ∫ v du: a new term outside the integrals that depends on the variable."""
    outside = new.xreplace(dict.fromkeys(integrals, 0))
    if getattr(outside, "free_symbols", None) is None or not outside.has(var):
        return False
    return len(integrals) == 1 or not form.function.is_Add


def _partial_fractions(integrand: Any, integrals: list[Any], var: Any) -> bool:
    """A rational integrand split into integrals of simpler fractions."""
    if not integrand.is_rational_function(var):
        return False
    denominator = sympy.fraction(sympy.together(integrand))[1]
    if sympy.degree(denominator, var) < 2:
        return False
    return all(
        sympy.degree(sympy.fraction(sympy.together(i.function))[1], var)
        < sympy.degree(denominator, var)
        for i in integrals
        if i.function.is_rational_function(var)
    )


def _rewritten_integral(before: list[Any], created: list[Any], frame: Frame) -> list[str]:
    """An integrand rewritten in place: partial fractions when a fraction was split."""
    olds = [b for b in before if isinstance(b, sympy.Integral)]
    news = [c for c in created if isinstance(c, sympy.Integral)]
    for old in olds:
        var = old.limits[0][0]
        for new in news:
            if new.limits[0][0] != var:
                return ["substitution"]
            if _partial_fractions(old.function, [new], var) and sympy.Add.make_args(
                new.function
            ) != sympy.Add.make_args(old.function):
                split = len(sympy.Add.make_args(sympy.expand(new.function))) > 1
                return ["partial fractions"] if split else []
    return []


def table_rule(f: Any, x: Any) -> str:
    """A table antiderivative (after linearity for a sum), or an antiderivative by other means."""
    terms = sympy.Add.make_args(sympy.expand(f)) if f.is_Add else (f,)
    if all(_in_table(t, x) for t in terms):
        return "table antiderivative" if len(terms) == 1 else "linearity, table antiderivatives"
    return "antiderivative"


def _in_table(term: Any, x: Any) -> bool:
    """c·xⁿ, c·e^(kx+b), c·sin(kx+b), c/(kx+b), c/(1+x²), c/√(1−x²) … (linear inner parts)."""
    _, rest = term.as_independent(x, as_Add=False)
    if not rest.has(x):
        return True
    if rest.is_Pow:
        base, exponent = rest.as_base_exp()
        if not exponent.has(x):
            return _linear(base, x) or (
                exponent in (-1, sympy.Rational(-1, 2)) and sympy.degree(base, x) == 2
                if base.is_polynomial(x)
                else False
            )
        return not base.has(x) and _linear(exponent, x)
    if isinstance(rest, TABLE) and rest.args:
        return _linear(rest.args[0], x)
    if rest.is_Mul:  # sec x tan x, csc x cot x
        return set(rest.atoms(sympy.Function)) <= set(rest.atoms(*TABLE)) and len(rest.args) == 2
    return False


def _linear(expr: Any, x: Any) -> bool:
    """True for kx + b with k ≠ 0."""
    return bool(expr.is_polynomial(x) and sympy.degree(expr, x) == 1)


def limit_rule(form: Any, created: list[Any]) -> str:
    """L'Hôpital's rule, algebra under the limit, or the limit by substitution."""
    limits = [c for c in created if isinstance(c, sympy.Limit)]
    if limits:
        if lhopital_form(form.args[0], limits[0].args[0], form.args[1]):
            return "L'Hôpital's rule"
        return "algebra under the limit"
    body, var, point = form.args[0], form.args[1], form.args[2]
    try:
        value = body.subs(var, point)
    except (TypeError, ValueError):
        return "limit"
    return "limit by substitution" if value.is_finite else "limit"


def lhopital_form(old: Any, new: Any, var: Any) -> bool:
    """True when ``new`` is p'/q' for old = p/q."""
    p, q = sympy.fraction(sympy.together(old))
    if not q.has(var):
        return False
    bottom = sympy.diff(q, var)
    if bottom == 0:
        return False
    found = equivalent(new, sympy.diff(p, var) / bottom, [var], random.Random(0), tries=16)
    return found.result is True


def _back_substituted(prev: Any, new: Any, frame: Frame) -> bool:
    """True when a name introduced in the working (u) is replaced by what it stands for."""
    introduced = set(frame.forward)
    had: set[Any] = getattr(prev, "free_symbols", set()) & introduced
    has: set[Any] = getattr(new, "free_symbols", set()) & introduced
    return bool(had - has) and bool(getattr(new, "free_symbols", set()) & {frame.base})
