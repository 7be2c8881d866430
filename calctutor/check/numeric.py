"""Evaluate a SymPy expression at a point with mpmath, by walking the tree (no code generation).

Every value is an ``mpc`` computed on principal branches. A node that is undefined at the point
(a pole, log 0, an argument so large that the result is meaningless) raises :class:`Undefined`;
a node this evaluator does not know raises :class:`Unsupported`. Alongside the value the
evaluator records the largest magnitude met on the way, so that a caller can tell rounding noise
(small against that scale) from a true difference.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy

from calctutor.expr.functions import ML_CLASSES, elementary

# Arguments beyond these bounds make exp/trig/gamma either overflow or need absurd precision
# for argument reduction; such points are skipped rather than computed.
MAX_ARGUMENT = 1e5
MAX_POWER_BITS = 1e6

UNARY: dict[str, str] = {
    "sin": "sin", "cos": "cos", "tan": "tan", "cot": "cot", "sec": "sec", "csc": "csc",
    "asin": "asin", "acos": "acos", "atan": "atan", "acot": "acot", "asec": "asec",
    "acsc": "acsc", "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "coth": "coth",
    "sech": "sech", "csch": "csch", "asinh": "asinh", "acosh": "acosh", "atanh": "atanh",
    "acoth": "acoth", "asech": "asech", "acsch": "acsch", "exp": "exp", "log": "log",
    "gamma": "gamma", "erf": "erf", "erfc": "erfc", "loggamma": "loggamma",
}  # fmt: skip
GROWING = frozenset({"sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth",
                     "sech", "csch", "exp", "gamma", "erf", "erfc"})  # fmt: skip


@functools.cache
def mp_context(dps: int) -> Any:
    """An mpmath context working at ``dps`` digits (made once per precision, never changed)."""
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


class Undefined(ArithmeticError):
    """The expression has no finite value at this point."""


class Unsupported(ValueError):
    """The expression contains something the evaluator cannot compute."""


@dataclass(frozen=True)
class Value:
    """A computed value and the largest magnitude met while computing it."""

    value: Any
    scale: Any
    real_path: bool = True


def evaluate(expr: Any, point: Mapping[Any, Any], ctx: Any) -> Value:
    """The value of ``expr`` at ``point`` (symbol -> mpc) in the mpmath context ``ctx``.

    ``real_path`` is True when every intermediate value was real: the point lies in the
    expression's real domain (√(x-3)·√(x-5) at x = 1 is real, but not on a real path).
    """
    walker = _Walker(point, ctx)
    value = walker.run(expr)
    return Value(value, max(walker.scale, ctx.mpf(1)), walker.real_path)


class _Walker:
    """One evaluation: the point, the context, a cache of shared subtrees, the running scale."""

    def __init__(self, point: Mapping[Any, Any], ctx: Any) -> None:
        """Start an evaluation at ``point``."""
        self.point = point
        self.ctx = ctx
        self.cache: dict[Any, Any] = {}
        self.scale = ctx.mpf(0)
        self.real_path = True
        self.noise = ctx.mpf(10) ** (-(ctx.dps * 7 // 10))

    def run(self, node: Any) -> Any:
        """The value of one node, cached and checked to be finite."""
        cached = self.cache.get(node)
        if cached is not None:
            return cached
        try:
            value = self.compute(node)
        except (ZeroDivisionError, OverflowError) as error:
            raise Undefined(str(error)) from None
        except ValueError as error:
            if isinstance(error, Unsupported):
                raise
            raise Undefined(str(error)) from None
        value = self.ctx.mpc(value)
        if not self.ctx.isfinite(value):
            raise Undefined(f"{node} is not finite here")
        self.scale = max(self.scale, abs(value))
        if abs(value.imag) > self.noise * max(self.scale, 1):
            self.real_path = False
        self.cache[node] = value
        return value

    def compute(self, node: Any) -> Any:
        """Dispatch on the node's type."""
        if node.is_Symbol:
            return self.symbol(node)
        if node.is_Atom:
            return self.number(node)
        if node.is_Add:
            return functools.reduce(operator.add, (self.run(a) for a in node.args))
        if node.is_Mul:
            return functools.reduce(operator.mul, (self.run(a) for a in node.args))
        if node.is_Pow:
            return self.power(node.base, node.exp)
        return self.function(node)

    def symbol(self, node: Any) -> Any:
        """A symbol's value from the point."""
        if node not in self.point:
            raise Unsupported(f"no value for {node}")
        return self.point[node]

    def number(self, node: Any) -> Any:
        """An exact or floating number, pi, E, I and friends."""
        ctx = self.ctx
        if node is sympy.I:
            return ctx.mpc(0, 1)
        if node.is_Rational:
            return ctx.mpf(int(node.p)) / int(node.q)
        if node.is_Float:
            return ctx.mpf(node._mpf_)
        constants: dict[Any, Any] = {
            sympy.pi: ctx.pi,
            sympy.E: ctx.e,
            sympy.EulerGamma: ctx.euler,
            sympy.GoldenRatio: ctx.phi,
            sympy.Catalan: ctx.catalan,
        }
        if node in constants:
            return +constants[node]
        raise Undefined(f"{node} is not a finite number")

    def power(self, base: Any, exponent: Any) -> Any:
        """base ** exponent on the principal branch, refusing astronomically large results."""
        ctx = self.ctx
        if base is sympy.E:
            return self.unary("exp", self.run(exponent))
        b = self.run(base)
        if exponent.is_Integer:
            n = int(exponent)
            if b == 0 and n < 0:
                raise Undefined("division by zero")
            self.check_size(b, ctx.mpf(n))
            return b**n
        if exponent == sympy.S.Half:
            return ctx.sqrt(b)
        e = self.run(exponent)
        if b == 0:
            if ctx.re(e) > 0:
                return ctx.mpc(0)
            raise Undefined("0 to a power that is not positive")
        self.check_size(b, e)
        return ctx.power(b, e)

    def check_size(self, base: Any, exponent: Any) -> None:
        """Refuse a power whose size in bits would be beyond any sensible use."""
        if base == 0:
            return
        bits = abs(exponent) * (abs(self.ctx.mag(base)) + 1)
        if bits > MAX_POWER_BITS:
            raise Undefined("the power is too large")

    def function(self, node: Any) -> Any:
        """A function application: elementary, Abs/sign/re/im, or a piece of a derivative."""
        if isinstance(node, ML_CLASSES):
            return self.run(elementary(node))
        name = type(node).__name__
        if name in SPECIAL:
            return SPECIAL[name](self, node)
        if name not in UNARY or len(node.args) != 1:
            raise Unsupported(f"cannot evaluate {name}")
        return self.unary(name, self.run(node.args[0]))

    def unary(self, name: str, argument: Any) -> Any:
        """An mpmath function of one argument, with the growth guard."""
        if name in GROWING and abs(argument) > MAX_ARGUMENT:
            raise Undefined(f"{name} of a huge argument")
        if name == "log" and argument == 0:
            raise Undefined("log 0")
        return getattr(self.ctx, UNARY[name])(argument)


