"""SymPy's manualintegrate rule tree as calctutor steps, its bookkeeping nodes collapsed.

SymPy's trees record every constant factor, every rewrite, every alternative and every
degenerate-case Piecewise as a node of its own; a student needs none of those as steps. Constant
factors ride along with their step, alternatives keep the first, a Piecewise keeps its generic
branch, no-op rewrites vanish, and table look-ups are folded into their parent's sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sympy
from sympy.integrals import manualintegrate as mi

from calctutor.steps.integral.context import fresh_symbol
from calctutor.steps.integral.derivation import (
    Derivation,
    differential,
    fmt,
    integral_text,
    leaf,
    node,
    parts_text,
    rewritten,
    scaled,
    summed,
)
from calctutor.steps.integral.rules_basic import linear_coefficient
from calctutor.steps.integral.rules_subst import substitution


class Incomplete(Exception):
    """The SymPy tree has a DontKnowRule: no complete derivation."""


_LEAVES: dict[type, str] = {
    mi.ConstantRule: "constant rule",
    mi.PowerRule: "power rule",
    mi.NestedPowRule: "power rule",
    mi.ReciprocalRule: "log rule",
    mi.ExpRule: "exponential rule",
    mi.SinRule: "trigonometric integral",
    mi.CosRule: "trigonometric integral",
    mi.SecTanRule: "trigonometric integral",
    mi.CscCotRule: "trigonometric integral",
    mi.Sec2Rule: "trigonometric integral",
    mi.Csc2Rule: "trigonometric integral",
    mi.SinhRule: "hyperbolic integral",
    mi.CoshRule: "hyperbolic integral",
    mi.ArcsinRule: "inverse sine rule",
    mi.ArcsinhRule: "inverse hyperbolic sine rule",
    mi.ArctanRule: "inverse tangent rule",
    mi.ReciprocalSqrtQuadraticRule: "inverse hyperbolic sine rule",
    mi.SqrtQuadraticDenomRule: "reduction formula",
    mi.SqrtQuadraticRule: "reduction formula",
    mi.DerivativeRule: "fundamental theorem of calculus",
}


def _generic(e: sympy.Expr) -> sympy.Expr:
    """A Piecewise result's generic branch (SymPy lists it first or guards it with Ne)."""
    return e.replace(lambda p: isinstance(p, sympy.Piecewise), lambda p: p.args[0].expr)


@dataclass(frozen=True)
class _Converter:
    """Converts one tree; ``names`` gives SymPy's dummy variables readable names (u, v, θ)."""

    names: dict[sympy.Symbol, sympy.Symbol] = field(default_factory=dict)

    def e(self, expr: Any) -> Any:
        """An expression with the dummies renamed."""
        return expr.xreplace(self.names) if isinstance(expr, sympy.Basic) else expr

    def result(self, rule: Any) -> sympy.Expr:
        """SymPy's own evaluation of a (sub)tree, generic case, dummies renamed."""
        return self.e(_generic(rule.eval()))

    def named(self, dummy: sympy.Symbol, new: sympy.Symbol) -> _Converter:
        """A converter that also renames ``dummy``."""
        return _Converter({**self.names, dummy: new})

    def fresh(self, *exprs: sympy.Basic) -> sympy.Symbol:
        """A variable name unused here and by the enclosing substitutions."""
        return fresh_symbol([*exprs, *self.names.values()])

    def convert(self, rule: Any) -> Derivation:
        """One SymPy rule as a derivation, recursively; raises Incomplete on DontKnowRule."""
        handler = _HANDLERS.get(type(rule))
        if handler is not None:
            return handler(self, rule)
        if isinstance(rule, mi.DontKnowRule):
            raise Incomplete
        name = _LEAVES.get(type(rule))
        if name is None:
            name = type(rule).__name__.removesuffix("Rule").lower() + " rule"
        return leaf(name, self.e(rule.integrand), self.e(rule.variable), self.result(rule))


def _constant_times(c: _Converter, rule: Any) -> Derivation:
    """ConstantTimesRule: the constant rides along with the step of the other factor."""
    return scaled(c.convert(rule.substep), c.e(rule.constant), c.e(rule.integrand))


def _add(c: _Converter, rule: Any) -> Derivation:
    """AddRule: the sum rule."""
    parts = [c.convert(s) for s in rule.substeps]
    return summed(c.e(rule.integrand), c.e(rule.variable), parts)


def _u_rule(c: _Converter, rule: Any) -> Derivation:
    """URule: u and du named; a linear u around a table look-up is only a note on the look-up."""
    x, f, u_func = c.e(rule.variable), c.e(rule.integrand), c.e(rule.u_func)
    u = c.fresh(f, x)
    inner = c.named(rule.u_var, u).convert(rule.substep)
    result = c.result(rule)
    if inner.simple and linear_coefficient(u_func, x) is not None:
        return leaf(inner.step.rule, f, x, result, f"with u = {fmt(u_func)}")
    du = mi.manual_diff(u_func, x)
    how = f"Let {fmt(u)} = {fmt(u_func)}, so d{fmt(u)} = {differential(du, x)}."
    return substitution(f, x, u, u_func, inner, how)


