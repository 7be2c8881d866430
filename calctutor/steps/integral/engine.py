"""The search: try the rules in order, recurse into subproblems, remember what was tried."""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy.polys.polyerrors import BasePolynomialError

from calctutor.steps.integral import (
    rules_basic,
    rules_bioche,
    rules_euler,
    rules_hyperbolic,
    rules_inverse,
    rules_parts,
    rules_radical,
    rules_rational,
    rules_rewrite,
    rules_subst,
    rules_trig,
)
from calctutor.steps.integral.context import Context
from calctutor.steps.integral.derivation import Derivation

Rule = Callable[[sympy.Expr, sympy.Symbol, Context], Derivation | None]

# Cheap, decisive rules first; rules that search (substitutions, parts) after them; rewrites last.
RULES: tuple[Rule, ...] = (
    rules_basic.constant_rule,
    rules_basic.table_rule,
    rules_basic.constant_multiple_rule,
    rules_basic.sum_rule,
    rules_basic.polynomial_rule,
    rules_inverse.inverse_rewrite_rule,
    rules_rational.quadratic_rule,
    rules_radical.inverse_trig_form_rule,
    rules_parts.cyclic_rule,
    rules_parts.tabular_rule,
    rules_trig.tan_reduction_rule,
    rules_trig.sec_reduction_rule,
    rules_trig.tan_sec_rule,
    rules_trig.odd_power_rule,
    rules_trig.pythagorean_rule,
    rules_trig.product_to_sum_rule,
    rules_trig.power_pair_rule,
    rules_hyperbolic.hyperbolic_odd_power_rule,
    rules_hyperbolic.hyperbolic_tanh_sech_rule,
    rules_hyperbolic.hyperbolic_reduction_rule,
    rules_hyperbolic.hyperbolic_even_power_rule,
    rules_subst.exponential_substitution_rule,
    rules_subst.log_derivative_rule,
    rules_subst.root_substitution_rule,
    rules_subst.u_substitution_rule,
    rules_inverse.inverse_substitution_rule,
    rules_rational.partial_fractions_rule,
    rules_radical.perfect_square_rule,
    rules_radical.negative_quadratic_rule,
    rules_euler.euler_substitution_rule,
    rules_radical.trig_substitution_rule,
    rules_parts.parts_rule,
    rules_bioche.bioche_rule,
    rules_bioche.weierstrass_rule,
    rules_rewrite.rational_factor_rule,
    rules_rewrite.expand_rule,
    rules_rewrite.cancel_rule,
    rules_rewrite.sin_cos_rule,
    rules_rewrite.trigsimp_rule,
    rules_rewrite.double_angle_rule,
    rules_rewrite.hyperbolic_rule,
    rules_rewrite.log_exponent_rule,
    rules_rewrite.factor_rule,
    rules_parts.parts_in_sum_rule,
)


# A rational function needs none of the transcendental machinery: after the linear rules it is a
# quadratic form, a u-substitution Q'/Q^n, or partial fractions.
RATIONAL_RULES: tuple[Rule, ...] = (
    rules_basic.constant_rule,
    rules_basic.table_rule,
    rules_basic.constant_multiple_rule,
    rules_basic.sum_rule,
    rules_basic.polynomial_rule,
    rules_rational.quadratic_rule,
    rules_subst.u_substitution_rule,
    rules_rational.partial_fractions_rule,
)


# Integrands are compared up to the name of their variable: ∫ f(u) du met again as ∫ f(v) dv
# (a substitution and its inverse, u = 1/x then v = 1/u) is the same problem, a cycle to cut.
_VARIABLE = sympy.Dummy("x")


def _shape(f: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """f with its variable renamed to one fixed dummy."""
    return f.xreplace({x: _VARIABLE})


def _known_failure(ctx: Context, shape: sympy.Expr) -> bool:
    """This shape failed before at no greater depth (and no greater rewrite count) than now."""
    if ("failed", shape) not in ctx.memo:
        return False
    depth, rewrites = ctx.memo[("failed", shape)]
    return bool(depth <= ctx.depth and rewrites <= ctx.rewrites)


# SymPy's own refusals inside a rule (a polynomial expected, a coercion failed ...): the rule
# simply does not apply. Errors of calctutor's code are not in this list.
_SYMPY_REFUSALS = (BasePolynomialError, NotImplementedError, ZeroDivisionError)


def _attempt(rule: Rule, f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """One rule; SymPy refusing an operation means the rule does not apply."""
    try:
        return rule(f, x, ctx)
    except _SYMPY_REFUSALS:
        return None


def search(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """A derivation of ∫ f dx from the rules, or None; raises OutOfTime past the deadline."""
    ctx.check()
    shape = _shape(f, x)
    if ("solved", f, x) in ctx.memo:
        found: Derivation = ctx.memo[("solved", f, x)]
        return found
    if shape in ctx.active or _known_failure(ctx, shape):
        return None
    ctx.active.add(shape)
    d = None
    try:
        for rule in RATIONAL_RULES if f.is_rational_function(x) else RULES:
            d = _attempt(rule, f, x, ctx)
            if d is not None:
                break
    finally:
        ctx.active.discard(shape)
    if d is None:
        ctx.memo[("failed", shape)] = (ctx.depth, ctx.rewrites)
    else:
        ctx.memo[("solved", f, x)] = d
    return d