def _abs(walker: _Walker, node: Any) -> Any:
    """|z| (the modulus for complex z)."""
    return abs(walker.run(node.args[0]))


def _sign(walker: _Walker, node: Any) -> Any:
    """sign(z) = z/|z|, 0 at 0."""
    z = walker.run(node.args[0])
    return z / abs(z) if z != 0 else walker.ctx.mpc(0)


def _re(walker: _Walker, node: Any) -> Any:
    """The real part."""
    return walker.ctx.re(walker.run(node.args[0]))


def _im(walker: _Walker, node: Any) -> Any:
    """The imaginary part."""
    return walker.ctx.im(walker.run(node.args[0]))


def _arg(walker: _Walker, node: Any) -> Any:
    """The principal argument."""
    return walker.ctx.arg(walker.run(node.args[0]))


def _conjugate(walker: _Walker, node: Any) -> Any:
    """The complex conjugate."""
    return walker.ctx.conj(walker.run(node.args[0]))


def _factorial(walker: _Walker, node: Any) -> Any:
    """n! = Gamma(n + 1)."""
    n = walker.run(node.args[0])
    return walker.unary("gamma", n + 1)


def _atan2(walker: _Walker, node: Any) -> Any:
    """atan2(y, x) for real y and x."""
    y, x = (walker.run(a) for a in node.args)
    if walker.ctx.im(y) != 0 or walker.ctx.im(x) != 0:
        raise Undefined("atan2 of complex arguments")
    return walker.ctx.atan2(walker.ctx.re(y), walker.ctx.re(x))


def _heaviside(walker: _Walker, node: Any) -> Any:
    """The unit step, undefined at 0 and off the real line."""
    z = walker.run(node.args[0])
    if walker.ctx.im(z) != 0 or z == 0:
        raise Undefined("step at 0")
    return walker.ctx.mpf(1 if walker.ctx.re(z) > 0 else 0)


def _dirac(walker: _Walker, node: Any) -> Any:
    """The delta 'function': 0 away from 0 (it only appears where a step was differentiated)."""
    z = walker.run(node.args[0])
    if z == 0:
        raise Undefined("delta at 0")
    return walker.ctx.mpf(0)


def _min_max(pick: Callable[..., Any]) -> Callable[[_Walker, Any], Any]:
    """Min or Max of real arguments."""

    def apply(walker: _Walker, node: Any) -> Any:
        """Pick among the real values."""
        values = [walker.run(a) for a in node.args]
        if any(walker.ctx.im(v) != 0 for v in values):
            raise Undefined("min/max of complex values")
        return pick(walker.ctx.re(v) for v in values)

    return apply


SPECIAL: dict[str, Callable[[_Walker, Any], Any]] = {
    "Abs": _abs,
    "sign": _sign,
    "re": _re,
    "im": _im,
    "arg": _arg,
    "conjugate": _conjugate,
    "factorial": _factorial,
    "atan2": _atan2,
    "Heaviside": _heaviside,
    "DiracDelta": _dirac,
    "Min": _min_max(min),
    "Max": _min_max(max),
}
