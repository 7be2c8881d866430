"""Algebra before a limit: factor and cancel, conjugates, common denominators, dominant terms."""

from __future__ import annotations

from typing import Any

import sympy

from calctutor.notation import Prose, join, math, prose
from calctutor.steps.limit_context import (
    DOES_NOT_EXIST,
    Found,
    GiveUp,
    LimitContext,
    Recurse,
    equal_near,
    is_infinite,
    is_zero,
    over,
    tends,
    times,
)
from calctutor.steps.limit_forms import form, tidy
from calctutor.steps.model import Step


def _rewrite(
    f: Any, g: Any, ctx: LimitContext, recurse: Recurse, rule: str, text: Prose
) -> Found | None:
    """Show f = g (checked near the point), then the limit of g."""
    if g == f or not equal_near(f, g, ctx):
        return None
    rest = recurse(g, ctx.rewritten(f, g))
    return Found((Step(rule, text, ctx.limit(f), ctx.limit(g)), *rest.steps), rest.value)


def factor_cancel(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """0/0 for a rational function: factor, cancel the common factor (x − a), substitute."""
    if ctx.infinite or form(f, ctx) != "0/0" or not f.is_rational_function(ctx.var):
        return None
    n, d = sympy.fraction(sympy.together(f))
    g = sympy.cancel(n / d)
    common = sympy.factor(sympy.gcd(n, d))
    if not common.has(ctx.var):
        return None
    factored = over(sympy.factor(n), sympy.factor(d))
    text = prose(
        "The form 0/0: factor, ", math(f), " = ", factored, ", and cancel ", math(common),
        " (≠ 0 while ", math(sympy.Ne(ctx.var, ctx.point)), "): ", math(g),
    )  # fmt: skip
    return _rewrite(f, g, ctx, recurse, "factor and cancel", text)


def _radical_pair(expr: Any) -> tuple[Any, Any] | None:
    """(A, B) when expr = A + B and A or B holds a square root."""
    if not isinstance(expr, sympy.Add) or len(expr.args) != 2:
        return None
    a, b = expr.args
    if not any(_has_sqrt(t) for t in (a, b)):
        return None
    return (a, b) if _has_sqrt(a) else (b, a)


def _has_sqrt(term: Any) -> bool:
    """True when term has a square root of something that depends on a symbol."""
    return any(p.exp == sympy.S.Half and p.base.free_symbols for p in term.atoms(sympy.Pow))


def conjugate(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """A difference with a square root: multiply and divide by the conjugate, (A² − B²)/(A − B)."""
    n, d = sympy.fraction(f)
    upstairs = _radical_pair(n)
    downstairs = _radical_pair(d) if form(f, ctx) == "0/0" else None
    target, pair = (n, upstairs) if upstairs else (d, downstairs)
    if pair is None or (form(f, ctx) is None and not _difference_of_infinities(f, ctx)):
        return None
    a, b = pair
    product = sympy.expand(a**2 - b**2)
    if target is n:
        g = sympy.cancel(product / (d * (a - b))) if d != 1 else product / (a - b)
    else:
        g = sympy.cancel(n * (a - b) / product)
    g = tidy(g) if sympy.count_ops(tidy(g)) < sympy.count_ops(g) else g
    text = prose(
        "Multiply and divide by the conjugate ", math(a - b), ": ", times(target, a - b), " = ",
        math(product), ", so ", math(f), " = ", math(g),
    )  # fmt: skip
    return _rewrite(f, g, ctx, recurse, "rationalise", text)


def _difference_of_infinities(f: Any, ctx: LimitContext) -> bool:
    """True for a sum with a term → +∞ and a term → −∞ (or, two-sided, terms that blow up)."""
    if not isinstance(f, sympy.Add):
        return False
    values = [ctx.truth(t) for t in f.args]
    if sympy.oo in values and -sympy.oo in values:
        return True
    blowing = [v for v in values if v == DOES_NOT_EXIST or is_infinite(v)]
    return ctx.side == "+-" and not ctx.infinite and len(blowing) >= 2


def common_denominator(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """∞ − ∞ between fractions: one fraction over the common denominator."""
    if not _difference_of_infinities(f, ctx):
        return None
    g = sympy.together(f)
    if sympy.fraction(g)[1] == 1:
        return None
    text = prose(
        "The form ∞ − ∞: put everything over a common denominator, ", math(f), " = ", math(g)
    )
    return _rewrite(f, g, ctx, recurse, "common denominator", text)


def factor_dominant(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """∞ − ∞ without fractions or roots: factor out the fastest-growing term."""
    if not _difference_of_infinities(f, ctx):
        return None
    terms = list(f.args)
    lead = next((t for t in terms if all(is_zero(ctx.truth(s / t)) for s in terms if s != t)), None)
    if lead is None:
        return None
    rest = tidy(sympy.expand(f / lead))
    g = sympy.Mul(lead, rest, evaluate=False)
    text = prose(
        "The form ∞ − ∞: factor out the fastest-growing term ", math(lead), ", whose ratio to "
        "every other term → ∞: ", math(f), " = ", times(lead, rest),
    )  # fmt: skip
    return _rewrite(f, g, ctx, recurse, "dominant term", text)


def dominant_terms(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """∞/∞ at ±∞ for algebraic n/d: divide both by the highest power of x in the denominator."""
    if ctx.point != sympy.oo or form(f, ctx) != "∞/∞":
        return None
    n, d = sympy.fraction(f)
    x = ctx.var
    if not all(_algebraic(part, x) for part in (n, d)):
        return None
    power = _growth(d, ctx)
    if power is None or power <= 0:
        return None
    top, bottom = _divided(n, x, power, ctx), _divided(d, x, power, ctx)
    g = sympy.Mul(top, sympy.Pow(bottom, -1, evaluate=False), evaluate=False)
    text = prose(
        "The form ∞/∞: divide the numerator and the denominator by ", math(x**power),
        ", the highest power in the denominator (", math(sympy.Gt(x, 0)), ", so ",
        math(sympy.Eq(x, sympy.sqrt(x**2, evaluate=False), evaluate=False)), " under a root): ",
        math(f), " = ", over(top, bottom),
    )  # fmt: skip
    return _rewrite(f, g, ctx, recurse, "dominant terms", text)


def _algebraic(expr: Any, x: sympy.Symbol) -> bool:
    """True for sums, products and rational powers of polynomials in x."""
    return all(
        isinstance(a, sympy.Symbol | sympy.Number | sympy.Add | sympy.Mul | sympy.Pow)
        for a in sympy.preorder_traversal(expr)
    ) and all(p.exp.is_Rational for p in expr.atoms(sympy.Pow))


def _growth(d: Any, ctx: LimitContext) -> Any:
    """m with d ~ c x^m as x → ±∞ (a rational number), or None."""
    t = sympy.Symbol("t", positive=True)
    lead = sympy.simplify(d.subs(ctx.var, 1 / t)).as_leading_term(t)
    _, exponent = lead.as_coeff_exponent(t)
    return -exponent if exponent.is_Rational else None


def _divided(expr: Any, x: sympy.Symbol, power: Any, ctx: LimitContext) -> Any:
    """expr / x^power term by term, moving x^k inside a square root as x^(2k)."""
    terms = [_divide_term(t, x, power, ctx) for t in sympy.Add.make_args(sympy.expand(expr))]
    return sympy.Add(*terms)


def _divide_term(term: Any, x: sympy.Symbol, power: Any, ctx: LimitContext) -> Any:
    """One term divided by x^power; a root's base absorbs the division when x^k is missing."""
    factors = sympy.Mul.make_args(term)
    roots = [f for f in factors if isinstance(f, sympy.Pow) and not f.exp.is_Integer]
    own = sum((f.as_base_exp()[1] for f in factors if f.as_base_exp()[0] == x), sympy.S.Zero)
    if not roots or own >= power:
        return sympy.powsimp(term / x**power)
    root = roots[0]
    others = sympy.Mul(*[f for f in factors if f is not root])
    left = power - own
    base = sympy.expand(root.base / x ** (left / root.exp))
    return sympy.powsimp(others / x**own) * sympy.Pow(base, root.exp)


def reflect(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """x → −∞: put x = −t, so t → ∞ and the rules for +∞ apply."""
    if ctx.point != -sympy.oo or not f.has(ctx.var):
        return None
    t = (
        sympy.Symbol("t", positive=True)
        if ctx.var.name != "t"
        else sympy.Symbol("s", positive=True)
    )
    g = f.subs(ctx.var, -t)
    inner = LimitContext(t, sympy.oo, "-", ctx.depth + 1, ctx.seen)
    rest = recurse(g, inner)
    text = prose(
        "Put ", math(sympy.Eq(ctx.var, -t)), ": as ", ctx.arrow(), ", ", tends(t, sympy.oo),
        ", and ", math(f), " = ", math(g),
    )  # fmt: skip
    step = Step("substitution", text, ctx.limit(f), inner.limit(g), rest.steps)
    return Found((step,), rest.value)


def absolute_value(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """|u| from one side, where u keeps one sign: |u| = u or −u there."""
    if ctx.side == "+-" and not ctx.infinite:
        return None
    swaps: dict[Any, Any] = {}
    notes: list[Prose] = []
    for box in f.atoms(sympy.Abs):
        u = box.args[0]
        sign = _sign_near(u, ctx)
        if sign is None:
            return None
        swaps[box] = u if sign > 0 else -u
        side = sympy.Gt(u, 0) if sign > 0 else sympy.Lt(u, 0)
        notes.append(prose(math(side), ", so ", math(sympy.Eq(box, swaps[box]))))
    if not swaps:
        return None
    g = tidy(f.xreplace(swaps))
    text = prose("As ", ctx.arrow(), ": ", join(notes, "; "), ". So ", math(f), " = ", math(g),
                 " there")  # fmt: skip
    return _rewrite(f, g, ctx, recurse, "absolute value", text)


def _sign_near(u: Any, ctx: LimitContext) -> int | None:
    """+1 or -1 when u keeps that sign at every sample point near the limit point."""
    import random

    signs = set()
    for point in ctx.near(random.Random(1), 6):
        try:
            value = float(sympy.N(u.subs(ctx.var, point)))
        except (TypeError, ValueError):
            return None
        signs.add(1 if value > 0 else -1 if value < 0 else 0)
    return signs.pop() if len(signs) == 1 and 0 not in signs else None


def zero_times_infinity(f: Any, ctx: LimitContext, recurse: Recurse) -> Found | None:
    """0·∞: write the product as a quotient, putting a logarithm on top (it differentiates well)."""
    if not isinstance(f, sympy.Mul) or sympy.fraction(f)[1] != 1:
        return None
    factors = sympy.Mul.make_args(f)
    small = [a for a in factors if is_zero(ctx.truth(a))]
    large = [a for a in factors if is_infinite(ctx.truth(a))]
    if not small or not large:
        return None
    u, v = sympy.Mul(*small), sympy.Mul(*[a for a in factors if a not in small])
    # A logarithm or an exponential differentiates well on top; try that order first.
    pairs = [(v, tidy(1 / u)), (u, tidy(1 / v))]
    if not v.has(sympy.log, sympy.atan, sympy.asin, sympy.exp):
        pairs.reverse()
    for top, bottom in pairs:
        g = sympy.Mul(top, sympy.Pow(bottom, -1, evaluate=False), evaluate=False)
        text = prose(
            "The form 0·∞: write the product as a quotient, ", math(f), " = ", over(top, bottom)
        )
        try:
            found = _rewrite(f, g, ctx, recurse, "rewrite as a quotient", text)
        except GiveUp:
            continue
        if found is not None:
            return found
    return None
