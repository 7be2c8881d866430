"""Differentiation done wrongly on purpose: the derivatives that common mistakes produce.

``mistaken_diff(f, x, Mistake("chain"))`` is what a student gets who forgets every inner
derivative; with a ``target`` the mistake is made at that one node only. Comparing an answer
with these variants names the mistake instead of only saying "wrong".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from calctutor.check.common import real_diff

TRIG = (sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc)
POWER_KINDS = ("power_same", "power_minus2", "power_coefficient")


@dataclass(frozen=True)
class Mistake:
    """One wrong rule: chain, product, quotient, trig_sign, power_same, power_minus2,
    power_coefficient; applied at ``target`` only, or everywhere when target is None."""

    kind: str
    target: Any = None

    def applies(self, kind: str, node: Any) -> bool:
        """True when this mistake is made at this node."""
        return self.kind == kind and (self.target is None or self.target == node)


def mistaken_diff(expr: Any, x: Any, mistake: Mistake) -> Any:
    """The derivative of ``expr`` by ``x`` with ``mistake`` made."""
    if not expr.has(x):
        return sympy.S.Zero
    if expr == x:
        return sympy.S.One
    if expr.is_Add:
        return sympy.Add(*(mistaken_diff(a, x, mistake) for a in expr.args))
    if expr.is_Mul:
        return _mul(expr, x, mistake)
    if expr.is_Pow:
        return _pow(expr, x, mistake)
    if isinstance(expr, sympy.Function) and len(expr.args) == 1:
        return _function(expr, x, mistake)
    return real_diff(expr, x)


def _inner(node: Any, inner: Any, x: Any, mistake: Mistake) -> Any:
    """The chain-rule factor of ``node`` (1 when the mistake drops it)."""
    if mistake.applies("chain", node):
        return sympy.S.One
    return mistaken_diff(inner, x, mistake)


def _function(expr: Any, x: Any, mistake: Mistake) -> Any:
    """f(u)' = f'(u) u', with the sign of trigonometric derivatives flipped by trig_sign."""
    outer = expr.fdiff(1)
    if isinstance(expr, TRIG) and mistake.applies("trig_sign", expr):
        outer = -outer
    return outer * _inner(expr, expr.args[0], x, mistake)


def _pow(expr: Any, x: Any, mistake: Mistake) -> Any:
    """Power rule, exponential rule, or the general u^v rule."""
    base, exponent = expr.as_base_exp()
    if not exponent.has(x):
        return _power_rule(expr, base, exponent, mistake) * _inner(expr, base, x, mistake)
    if not base.has(x):
        return expr * sympy.log(base) * _inner(expr, exponent, x, mistake)
    return real_diff(expr, x)


def _power_rule(expr: Any, base: Any, n: Any, mistake: Mistake) -> Any:
    """n u^(n-1), or the off-by-one versions of it."""
    if mistake.applies("power_same", expr):
        return n * base**n
    if mistake.applies("power_minus2", expr):
        return n * base ** (n - 2)
    if mistake.applies("power_coefficient", expr):
        return (n - 1) * base ** (n - 1)
    return n * base ** (n - 1)


def _mul(expr: Any, x: Any, mistake: Mistake) -> Any:
    """Product rule (or the product of derivatives, or the reversed quotient rule)."""
    constant, dependent = _split(expr, x)
    if len(dependent) == 1:
        return constant * mistaken_diff(dependent[0], x, mistake)
    if mistake.applies("product", expr):
        return constant * sympy.Mul(*(mistaken_diff(f, x, mistake) for f in dependent))
    if mistake.applies("quotient", expr):
        quotient = _reversed_quotient(dependent, x, mistake)
        if quotient is not None:
            return constant * quotient
    terms = []
    for i, factor in enumerate(dependent):
        others = sympy.Mul(*(dependent[:i] + dependent[i + 1 :]))
        terms.append(mistaken_diff(factor, x, mistake) * others)
    return constant * sympy.Add(*terms)


def _split(expr: Any, x: Any) -> tuple[Any, list[Any]]:
    """The constant factor of a product and its factors that depend on x."""
    constant, dependent = sympy.S.One, []
    for factor in expr.args:
        if factor.has(x):
            dependent.append(factor)
        else:
            constant *= factor
    return constant, dependent


def _reversed_quotient(factors: list[Any], x: Any, mistake: Mistake) -> Any:
    """(u v' - u' v) / v² for u/v: the quotient rule with its numerator reversed."""
    top = [f for f in factors if not _is_reciprocal(f)]
    bottom = [1 / f for f in factors if _is_reciprocal(f)]
    if not top or not bottom:
        return None
    u, v = sympy.Mul(*top), sympy.Mul(*bottom)
    du, dv = mistaken_diff(u, x, mistake), mistaken_diff(v, x, mistake)
    return (u * dv - du * v) / v**2


def _is_reciprocal(factor: Any) -> bool:
    """True for a factor with a negative exponent (a denominator)."""
    exponent = factor.as_base_exp()[1]
    return bool(factor.is_Pow and exponent.is_number and exponent.is_negative)


def composite_nodes(expr: Any, x: Any, limit: int = 6) -> list[Any]:
    """Nodes f(u) or u^n whose inner part u is not x itself: where a chain factor belongs."""
    found: list[Any] = []
    for node in sympy.preorder_traversal(expr):
        inner = _inner_part(node)
        if inner is not None and inner.has(x) and inner != x and node not in found:
            found.append(node)
        if len(found) >= limit:
            break
    return found


def _inner_part(node: Any) -> Any:
    """The argument a chain rule would differentiate, or None for other nodes."""
    if isinstance(node, sympy.Function) and len(node.args) == 1:
        return node.args[0]
    if node.is_Pow:
        base, exponent = node.as_base_exp()
        return exponent if base.is_number else base
    return None


def nodes_of(expr: Any, x: Any, kind: str, limit: int = 4) -> list[Any]:
    """The nodes where a mistake of this kind can be made (products, quotients, powers, trig)."""
    test = {
        "product": lambda n: n.is_Mul and len(_split(n, x)[1]) >= 2,
        "quotient": lambda n: n.is_Mul and _has_quotient(n, x),
        "trig_sign": lambda n: isinstance(n, TRIG) and n.has(x),
        "power": lambda n: n.is_Pow and n.base.has(x) and not n.exp.has(x),
    }[kind]
    found: list[Any] = []
    for node in sympy.preorder_traversal(expr):
        if test(node) and node not in found:  # type: ignore[no-untyped-call]
            found.append(node)
        if len(found) >= limit:
            break
    return found


def _has_quotient(node: Any, x: Any) -> bool:
    """True for u/v with both u and v depending on x."""
    dependent = _split(node, x)[1]
    return any(_is_reciprocal(f) for f in dependent) and any(
        not _is_reciprocal(f) for f in dependent
    )
