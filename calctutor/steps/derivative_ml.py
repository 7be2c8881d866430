"""Derivative rules of machine learning: log-sum-exp and log-softmax, whose derivative is softmax.

∂/∂aᵢ logsumexp(a₁, …, aₙ) = softmaxᵢ(a) = e^aᵢ/(e^a₁ + … + e^aₙ), and since
ln(e^aₖ/(e^a₁ + … + e^aₙ)) = aₖ − logsumexp(a), its derivative is aₖ' − Σ softmaxⱼ·aⱼ'. So the
gradient of the cross-entropy −ln softmaxₖ(z) is softmax(z) − y for the one-hot label y of class
k: the textbook form, which these rules build directly rather than leaving it to simplification.
(σ, softplus and ReLU are one-argument functions in the table of derivatives.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy

from calctutor.expr.functions import logsumexp, softmax
from calctutor.notation import Sign, math, prose, sign
from calctutor.steps.derivative_context import DiffContext
from calctutor.steps.model import Step

Derive = Callable[[Any, DiffContext], Step]
SOFTMAX = sign(
    "∂/∂aᵢ logsumexp(a₁, …, aₙ) = softmaxᵢ = e^aᵢ/(e^a₁ + … + e^aₙ)",
    r"\frac{\partial}{\partial a_i} \operatorname{logsumexp}(a_1, \dots, a_n) = "
    r"\operatorname{softmax}_i = \frac{e^{a_i}}{e^{a_1} + \dots + e^{a_n}}",
)


def _d(ctx: DiffContext) -> Sign:
    """d/dx or ∂/∂x before an expression, in both notations."""
    name = str(ctx.var)
    if ctx.partial:
        return sign(f"∂/∂{name} ", rf"\frac{{\partial}}{{\partial {name}}} ")
    return sign(f"d/d{name} ", rf"\frac{{d}}{{d{name}}} ")


def _inner(arguments: tuple[Any, ...], ctx: DiffContext, derive: Derive) -> list[tuple[int, Step]]:
    """The derivative step of each argument that depends on the variable, with its position."""
    return [
        (j, derive(a, ctx.deeper())) for j, a in enumerate(arguments) if ctx.var in a.free_symbols
    ]


def _softmax_sum(arguments: tuple[Any, ...], inner: list[tuple[int, Step]]) -> Any:
    """Σ softmaxⱼ(a)·aⱼ' over the arguments that depend on the variable."""
    return sympy.Add(*[softmax(arguments, j) * step.after for j, step in inner])


def _exponents(total: Any) -> tuple[Any, ...] | None:
    """(a₁, …, aₙ) when total is e^a₁ + … + e^aₙ with n ≥ 2, else None."""
    if not isinstance(total, sympy.Add):
        return None
    terms = total.args
    if not all(isinstance(t, sympy.exp) for t in terms):
        return None
    return tuple(t.args[0] for t in terms)


def _log_softmax(f: Any) -> tuple[tuple[Any, ...], int] | None:
    """(a, k) when f is ln(e^aₖ/(e^a₁ + … + e^aₙ)), else None."""
    if not isinstance(f, sympy.log) or not isinstance(f.args[0], sympy.Mul):
        return None
    factors = f.args[0].args
    if len(factors) != 2:
        return None
    top, bottom = sorted(factors, key=lambda k: k.is_Pow and k.exp == -1)
    if not (isinstance(top, sympy.exp) and bottom.is_Pow and bottom.exp == -1):
        return None
    arguments = _exponents(bottom.base)
    if arguments is None or top.args[0] not in arguments:
        return None
    return arguments, arguments.index(top.args[0])


def logsumexp_rule(f: Any, ctx: DiffContext, derive: Derive) -> Step | None:
    """d/dx logsumexp(a₁, …, aₙ) = Σ softmaxⱼ(a)·daⱼ/dx: its partial derivatives are softmax."""
    if not isinstance(f, logsumexp):
        return None
    arguments = f.args
    inner = _inner(arguments, ctx, derive)
    text = prose(
        "Log-sum-exp rule: ", SOFTMAX, "; by the chain rule ",
        _d(ctx), math(f), " = Σ softmaxⱼ · ", _d(ctx), "aⱼ.",
    )  # fmt: skip
    after = _softmax_sum(arguments, inner)
    return Step(
        "log-sum-exp rule", text, sympy.Derivative(f, ctx.var), after, tuple(s for _, s in inner)
    )


def log_softmax_rule(f: Any, ctx: DiffContext, derive: Derive) -> Step | None:
    """d/dx ln softmaxₖ(a) = daₖ/dx − Σ softmaxⱼ(a)·daⱼ/dx, as ln softmaxₖ = aₖ − logsumexp(a)."""
    found = _log_softmax(f)
    if found is None:
        return None
    arguments, k = found
    inner = _inner(arguments, ctx, derive)
    own = next((s.after for j, s in inner if j == k), sympy.S.Zero)
    after = own - _softmax_sum(arguments, inner)
    text = prose(
        "Log-softmax rule: ", math(f), " = aₖ − logsumexp(a₁, …, aₙ) with aₖ = ",
        math(arguments[k]), ", and ", SOFTMAX, ", so its derivative is ",
        _d(ctx), "aₖ − Σ softmaxⱼ · ", _d(ctx), "aⱼ.",
    )  # fmt: skip
    return Step(
        "log-softmax rule", text, sympy.Derivative(f, ctx.var), after, tuple(s for _, s in inner)
    )
