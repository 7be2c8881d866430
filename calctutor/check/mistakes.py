"""Recognise the common mistakes behind a wrong derivative or antiderivative, in plain words.

Each diagnosis builds what the mistake would have produced and asks the equivalence engine
whether the student's answer is exactly that; the first match names the mistake.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import Any

import sympy

from calctutor.check.common import Diagnosis, real_diff, show
from calctutor.check.equivalence import equivalent
from calctutor.check.numeric import Undefined, Unsupported, evaluate, mp_context
from calctutor.check.variants import (
    POWER_KINDS,
    TRIG,
    Mistake,
    composite_nodes,
    mistaken_diff,
    nodes_of,
)

QUICK = 16
GROWTH = (sympy.exp, sympy.sin, sympy.cos, sympy.sinh, sympy.cosh)


def same(a: Any, b: Any, symbols: Sequence[Any], rng: random.Random) -> bool:
    """A quicker equivalence test for candidate mistakes."""
    return equivalent(a, b, symbols, rng, tries=QUICK).result is True


def diagnose_derivative(
    f: Any, x: Any, answer: Any, symbols: Sequence[Any], rng: random.Random
) -> Diagnosis | None:
    """Name the mistake that turns f' into ``answer``, if it is a common one."""
    for mistake, diagnosis in _derivative_mistakes(f, x):
        if same(answer, mistaken_diff(f, x, mistake), symbols, rng):
            return diagnosis
    if same(real_diff(answer, x), f, symbols, rng):
        return Diagnosis(
            "integrated_instead",
            "You integrated instead of differentiating: the derivative of your answer is the "
            "function itself.",
        )
    return factor_diagnosis(answer, real_diff(f, x), symbols, rng, "derivative")


def _derivative_mistakes(f: Any, x: Any) -> Iterator[tuple[Mistake, Diagnosis]]:
    """Each mistaken rule that can apply to f, with what to tell the student."""
    for node in [*composite_nodes(f, x), None]:
        yield Mistake("chain", node), _chain(node, x)
    for node in nodes_of(f, x, "quotient"):
        yield Mistake("quotient", node), QUOTIENT
    for node in nodes_of(f, x, "product"):
        yield Mistake("product", node), PRODUCT
    for node in nodes_of(f, x, "power"):
        for kind in POWER_KINDS:
            yield Mistake(kind, node), _power(node)
    for node in [None, *nodes_of(f, x, "trig_sign")]:
        yield Mistake("trig_sign", node), _trig(node)


def _chain(node: Any, x: Any) -> Diagnosis:
    """The chain-rule message, naming the inner function when there is one."""
    if node is None:
        return Diagnosis(
            "chain_rule_factor",
            "The chain rule factor is missing: multiply by the derivative of the inner function.",
        )
    inner = node.args[0] if isinstance(node, sympy.Function) else node.as_base_exp()[0]
    if inner.is_number:
        inner = node.as_base_exp()[1]
    return Diagnosis(
        "chain_rule_factor",
        f"The chain rule factor is missing: differentiating {show(node)} also gives a factor "
        f"d/d{x}({show(inner)}) = {show(real_diff(inner, x))}.",
    )


QUOTIENT = Diagnosis(
    "quotient_rule_reversed",
    "The quotient rule's numerator is reversed: (u/v)' = (u'v - uv')/v², with u' first.",
)
PRODUCT = Diagnosis(
    "product_rule",
    "The product rule is not the product of the derivatives: (uv)' = u'v + uv'.",
)


def _power(node: Any) -> Diagnosis:
    """The power-rule message for this power."""
    n = node.as_base_exp()[1]
    return Diagnosis(
        "power_rule",
        f"The power rule is off by one: d/dx u^n = n·u^(n-1), so the exponent {show(n)} "
        f"becomes {show(n - 1)} and the factor is {show(n)}.",
    )


def _trig(node: Any) -> Diagnosis:
    """The sign message for trigonometric derivatives."""
    return Diagnosis(
        "sign_error",
        "Sign error in a trigonometric derivative: (sin x)' = cos x but (cos x)' = -sin x "
        "(and (cot x)' = -csc²x, (csc x)' = -csc x cot x).",
    )


