"""The search: try the rules in order, recurse into subproblems, remember what was tried."""

from __future__ import annotations

from collections.abc import Callable

import sympy

from calctutor.steps.integral import (
    rules_basic,
    rules_bioche,
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
    rules_subst.exponential_substitution_rule,
    rules_subst.u_substitution_rule,
    rules_subst.root_substitution_rule,
    rules_rational.partial_fractions_rule,
    rules_radical.perfect_square_rule,
    rules_radical.negative_quadratic_rule,
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


def _memo_hit(ctx: Context, key: tuple[sympy.Expr, sympy.Symbol]) -> tuple[bool, Derivation | None]:
    """(found, value): a stored success, or a failure at no greater depth than now."""
    if key not in ctx.memo:
        return False, None
    d, depth, rewrites = ctx.memo[key]
    if d is not None or (depth <= ctx.depth and rewrites <= ctx.rewrites):
        return True, d
    return False, None


def search(f: sympy.Expr, x: sympy.Symbol, ctx: Context) -> Derivation | None:
    """A derivation of ∫ f dx from the rules, or None; raises OutOfTime past the deadline."""
    ctx.check()
    key = (f, x)
    found, d = _memo_hit(ctx, key)
    if found or key in ctx.active:
        return d
    ctx.active.add(key)
    try:
        for rule in RATIONAL_RULES if f.is_rational_function(x) else RULES:
            d = rule(f, x, ctx)
            if d is not None:
                break
    finally:
        ctx.active.discard(key)
    ctx.memo[key] = (d, ctx.depth, ctx.rewrites)
    return d
