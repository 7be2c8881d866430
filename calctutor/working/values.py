"""What a side of a line is worth: its forms carried out, or its derivative along the working.

Two sides are compared in one of two ways. *Value*: every form is carried out (a derivative
differentiated, a definite integral computed, [F]_a^b evaluated, a limit taken) and the results
must be equivalent. *Slope*, when an indefinite integral is involved: both sides are differentiated
with respect to the working's parameter (x, or θ after ``x = sin θ``), an integral ∫ g(u) du giving
g(u)·u', so that two sides agree exactly when they are equal up to a constant of integration.
Names introduced in the working (u = x², v = eˣ) are replaced by what they stand for.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from calctutor.check.common import real_diff
from calctutor.check.equivalence import Equivalence, equivalent
from calctutor.check.numeric import Undefined, Unsupported, evaluate, mp_context
from calctutor.working.reading import Between, is_differential

CLOSE = 1e-12


class Undecided(ValueError):
    """A side that cannot be valued (an unknown name, a limit SymPy cannot take)."""


@dataclass(frozen=True)
class Frame:
    """What the comparisons need: the variable, the names introduced so far, the symbols."""

    base: Any
    symbols: tuple[Any, ...]
    rng: random.Random
    forward: Mapping[Any, Any] = field(default_factory=dict)  # u -> phi(x)
    inverse: tuple[Any, Any] | None = None  # (theta, psi(theta)) for x = psi(theta)

    @property
    def parameter(self) -> Any:
        """What the working's functions are functions of: x, or θ after x = ψ(θ)."""
        return self.inverse[0] if self.inverse else self.base

    def to_parameter(self) -> dict[Any, Any]:
        """x -> ψ(θ) when the working substituted for x, else nothing."""
        return {self.base: self.inverse[1]} if self.inverse else {}


def forms_in(expr: Any) -> list[Any]:
    """The working's forms in an expression: derivatives, integrals, limits, evaluations."""
    if not isinstance(expr, sympy.Basic):
        return []
    kinds = (sympy.Derivative, sympy.Integral, sympy.Limit)
    return [
        node
        for node in sympy.preorder_traversal(expr)
        if isinstance(node, kinds) or getattr(node, "func", None) == Between
    ]


def has_indefinite(expr: Any) -> bool:
    """True when an indefinite integral appears in the expression."""
    return any(isinstance(f, sympy.Integral) and not definite(f) for f in forms_in(expr))


def definite(integral: Any) -> bool:
    """True for ∫_a^b."""
    return len(integral.limits[0]) == 3


def materialize(expr: Any, frame: Frame, keep_indefinite: bool = False) -> Any:
    """The expression with its forms carried out and introduced names replaced."""
    if not isinstance(expr, sympy.Basic) or expr.is_Atom:
        return frame.forward.get(expr, expr)
    if isinstance(expr, sympy.Integral):
        return _integral(expr, frame, keep_indefinite)
    if isinstance(expr, sympy.Derivative):
        var, order = expr.variable_count[0]
        body = materialize(expr.expr, _without(frame, var), keep_indefinite)
        result = body
        for _ in range(int(order)):
            result = real_diff(_resolved(result, frame), var)
        return _bind(result, var, frame)
    if isinstance(expr, sympy.Limit):
        return _limit(expr, frame)
    if getattr(expr, "func", None) == Between:
        return _between(expr, frame)
    args = [materialize(a, frame, keep_indefinite) for a in expr.args]
    return expr.func(*args)


def _without(frame: Frame, var: Any) -> Frame:
    """The frame with one introduced name left alone (it is the variable of a form)."""
    if var not in frame.forward:
        return frame
    forward = {k: v for k, v in frame.forward.items() if k != var}
    return Frame(frame.base, frame.symbols, frame.rng, forward, frame.inverse)


def _bind(result: Any, var: Any, frame: Frame) -> Any:
    """Replace an introduced variable by what it stands for."""
    if var in frame.forward:
        return result.xreplace({var: frame.forward[var]})
    return result