def _parts(c: _Converter, rule: Any) -> Derivation:
    """PartsRule: u, dv, du and v named, then ∫ v du."""
    x, f, u = c.e(rule.variable), c.e(rule.integrand), c.e(rule.u)
    v_step = c.convert(rule.v_step)
    second = c.convert(rule.second_step)
    v = v_step.result
    result = c.result(rule)
    text = parts_text(f, x, u, c.e(rule.dv), v, second.integrand)
    children = [second] if v_step.simple else [v_step, second]
    return node("integration by parts", text, f, x, result, children, f"Result: {fmt(result)}.")


def _cyclic(c: _Converter, rule: Any) -> Derivation:
    """CyclicPartsRule: parts until the integral comes back, then solve for it."""
    x, f = c.e(rule.variable), c.e(rule.integrand)
    result = c.result(rule)
    text = (
        f"Integrate by parts {len(rule.parts_rules)} times: the integral I = {integral_text(f, x)}"
        f" comes back with coefficient {fmt(c.e(rule.coefficient))}, so I = {fmt(result)}."
    )
    return node("cyclic integration by parts", text, f, x, result)


def _rewrite(c: _Converter, rule: Any) -> Derivation:
    """RewriteRule: vanishes when nothing changed, else named by what kind of identity it is."""
    x, f, g = c.e(rule.variable), c.e(rule.integrand), c.e(rule.rewritten)
    child = c.convert(rule.substep)
    if g == f:
        return child
    if isinstance(rule, mi.CompleteSquareRule):
        name, why = "completing the square", "Complete the square"
    elif f.is_polynomial(x):
        name, why = "rewrite", "Expand"
    elif f.is_rational_function(x) and g.is_Add:
        name, why = "partial fractions", "Partial fractions"
    elif f.has(sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc, sympy.cot):
        name, why = "trigonometric identity", "Trigonometric identity"
    else:
        name, why = "rewrite", "Rewrite"
    return rewritten(name, why, f, x, g, child)


def _trig_substitution(c: _Converter, rule: Any) -> Derivation:
    """TrigSubstitutionRule: x as a trig function of θ, the θ-integral, back by the triangle."""
    x, f = c.e(rule.variable), c.e(rule.integrand)
    theta = fresh_symbol([f, x, *c.names.values()], "θ")
    inner = c.named(rule.theta, theta).convert(rule.substep)
    func = rule.func.xreplace({**c.names, rule.theta: theta})
    result = c.result(rule)
    text = (
        f"Let {fmt(x)} = {fmt(func)}. Then {integral_text(f, x)}"
        f" = {integral_text(inner.integrand, theta)}."
    )
    tail = f"Back to {fmt(x)} with the reference triangle: {fmt(result)}."
    return node("trigonometric substitution", text, f, x, result, [inner], tail)


def _first_alternative(c: _Converter, rule: Any) -> Derivation:
    """AlternativeRule: show the first way."""
    return c.convert(rule.alternatives[0])


def _piecewise(c: _Converter, rule: Any) -> Derivation:
    """PiecewiseRule: the generic case (the degenerate ones are not a student's concern)."""
    return c.convert(rule.subfunctions[0][0])


_HANDLERS: dict[type, Callable[[_Converter, Any], Derivation]] = {
    mi.ConstantTimesRule: _constant_times,
    mi.AddRule: _add,
    mi.URule: _u_rule,
    mi.PartsRule: _parts,
    mi.CyclicPartsRule: _cyclic,
    mi.RewriteRule: _rewrite,
    mi.CompleteSquareRule: _rewrite,
    mi.TrigSubstitutionRule: _trig_substitution,
    mi.AlternativeRule: _first_alternative,
    mi.PiecewiseRule: _piecewise,
}


def convert(rule: Any) -> Derivation | None:
    """SymPy's rule tree as a compact derivation, or None when it is incomplete."""
    if rule.contains_dont_know():
        return None
    try:
        return _Converter().convert(rule)
    except Incomplete:
        return None


def sympy_steps(f: sympy.Expr, x: sympy.Symbol) -> Derivation | None:
    """SymPy's integral_steps, converted; it has no time limit (run it where a limit is kept)."""
    try:
        return convert(mi.integral_steps(f, x))
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return None
    finally:
        # manualintegrate() clears this module-level memory of parts choices after each
        # integral; calling integral_steps directly must do the same, or later calls degrade.
        mi._parts_u_cache.clear()
