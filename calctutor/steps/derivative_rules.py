"""Textbook differentiation rules: each turns d/dx f into a Step whose substeps differentiate parts.

Every rule is a function `rule(f, ctx) -> Step | None` that returns None when it does not apply;
`derivative_step` tries them in textbook order. A step's `before` is the unevaluated
`Derivative(f, var)` and its `after` the derivative built from the substeps' results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy

from calctutor.notation import Prose, math, prose
from calctutor.steps import derivative_ml
from calctutor.steps.derivative_context import DiffContext, bracket, show
from calctutor.steps.derivative_table import TableEntry, library_entry, table_entry
from calctutor.steps.model import Step

Rule = Callable[[Any, DiffContext], Step | None]

# The rule name of a step no textbook rule explains; a tree containing one is incomplete.
DIRECT = "direct differentiation"


def derivative_step(f: Any, ctx: DiffContext) -> Step:
    """The step tree for d/dvar f: the first rule that applies, else direct differentiation."""
    for rule in RULES:
        step = rule(f, ctx)
        if step is not None:
            return step
    return direct_step(f, ctx)


def _step(rule: str, text: str | Prose, f: Any, ctx: DiffContext, after: Any, *subs: Step) -> Step:
    """A Step for d/dvar f with its rule, sentence, result and substeps."""
    return Step(rule, text, sympy.Derivative(f, ctx.var), after, tuple(subs))


def _after(step: Step) -> Any:
    """A rule step's result (rules always set it)."""
    return step.after


def _constants(f: Any, ctx: DiffContext) -> str:
    """The phrase naming f's other symbols as constants, e.g. 'y is constant with respect to x'."""
    names = sorted(str(s) for s in f.free_symbols - {ctx.var})
    verb = "is" if len(names) == 1 else "are"
    return f"{', '.join(names)} {verb} constant with respect to {ctx.var}"


def direct_step(f: Any, ctx: DiffContext) -> Step:
    """No textbook rule applies: SymPy's derivative, marked so the tree reads as incomplete."""
    text = f"No textbook rule here covers {show(f)}; SymPy differentiates it directly."
    return _step(DIRECT, text, f, ctx, sympy.diff(f, ctx.var))


def constant_rule(f: Any, ctx: DiffContext) -> Step | None:
    """d/dx c = 0 for anything c free of x, other symbols included (how partials work)."""
    if ctx.var in f.free_symbols:
        return None
    if f.free_symbols:
        text = f"{_constants(f, ctx)}, so {show(f)} is a constant and its derivative is 0."
    else:
        text = f"{show(f)} is a constant, and the derivative of a constant is 0."
    return _step("constant rule", text, f, ctx, sympy.S.Zero)


def identity_rule(f: Any, ctx: DiffContext) -> Step | None:
    """d/dx x = 1."""
    if f != ctx.var:
        return None
    text = f"The derivative of the variable itself is 1: {ctx.d()} {ctx.var} = 1."
    return _step("identity rule", text, f, ctx, sympy.S.One)


def linear_rule(f: Any, ctx: DiffContext) -> Step | None:
    """d/dx (a·x + b) = a: a linear function's derivative is its slope (one step, not four)."""
    if f == ctx.var or not f.is_polynomial(ctx.var):
        return None
    poly = sympy.Poly(f, ctx.var)
    if poly.degree() != 1:
        return None
    slope = poly.coeff_monomial(ctx.var)
    text = f"{show(f)} is linear in {ctx.var}: its derivative is the slope, {show(slope)}."
    return _step("linear function", text, f, ctx, slope)


def sum_rule(f: Any, ctx: DiffContext) -> Step | None:
    """(f + g)' = f' + g' and (f - g)' = f' - g': differentiate term by term."""
    if not isinstance(f, sympy.Add):
        return None
    subs = [derivative_step(t, ctx) for t in f.as_ordered_terms()]
    kind = "sum or difference" if any(t.could_extract_minus_sign() for t in f.args) else "sum"
    text = (
        f"The derivative of a {kind} is the {kind} of the derivatives, "
        f"so differentiate the {len(subs)} terms one at a time."
    )
    return _step("sum rule", text, f, ctx, sympy.Add(*[s.after for s in subs]), *subs)


def _split_constant(f: Any, var: sympy.Symbol) -> tuple[Any, Any]:
    """f = c·g with c free of var; a 1/ln(b) factor stays with a lone ln(u) as log base b."""
    c, g = f.as_independent(var, as_Add=False)
    if isinstance(g, sympy.log):
        for k in sympy.Mul.make_args(c):
            if k.is_Pow and k.exp == -1 and isinstance(k.base, sympy.log):
                return c / k, sympy.Mul(g, k)
    return c, g