def _resolved(expr: Any, frame: Frame) -> Any:
    """Indefinite integrals left in an expression, carried out by SymPy (no constant)."""
    integrals = [f for f in forms_in(expr) if isinstance(f, sympy.Integral)]
    for integral in integrals:
        done = sympy.integrate(integral.function, integral.limits[0][0])
        if done.has(sympy.Integral):
            raise Undecided("an integral in this line could not be carried out")
        expr = expr.xreplace({integral: done})
    return expr


def _integral(expr: Any, frame: Frame, keep: bool) -> Any:
    """An integral: definite ones computed, indefinite ones kept (or carried out)."""
    var = expr.limits[0][0]
    body = materialize(expr.function, _without(frame, var), keep)
    if not definite(expr):
        if keep:
            return sympy.Integral(body, var)
        return _bind(_resolved(sympy.Integral(body, var), frame), var, frame)
    lower = materialize(expr.limits[0][1], frame, keep)
    upper = materialize(expr.limits[0][2], frame, keep)
    return definite_value(_resolved(body, frame), var, lower, upper)


def definite_value(body: Any, var: Any, lower: Any, upper: Any) -> Any:
    """∫_lower^upper body d var: numerically to 30 digits, or by SymPy when symbols remain."""
    if body.free_symbols - {var} or lower.free_symbols or upper.free_symbols:
        value = sympy.integrate(body, (var, lower, upper))
        if value.has(sympy.Integral):
            raise Undecided("a definite integral in this line could not be computed")
        return value
    ctx = mp_context(30)
    try:
        ends = [_mp_bound(lower, ctx), _mp_bound(upper, ctx)]
        number = ctx.quad(lambda t: evaluate(body, {var: t}, ctx).value, ends)
    except (Undefined, Unsupported, ZeroDivisionError, ValueError):
        number = None
    if number is None or not ctx.isfinite(number):
        value = sympy.integrate(body, (var, lower, upper))
        if value.has(sympy.Integral) or value is sympy.nan:
            raise Undecided("a definite integral in this line could not be computed")
        return value
    return sympy.Float(ctx.nstr(ctx.re(number), 30), 30)


def _mp_bound(limit: Any, ctx: Any) -> Any:
    """A limit of integration as an mpmath number."""
    if limit == sympy.oo:
        return ctx.inf
    if limit == -sympy.oo:
        return -ctx.inf
    return ctx.mpf(str(sympy.N(limit, 40)))


def _limit(expr: Any, frame: Frame) -> Any:
    """A limit, taken by SymPy; undecided when it is not a plain value."""
    body = materialize(expr.args[0], _without(frame, expr.args[1]))
    direction = str(expr.args[3])
    point = materialize(expr.args[2], frame)
    value = sympy.limit(_resolved(body, frame), expr.args[1], point, direction)
    if value.has(sympy.Limit) or isinstance(value, sympy.AccumBounds):
        raise Undecided("this limit could not be taken")
    return value


def _between(expr: Any, frame: Frame) -> Any:
    """[F]_a^b = F(b) − F(a) (a limit at an infinite end)."""
    body, var, lower, upper = expr.args
    inner = materialize(body, _without(frame, var))
    ends = []
    for end in (upper, lower):
        point = materialize(end, frame)
        if point in (sympy.oo, -sympy.oo):
            ends.append(sympy.limit(inner, var, point))
        else:
            ends.append(inner.xreplace({var: point}))
    return ends[0] - ends[1]


def slope(expr: Any, frame: Frame) -> Any:
    """d/ds of a side, s the working's parameter; ∫ g(u) du contributes g(u(s))·u'(s)."""
    s = frame.parameter
    kept = materialize(expr, frame, keep_indefinite=True)
    integrals = [f for f in forms_in(kept) if isinstance(f, sympy.Integral)]
    jumps = {integral: sympy.Dummy("J") for integral in integrals}
    plain = kept.xreplace(jumps).xreplace(frame.to_parameter())
    result = real_diff(plain, s)
    for integral, jump in jumps.items():
        result += sympy.diff(plain, jump) * _rate(integral, frame)
    if result.has(*jumps.values()):
        done = {j: _resolved(i, frame) for i, j in jumps.items()}
        result = result.xreplace(done)
    return result


