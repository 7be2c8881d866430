"""The sub-steps a textbook prints for a substitution, integration by parts and a trig substitution.

A substitution shows u and du, the integral rewritten in u, its antiderivative, and the way back
to x; integration by parts shows u and dv, then du and v, then u·v − ∫ v du and that second
integral; a trigonometric substitution shows x = a·T(θ) with dx and the root, the integral in θ,
and the reference triangle that takes θ back to x.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from calctutor.steps.integral.derivation import Derivation, differential, fmt, integral_text
from calctutor.steps.model import Step

SETUP = "substitution"
REWRITE = "rewrite in the new variable"
BACK = "back-substitution"
CHOOSE_PARTS = "choose u and dv"
PARTS_PIECES = "du and v"
PARTS_FORMULA = "parts formula"
TRIANGLE = "reference triangle"


def as_step(d: Derivation) -> Step:
    """A derivation's step, a table look-up written out as its own line."""
    if not d.simple:
        return d.step
    return Step(d.step.rule, d.step.text, sympy.Integral(d.integrand, d.var), d.result)


def substitution_steps(
    rule: str,
    f: sympy.Expr,
    x: sympy.Symbol,
    u: sympy.Symbol,
    u_func: sympy.Expr,
    setup: str,
    inner: Derivation,
    result: sympy.Expr,
) -> Derivation:
    """∫ f dx = ∫ g du = G(u) = G(u(x)): u and du, the integral in u, G, and u put back."""
    in_u = sympy.Integral(inner.integrand, u)
    subs = (
        Step(SETUP, setup),
        Step(REWRITE, f"{integral_text(f, x)} = {integral_text(inner.integrand, u)}.", None, in_u),
        as_step(inner),
        Step(BACK, f"Put {fmt(u)} = {fmt(u_func)} back: {fmt(result)}.", None, result),
    )
    text = f"Substitute {fmt(u)} = {fmt(u_func)}: {integral_text(f, x)} = {fmt(result)}."
    step = Step(rule, text, sympy.Integral(f, x), result, subs)
    return Derivation(f, x, result, step)


def parts_steps(
    rule: str,
    f: sympy.Expr,
    x: sympy.Symbol,
    pieces: tuple[sympy.Expr, sympy.Expr, sympy.Expr],
    v_step: Derivation,
    second_step: Derivation,
    result: sympy.Expr,
) -> Derivation:
    """∫ u dv = u·v − ∫ v du, in four lines: u and dv; du and v; the formula; ∫ v du."""
    u, dv, second = pieces
    v, du = v_step.result, sympy.diff(u, x)
    big = x.name in ("u", "v")
    cu, cv = ("U", "V") if big else ("u", "v")
    v_text = f"{cv} = ∫ {differential(dv, x)} = {fmt(v)}"
    subs = (
        Step(CHOOSE_PARTS, f"{cu} = {fmt(u)}, d{cv} = {differential(dv, x)}."),
        Step(
            PARTS_PIECES, f"d{cu} = {differential(du, x)}, {v_text}.", None, None, _kept([v_step])
        ),
        Step(
            PARTS_FORMULA,
            f"∫ {cu} d{cv} = {cu}·{cv} − ∫ {cv} d{cu}: {integral_text(f, x)} ="
            f" {fmt(u * v)} − {integral_text(second, x)}.",
        ),
        as_step(second_step),
    )
    text = f"By parts with {cu} = {fmt(u)}: {integral_text(f, x)} = {fmt(result)}."
    step = Step(rule, text, sympy.Integral(f, x), result, subs)
    return Derivation(f, x, result, step)


def _kept(children: Sequence[Derivation]) -> tuple[Step, ...]:
    """The steps of the children that are more than a table look-up."""
    return tuple(c.step for c in children if not c.simple)


def trig_substitution_steps(
    rule: str,
    f: sympy.Expr,
    x: sympy.Symbol,
    setup: str,
    inner: Derivation,
    triangle: str,
    result: sympy.Expr,
) -> Derivation:
    """x = a·T(θ): dx and the root; the integral in θ; its antiderivative; the triangle back."""
    theta = inner.var
    subs = (
        Step(SETUP, setup),
        Step(
            REWRITE,
            f"{integral_text(f, x)} = {integral_text(inner.integrand, theta)}.",
            None,
            sympy.Integral(inner.integrand, theta),
        ),
        as_step(inner),
        Step(TRIANGLE, triangle, None, result),
    )
    text = f"Trigonometric substitution: {integral_text(f, x)} = {fmt(result)}."
    step = Step(rule, text, sympy.Integral(f, x), result, subs)
    return Derivation(f, x, result, step)