def _log_base(f: Any, var: sympy.Symbol) -> tuple[Any, Any] | None:
    """(u, b) when f is log_b(u) = ln(u)/ln(b) with b constant, else None."""
    if not isinstance(f, sympy.Mul) or len(f.args) != 2:
        return None
    c, g = f.as_independent(var, as_Add=False)
    if isinstance(g, sympy.log) and c.is_Pow and c.exp == -1 and isinstance(c.base, sympy.log):
        return g.args[0], c.base.args[0]
    return None


def log_base_rule(f: Any, ctx: DiffContext) -> Step | None:
    """d/dx log_b(x) = 1/(x·ln(b)), since log_b(x) = ln(x)/ln(b)."""
    parts = _log_base(f, ctx.var)
    if parts is None:
        return None
    u, b = parts
    if u != ctx.var:
        return chain_rule(f, u, lambda s: sympy.log(s) / sympy.log(b), ctx)
    after = 1 / (ctx.var * sympy.log(b))
    text = f"Logarithm base {show(b)}: {ctx.d()} log_{show(b)}({ctx.var}) = {show(after)}."
    return _step("derivative of log_b", text, f, ctx, after)


def constant_multiple_rule(f: Any, ctx: DiffContext) -> Step | None:
    """(c·g)' = c·g' for a constant factor c."""
    if not isinstance(f, sympy.Mul):
        return None
    c, g = _split_constant(f, ctx.var)
    if c == 1:
        return None
    sub = derivative_step(g, ctx)
    d_f, d_g = sympy.Derivative(f, ctx.var), sympy.Derivative(g, ctx.var)
    if c == -1:
        text = prose("A minus sign is the constant factor −1, so ", math(d_f), " = ", math(-d_g))
        text += "."
    else:
        why = f" ({_constants(c, ctx)})" if c.free_symbols else ""
        rule = prose(math(d_f), " = ", math(sympy.Mul(c, d_g, evaluate=False)))
        text = prose(math(c), f" is a constant factor{why}, so ", rule, ".")
    return _step("constant multiple rule", text, f, ctx, c * sub.after, sub)


def _is_denominator(k: Any, var: sympy.Symbol) -> bool:
    """Whether factor k is v^(-n) with v depending on var: it belongs under the fraction bar."""
    return bool(
        k.is_Pow
        and var in k.base.free_symbols
        and var not in k.exp.free_symbols
        and k.exp.could_extract_minus_sign()
    )


def quotient_rule(f: Any, ctx: DiffContext) -> Step | None:
    """(f/g)' = (f'·g - f·g')/g^2."""
    if not isinstance(f, sympy.Mul) or _split_constant(f, ctx.var)[0] != 1:
        return None
    factors = f.as_ordered_factors()
    downs = [k for k in factors if _is_denominator(k, ctx.var)]
    if not downs:
        return None
    num = sympy.Mul(*[k for k in factors if not _is_denominator(k, ctx.var)])
    den = sympy.Mul(*[k.base ** (-k.exp) for k in downs])
    top, bottom = derivative_step(num, ctx), derivative_step(den, ctx)
    after = (top.after * den - num * bottom.after) / den**2
    text = (
        f"Quotient rule: (f/g)' = (f'·g - f·g')/g^2 "
        f"with numerator f = {show(num)} and denominator g = {show(den)}."
    )
    return _step("quotient rule", text, f, ctx, after, top, bottom)


def product_rule(f: Any, ctx: DiffContext) -> Step | None:
    """(f·g)' = f'·g + f·g'; for n factors, differentiate one at a time and keep the others."""
    if not isinstance(f, sympy.Mul) or _split_constant(f, ctx.var)[0] != 1:
        return None
    factors = f.as_ordered_factors()
    subs = [derivative_step(k, ctx) for k in factors]
    terms = [
        sympy.Mul(*[s.after if i == j else k for j, k in enumerate(factors)])
        for i, s in enumerate(subs)
    ]
    named = ", ".join(show(k) for k in factors)
    if len(factors) == 2:
        text = f"Product rule: (f·g)' = f'·g + f·g' with f = {show(factors[0])}"
        text += f" and g = {show(factors[1])}."
    else:
        text = (
            f"Product rule for {len(factors)} factors ({named}): differentiate one factor at "
            "a time, keep the others, and add the results."
        )
    return _step("product rule", text, f, ctx, sympy.Add(*terms), *subs)


def logarithmic_differentiation(f: Any, ctx: DiffContext) -> Step | None:
    """y = b^e with both depending on x: ln y = e·ln(b), so y' = y·(e·ln(b))'."""
    if not (f.is_Pow and ctx.var in f.base.free_symbols and ctx.var in f.exp.free_symbols):
        return None
    log_y = f.exp * sympy.log(f.base)
    sub = derivative_step(log_y, ctx)
    text = (
        f"Both the base and the exponent depend on {ctx.var}, so let y = {show(f)} and take "
        f"logarithms, ln(y) = {show(log_y)}; differentiating both sides gives "
        f"y'/y = {ctx.d()} {bracket(log_y)}, so y' = y·{ctx.d()} {bracket(log_y)}."
    )
    return _step("logarithmic differentiation", text, f, ctx, f * sub.after, sub)


