"""ODE answers that hold on an interval, and implicit answers F(x, y) = C.

A solution need not hold on the whole real line: y = (x + C)² solves y′ = 2√y where x + C ≥ 0,
and that is the textbook answer. An answer counts as a solution when, for every value of its
constants in an open set, the residual vanishes on an open interval of x. This is decided by
evaluating the residual at 30 digits on a fine grid of x for several draws of the constants (all
positive, or all negative): a run of consecutive grid points where it vanishes is an interval.
The message names the interval by the sign of the expression inside |…| or √ there.

An implicit answer F(x, y) = C of a first-order equation is a solution when implicit
differentiation, y′ = −F_x / F_y, turns the equation into an identity in x and y (the constant
solved for first); with an initial condition and no constant, the curve must pass through the
point and satisfy the equation along it near the point (followed by Newton's method).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from calctutor.check.common import real_diff, show
from calctutor.check.numeric import Undefined, Unsupported, evaluate, mp_context

GRID = tuple(sympy.Rational(k, 20) for k in range(-120, 121))
RUN = 8
DRAWS = 3
ZERO = 1e-20
STEP = 0.02


@dataclass(frozen=True)
class Interval:
    """Where the answer solves the equation: words such as 'x + C > 0' (empty when unknown)."""

    words: str


def holds_on_interval(
    residual: Any, x: Any, others: Sequence[Any], rng: random.Random
) -> Interval | None:
    """An Interval when the residual vanishes on an open interval of x for an open set of the
    other symbols (constants and parameters); None otherwise."""
    for sign in (1, -1):
        draws = [
            {s: sign * rng.uniform(0.3, 1.7) for s in others} for _ in range(DRAWS if others else 1)
        ]
        runs = [_zero_run(residual, x, draw) for draw in draws]
        if all(r is not None for r in runs):
            return Interval(_words(residual, x, draws, runs))
    return None


def _zero_run(residual: Any, x: Any, values: dict[Any, float]) -> list[Any] | None:
    """The longest run of grid points where the residual vanishes (at least RUN long), or None."""
    ctx = mp_context(30)
    point = {s: ctx.mpc(v) for s, v in values.items()}
    best: list[Any] = []
    run: list[Any] = []
    for t in GRID:
        point[x] = ctx.mpc(int(t.p)) / int(t.q)
        if _vanishes(residual, point, ctx):
            run.append(t)
            best = run if len(run) > len(best) else best
        else:
            run = []
    return best if len(best) >= RUN else None


def vanishes_beside(residual: Any, x: Any, x0: Any) -> bool:
    """The residual (no constants left) vanishes just right or just left of x0."""
    ctx = mp_context(30)
    start = ctx.mpf(str(sympy.N(x0, 40)))
    for side in (1, -1):
        points = [{x: ctx.mpc(start + side * k * ctx.mpf(STEP) / 2)} for k in range(1, RUN + 1)]
        if all(_vanishes(residual, p, ctx) for p in points):
            return True
    return False


def _vanishes(expr: Any, point: dict[Any, Any], ctx: Any) -> bool:
    """The expression is defined, real on a real path, and zero against its scale."""
    try:
        value = evaluate(expr, point, ctx)
    except (Undefined, Unsupported):
        return False
    return bool(value.real_path and abs(value.value) <= ZERO * value.scale)


def _words(
    residual: Any, x: Any, draws: list[dict[Any, float]], runs: list[list[Any] | None]
) -> str:
    """'x + C > 0' when one |u| or sign(u) has one sign on every run, else ''."""
    ctx = mp_context(30)
    inner = [a.args[0] for a in residual.atoms(sympy.Abs, sympy.sign)]
    for u in sorted(inner, key=sympy.default_sort_key):
        signs = set()
        for draw, run in zip(draws, runs, strict=True):
            for t in run or ():
                point = {s: ctx.mpc(v) for s, v in draw.items()}
                point[x] = ctx.mpc(float(t))
                try:
                    value = evaluate(u, point, ctx).value
                except (Undefined, Unsupported):
                    continue
                if abs(value) > 1e-20:
                    signs.add(1 if ctx.re(value) > 0 else -1)
        if len(signs) == 1:
            return f"{show(u)} {'>' if signs == {1} else '<'} 0"
    return ""


def as_real(expr: Any, symbols: Sequence[Any]) -> tuple[Any, dict[Any, Any]]:
    """The expression over real symbols (so √(u²) is |u|), and the way back."""
    real = {s: sympy.Symbol(s.name, real=True) for s in symbols}
    return expr.xreplace(real), {v: k for k, v in real.items()}


@dataclass(frozen=True)
class Implicit:
    """An implicit answer F(x, y) = 0 with y as a plain symbol; ``constant`` the one it has."""

    curve: Any
    y: Any
    constant: Any


def implicit_slope(curve: Any, x: Any, y: Any) -> Any:
    """y′ = −F_x / F_y by implicit differentiation (|u| differentiated as sign(u)·u′)."""
    return -real_diff(curve, x) / real_diff(curve, y)


def family_residual(ode_residual: Any, func: Any, answer: Implicit, x: Any) -> Any | None:
    """The equation with y′ from the level sets C = G(x, y); None when C cannot be isolated."""
    try:
        solved = sympy.solve(answer.curve, answer.constant)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if not solved:
        return None
    level = solved[0]
    slope = -real_diff(level, x) / real_diff(level, answer.y)
    return _with_slope(ode_residual, func, x, answer.y, slope)


def _with_slope(ode_residual: Any, func: Any, x: Any, y: Any, slope: Any) -> Any:
    """The first-order residual with y(x) → y and y′ → slope."""
    swap = {sympy.Derivative(func(x), x): slope, func(x): y}
    return ode_residual.xreplace(swap)


def holds_along_curve(
    ode_residual: Any, func: Any, answer: Implicit, x: Any, start: tuple[Any, Any]
) -> bool | None:
    """Follow F(x, y) = 0 from ``start`` both ways; the equation must hold at every point.

    None when the curve cannot be followed (F_y = 0 at the start, Newton fails at once).
    """
    ctx = mp_context(30)
    residual = _with_slope(
        ode_residual, func, x, answer.y, implicit_slope(answer.curve, x, answer.y)
    )
    x0, y0 = (ctx.mpf(str(sympy.N(v, 40))) for v in start)
    followed = 0
    for direction in (1, -1):
        y_now = y0
        for k in range(1, 6):
            x_now = x0 + direction * k * ctx.mpf(STEP)
            y_now = _newton(answer, x, x_now, y_now, ctx)
            if y_now is None:
                break
            point = {x: ctx.mpc(x_now), answer.y: ctx.mpc(y_now)}
            try:
                value = evaluate(residual, point, ctx)
            except (Undefined, Unsupported):
                break
            if abs(value.value) > 1e-15 * value.scale:
                return False
            followed += 1
    return True if followed >= 5 else None


def _newton(answer: Implicit, x: Any, x_now: Any, guess: Any, ctx: Any) -> Any | None:
    """The y near ``guess`` with F(x_now, y) = 0, or None."""

    def f(y_value: Any) -> Any:
        """F at (x_now, y)."""
        return evaluate(answer.curve, {x: ctx.mpc(x_now), answer.y: ctx.mpc(y_value)}, ctx).value

    try:
        root = ctx.findroot(f, guess)
    except (ValueError, ZeroDivisionError, Undefined, Unsupported):
        return None
    if abs(ctx.im(root)) > 1e-20 or abs(root - guess) > 1:
        return None
    return ctx.re(root)