def _rate(integral: Any, frame: Frame) -> Any:
    """d/ds ∫ g(u) du = g(u(s))·u'(s)."""
    s = frame.parameter
    var = integral.limits[0][0]
    where = position(var, frame)
    body = integral.function.xreplace({var: where}).xreplace(frame.to_parameter())
    return body * sympy.diff(where, s)


def position(var: Any, frame: Frame) -> Any:
    """A variable as a function of the parameter: x, x = ψ(θ), or u = φ(x) = φ(ψ(θ))."""
    s = frame.parameter
    if var == s:
        return s
    if var == frame.base:
        return frame.inverse[1] if frame.inverse else s
    if var in frame.forward:
        return frame.forward[var].xreplace(frame.to_parameter())
    raise Undecided(f"{var} is not defined: say what it stands for first ({var} = …)")


def symbols_for(frame: Frame, *exprs: Any) -> list[Any]:
    """The symbols to compare over: the parameter, the problem's symbols, and the rest."""
    free: set[Any] = set()
    for e in exprs:
        free |= {s for s in e.free_symbols if not is_differential(s)}
    ordered = [frame.parameter, *frame.symbols]
    return [*dict.fromkeys([*ordered, *sorted(free - set(ordered), key=str)])]


@dataclass(frozen=True)
class Comparison:
    """Whether two sides agree, how they were compared, and their values."""

    same: bool | None
    mode: str
    left: Any = None
    right: Any = None
    found: Equivalence | None = None
    reason: str = ""


def compare(prev: Any, new: Any, frame: Frame, slope_mode: bool) -> Comparison:
    """Compare two sides by value, or by slope (up to a constant), see the module docstring."""
    mode = "slope" if slope_mode or has_indefinite(prev) or has_indefinite(new) else "value"
    try:
        if mode == "slope":
            left, right = slope(prev, frame), slope(new, frame)
        else:
            left, right = materialize(prev, frame), materialize(new, frame)
    except Undecided as error:
        return Comparison(None, mode, reason=str(error))
    same, found = _same(left, right, frame)
    return Comparison(same, mode, left, right, found)


def _same(left: Any, right: Any, frame: Frame) -> tuple[bool | None, Equivalence | None]:
    """Equal as functions, or as numbers when neither has a variable left."""
    symbols = symbols_for(frame, left, right)
    left, right = sympy.sympify(left, strict=True), sympy.sympify(right, strict=True)
    if not (left.free_symbols or right.free_symbols):
        return _numbers_equal(left, right), None
    found = equivalent(left, right, symbols, frame.rng)
    return found.result, found


def _numbers_equal(left: Any, right: Any) -> bool | None:
    """Two constants equal to 12 digits (definite integrals are computed numerically)."""
    if left == right:
        return True
    if left.has(sympy.oo, -sympy.oo, sympy.zoo) or right.has(sympy.oo, -sympy.oo, sympy.zoo):
        return bool(left == right)
    ctx = mp_context(30)
    try:
        a, b = evaluate(left, {}, ctx).value, evaluate(right, {}, ctx).value
    except (Undefined, Unsupported):
        return None
    return bool(abs(a - b) <= CLOSE * max(1, abs(a), abs(b)))


def numeric(expr: Any) -> Any:
    """The mpmath value of a constant (None when it has none)."""
    try:
        return evaluate(sympy.sympify(expr, strict=True), {}, mp_context(30)).value
    except (Undefined, Unsupported, sympy.SympifyError):
        return None


def free_of(expr: Any, symbols: Sequence[Any]) -> bool:
    """True when none of these symbols appears."""
    return not (expr.free_symbols & set(symbols))