def diagnose_antiderivative(
    f: Any,
    x: Any,
    answer: Any,
    slope: Any,
    constants: Sequence[Any],
    symbols: Sequence[Any],
    rng: random.Random,
) -> Diagnosis | None:
    """Name the mistake behind an antiderivative whose derivative ``slope`` is not f."""
    ratio = constant_ratio(slope, f, symbols, rng)
    if ratio == -1:
        return _integral_sign(f)
    plain = answer.xreplace(dict.fromkeys(constants, 0))
    if same(plain, real_diff(f, x), symbols, rng):
        return Diagnosis(
            "differentiated_instead",
            "You differentiated instead of integrating: an antiderivative F must satisfy "
            "F' = f, and your answer is f'.",
        )
    if ratio is None:
        return None
    k = _linear_coefficient(f, x)
    if k is not None and ratio in (k, -k, k**2):
        return _one_over_k(k, ratio)
    return _ratio_diagnosis(ratio, "an antiderivative")


def _linear_coefficient(f: Any, x: Any) -> Any:
    """k when f contains e^(kx + b), sin(kx + b), cos(kx + b) ... with k not ±1."""
    for node in sympy.preorder_traversal(f):
        if isinstance(node, GROWTH):
            inner = node.args[0]
            k = real_diff(inner, x)
            if k.is_number and k != 0 and real_diff(k, x) == 0 and abs(k) != 1:
                return k
    return None


def _one_over_k(k: Any, ratio: Any) -> Diagnosis:
    """The missing 1/k message."""
    text = (
        f"The factor 1/{show(k)} is missing: the derivative of e^({show(k)}x) or "
        f"sin({show(k)}x) brings out a factor {show(k)}, so integrating must divide by {show(k)}."
    )
    if ratio == -k:
        text += " Check the sign as well."
    return Diagnosis("missing_1_over_k", text)


def _integral_sign(f: Any) -> Diagnosis:
    """The sign message for an antiderivative that is off by a factor -1."""
    if f.has(*TRIG):
        return Diagnosis(
            "sign_error",
            "Sign error: ∫sin x dx = -cos x + C and ∫cos x dx = sin x + C; the derivative of "
            "your answer is minus the integrand.",
        )
    return Diagnosis(
        "sign_error", "Sign error: the derivative of your answer is minus the integrand."
    )


def factor_diagnosis(
    answer: Any, right: Any, symbols: Sequence[Any], rng: random.Random, what: str
) -> Diagnosis | None:
    """A sign error or a constant factor off between answer and the right result."""
    ratio = constant_ratio(answer, right, symbols, rng)
    if ratio is None:
        return None
    if ratio == -1:
        return Diagnosis("sign_error", f"Sign error: your answer is minus the {what}.")
    return _ratio_diagnosis(ratio, f"the {what}")


def _ratio_diagnosis(ratio: Any, what: str) -> Diagnosis:
    """Your answer is k times the right one."""
    return Diagnosis(
        "constant_factor",
        f"A constant factor is off: your answer is {show(ratio)} times {what}.",
    )


def constant_ratio(a: Any, b: Any, symbols: Sequence[Any], rng: random.Random) -> Any:
    """The rational k (small denominator, not 0 or 1) with a = k·b, or None."""
    guess = _ratio_at_a_point(a, b, symbols, rng)
    if guess is None:
        return None
    k = sympy.Rational(guess.numerator, guess.denominator)
    if k in (0, 1) or not same(a, k * b, symbols, rng):
        return None
    return k


def _ratio_at_a_point(
    a: Any, b: Any, symbols: Sequence[Any], rng: random.Random
) -> Fraction | None:
    """a/b at a random real point, rounded to a fraction with a small denominator."""
    ctx = mp_context(30)
    for _ in range(8):
        point = {s: ctx.mpc(rng.uniform(0.2, 2.2) * rng.choice((1, -1))) for s in symbols}
        try:
            top, bottom = evaluate(a, point, ctx).value, evaluate(b, point, ctx).value
        except (Undefined, Unsupported):
            continue
        if bottom == 0 or abs(ctx.im(top / bottom)) > 1e-20:
            continue
        ratio = float(ctx.re(top / bottom))
        if not math.isfinite(ratio) or abs(ratio) > 1e6:
            return None
        return Fraction(ratio).limit_denominator(1000)
    return None