def exponential_rule(f: Any, ctx: DiffContext) -> Step | None:
    """d/dx a^x = a^x·ln(a) for a constant base a."""
    if not (f.is_Pow and ctx.var not in f.base.free_symbols):
        return None
    base = f.base
    if f.exp != ctx.var:
        return chain_rule(f, f.exp, lambda s: base**s, ctx)
    after = f * sympy.log(base)
    text = f"Exponential rule: {ctx.d()} a^{ctx.var} = a^{ctx.var}·ln(a) with a = {show(base)}."
    return _step("derivative of a^x", text, f, ctx, after)


def _power_form(base: Any, n: Any) -> str:
    """base^n written out, with the exponent in parentheses unless a positive integer."""
    exponent = show(n) if n.is_Integer and n > 0 else f"({show(n)})"
    return f"{show(base)}^{exponent}"


def power_rule(f: Any, ctx: DiffContext) -> Step | None:
    """d/dx x^n = n·x^(n-1) for any constant n (roots and reciprocals are powers too)."""
    if not (f.is_Pow and ctx.var not in f.exp.free_symbols):
        return None
    base, n = f.base, f.exp
    if base != ctx.var:
        return chain_rule(f, base, lambda s: s**n, ctx)
    form, x = _power_form(base, n), ctx.var
    rule = f"the power rule {ctx.d()} {x}^n = n·{x}^(n-1) with n = {show(n)}."
    # A student reads x**(-3) as 1/x^3, so that is what gets rewritten as a power.
    typed = f"1/{show(1 / f)}" if n.could_extract_minus_sign() else show(f)
    text = f"Write {typed} as {form}; then by {rule}" if form != typed else f"By {rule}"
    return _step("power rule", text, f, ctx, n * base ** (n - 1))


def _entry(f: Any) -> TableEntry | None:
    """The standard derivative of f's outer function when f is a one-argument function."""
    if not isinstance(f, sympy.Function) or len(f.args) != 1:
        return None
    return table_entry(f.func) or library_entry(f.func)


def function_rule(f: Any, ctx: DiffContext) -> Step | None:
    """d/dx F(x) from the table of standard derivatives: sin, exp, ln, arctan, |x| ..."""
    entry = _entry(f)
    if entry is None:
        return None
    arg = f.args[0]
    if arg != ctx.var:
        return chain_rule(f, arg, f.func, ctx)
    after = entry.derivative(arg)
    remark = f" ({entry.remark.format(u=show(arg))})" if entry.remark else ""
    text = f"From the table of derivatives, {ctx.d()} {show(f)} = {show(after)}{remark}."
    return _step(f"derivative of {entry.name}", text, f, ctx, after)


def chain_rule(f: Any, inner: Any, outer: Callable[[Any], Any], ctx: DiffContext) -> Step:
    """d/dx F(u(x)) = F'(u)·du/dx: the outer derivative at u, times the inner derivative."""
    u = ctx.substitution()
    outer_u = outer(u)
    outer_step = derivative_step(outer_u, ctx.outer(u))
    inner_step = derivative_step(inner, ctx.deeper())
    outer_at_inner = _after(outer_step).xreplace({u: inner})
    after = outer_at_inner * inner_step.after
    text = (
        f"Let {u} = {show(inner)}, so {show(f)} = {show(outer_u)}; by the chain rule its "
        f"derivative is d/d{u} {bracket(outer_u)} · {ctx.differential(u)}."
    )
    return _step("chain rule", text, f, ctx, after, outer_step, inner_step)


def logsumexp_rule(f: Any, ctx: DiffContext) -> Step | None:
    """d/dx logsumexp(a₁, …, aₙ) = Σ softmaxⱼ·daⱼ/dx (``calctutor.steps.derivative_ml``)."""
    return derivative_ml.logsumexp_rule(f, ctx, derivative_step)


def log_softmax_rule(f: Any, ctx: DiffContext) -> Step | None:
    """d/dx ln softmaxₖ(a) = daₖ/dx − Σ softmaxⱼ·daⱼ/dx (``calctutor.steps.derivative_ml``)."""
    return derivative_ml.log_softmax_rule(f, ctx, derivative_step)


RULES: tuple[Rule, ...] = (
    constant_rule,
    identity_rule,
    linear_rule,
    sum_rule,
    logsumexp_rule,
    log_softmax_rule,
    log_base_rule,
    constant_multiple_rule,
    quotient_rule,
    product_rule,
    logarithmic_differentiation,
    exponential_rule,
    power_rule,
    function_rule,
)
