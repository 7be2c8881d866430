"""A found antiderivative with its displayed step, and the builders that keep trees compact.

Table look-ups (``simple`` derivations) are folded into their parent's sentence rather than shown
as steps of their own, constant factors ride along with the step they multiply, and a rewrite
into a sum shares one step with the term-by-term integration: a textbook writes
"= x e^x - ∫ e^x dx = x e^x - e^x" on one line, not three.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import sympy

from calctutor.steps.model import Step

SUM_RULE = "sum rule"


def fmt(expr: sympy.Basic) -> str:
    """An expression as a textbook prints it inline (x², ln|x|): for sentences not yet Prose."""
    from calctutor.notation.unicode import inline

    return inline(expr)


def differential(e: sympy.Expr, x: sympy.Symbol) -> str:
    """'e dx' as a textbook writes it: 'dx' for 1, '(2x + 2) dx' for a sum, '2x dx' otherwise."""
    if e == 1:
        return f"d{fmt(x)}"
    if e == -1:
        return f"−d{fmt(x)}"
    shown = fmt(e)
    return f"({shown}) d{fmt(x)}" if e.is_Add else f"{shown} d{fmt(x)}"


def integral_text(f: sympy.Expr, x: sympy.Symbol) -> str:
    """'∫ f dx' as text, a sum in brackets."""
    return fmt(sympy.Integral(f, x))


@dataclass(frozen=True)
class Derivation:
    """An antiderivative of ``integrand`` in ``var`` and the step that found it."""

    integrand: sympy.Expr
    var: sympy.Symbol
    result: sympy.Expr
    step: Step
    simple: bool = False

    def sentence(self) -> str:
        """This derivation told in one sentence, for folding into a parent step."""
        return f"{self.step.text} ({self.step.rule})"


def leaf(
    rule: str, f: sympy.Expr, x: sympy.Symbol, result: sympy.Expr, note: str = ""
) -> Derivation:
    """A table look-up: '∫ f dx = F', foldable into its parent."""
    text = f"{integral_text(f, x)} = {fmt(result)}" + (f", {note}" if note else "")
    step = Step(rule, text, sympy.Integral(f, x), result)
    return Derivation(f, x, result, step, simple=True)


def node(
    rule: str,
    text: str,
    f: sympy.Expr,
    x: sympy.Symbol,
    result: sympy.Expr,
    children: Sequence[Derivation] = (),
    tail: str = "",
    simple: bool = False,
) -> Derivation:
    """A step with sub-derivations; simple children are folded into this step's text."""
    folded = [f"{c.sentence()}." for c in children if c.simple]
    kept = tuple(c.step for c in children if not c.simple)
    full = " ".join([text, *folded, *([tail] if tail else [])])
    step = Step(rule, full, sympy.Integral(f, x), result, kept)
    return Derivation(f, x, result, step, simple=simple and not kept)


def scaled(d: Derivation, c: sympy.Expr, f: sympy.Expr) -> Derivation:
    """∫ c·g dx = c ∫ g dx: the constant rides along with g's own step."""
    if c == 1:
        return d
    result = c * d.result
    head = f"{integral_text(f, d.var)} = {fmt(c)} · {integral_text(d.integrand, d.var)}"
    if d.simple:
        text = f"{head} = {fmt(result)}"
        step = replace(d.step, text=text, before=sympy.Integral(f, d.var), after=result)
    else:
        text = f"{head}. {d.step.text}"
        step = replace(d.step, text=text, before=sympy.Integral(f, d.var), after=result)
    return Derivation(f, d.var, result, step, simple=d.simple)


def summed(f: sympy.Expr, x: sympy.Symbol, parts: Sequence[Derivation]) -> Derivation:
    """The sum rule; when every term is a table look-up the whole sum is one look-up."""
    result = sympy.Add(*(p.result for p in parts))
    if all(p.simple for p in parts):
        terms = "; ".join(p.sentence() for p in parts)
        text = f"{integral_text(f, x)} = {fmt(result)}, term by term: {terms}"
        step = Step(SUM_RULE, text, sympy.Integral(f, x), result)
        return Derivation(f, x, result, step, simple=True)
    text = f"Integrate term by term: {integral_text(f, x)} = {fmt(result)}."
    return node(SUM_RULE, text, f, x, result, parts)


def rewritten(
    rule: str, why: str, f: sympy.Expr, x: sympy.Symbol, g: sympy.Expr, child: Derivation
) -> Derivation:
    """f = g by an identity, then ∫ g; a sum child shares this step."""
    text = f"{why}: {fmt(f)} = {fmt(g)}."
    if child.step.rule == SUM_RULE:
        step = Step(
            rule,
            f"{text} {child.step.text}",
            sympy.Integral(f, x),
            child.result,
            child.step.substeps,
        )
        return Derivation(f, x, child.result, step)
    return node(rule, text, f, x, child.result, [child])


def chained(
    rule: str,
    text: str,
    f: sympy.Expr,
    x: sympy.Symbol,
    result: sympy.Expr,
    lower: Derivation,
) -> Derivation:
    """A reduction formula step; when ∫ of the lower power is itself the same reduction (or a
    table form), the whole chain I_n → I_(n−1) → ... is told in this one step."""
    tail = f"Result: {fmt(result)}."
    if lower.step.rule != rule:
        return node(rule, text, f, x, result, [lower], tail)
    full = f"{text} {lower.step.text} {tail}"
    step = Step(rule, full, sympy.Integral(f, x), result, lower.step.substeps)
    return Derivation(f, x, result, step)


def parts_text(
    f: sympy.Expr,
    x: sympy.Symbol,
    u: sympy.Expr,
    dv: sympy.Expr,
    v: sympy.Expr,
    second: sympy.Expr,
) -> str:
    """'u = …, dv = … dx, so du = … dx, v = …; ∫ f dx = u·v − ∫ v du' (U, dV when x is u or v)."""
    big = x.name in ("u", "v")
    cu, cv = ("U", "V") if big else ("u", "v")
    dx = f"d{fmt(x)}"
    return (
        f"{cu} = {fmt(u)}, d{cv} = {fmt(dv)} {dx}, so d{cu} = {fmt(sympy.diff(u, x))} {dx} and"
        f" {cv} = {fmt(v)}. {integral_text(f, x)} = {fmt(u * v)} − {integral_text(second, x)}."
    )
