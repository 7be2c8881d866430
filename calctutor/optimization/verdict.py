"""What a run did, in one status and a plain sentence that says the same thing.

The statuses, checked in this order (φ is the function the optimizer really minimizes: f, or −f
with ``maximize``, plus (weight_decay/2)·‖x‖² for the methods whose weight decay is L2):

- ``stopped``: a step left the domain of f.
- ``diverged``: the numbers overflowed; or, on a quadratic with SGD, a mode of positive
  curvature provably grows (the learning rate is past the stability limit); or over the last
  steps φ went up while the gradient grew geometrically.
- ``unbounded``: φ has no minimum where the run is going: on a quadratic, a mode of negative
  curvature or a slope without curvature; otherwise φ kept falling over the last steps and keeps
  falling far along the direction of travel (without bound, or towards a value it never reaches).
- ``converged``: to a local minimum of φ. The last step and the Newton distance ‖H⁺∇φ‖ are below
  ``tol`` times the problem's length scale L (the size of the start, the end and the path), H has
  no negative curvature, and no probe around the point finds lower φ.
- ``plateau``: not a minimum, and the gradient is tiny: φ falls by far more than ‖∇φ‖·L within a
  distance L (a flat region, a saddle, a maximum).
- ``running``: none of these; the point is still moving.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from calctutor.optimization.stability import Quadratic, analyse, decay_sign
from calctutor.optimization.symmetric import eigen

Vector = tuple[float, ...]
TOL = 1e-6
PLATEAU = 1e-4
WINDOW = 10


@dataclass(frozen=True)
class Outcome:
    """The verdict: one status, the sentence that explains it, and the step it refers to."""

    status: str
    text: str
    step: int | None = None


def _norm(v: Sequence[float]) -> float:
    """The Euclidean norm."""
    return math.sqrt(math.fsum(c * c for c in v))


def _fmt(v: Sequence[float]) -> str:
    """A point with 6 significant digits per coordinate."""
    return "(" + ", ".join(f"{c:.6g}" for c in v) + ")"


@dataclass(frozen=True)
class _Phi:
    """φ = sign·f + (decay/2)·‖x‖², evaluated through the compiled objective."""

    obj: Any
    sign: float
    decay: float

    def value(self, p: Vector) -> float | None:
        """φ at p, or None outside the domain or on overflow."""
        try:
            v = self.sign * self.obj.value(p) + self.decay / 2 * math.fsum(c * c for c in p)
        except (ValueError, OverflowError, ZeroDivisionError):
            return None
        return v if math.isfinite(v) else None

    def gradient(self, p: Vector) -> Vector:
        """∇φ at p."""
        g = self.obj.gradient(p)
        return tuple(self.sign * gi + self.decay * pi for gi, pi in zip(g, p, strict=True))


def judge_trace(obj: Any, trace: Any) -> Outcome:
    """The verdict on a finished run of ``trace.optimizer`` on the compiled objective."""
    sign, decay = decay_sign(trace.optimizer)
    phi = _Phi(obj, sign, decay)
    if trace.stop is not None:
        return _stopped(trace, phi)
    quadratic = analyse(obj.expr, obj.variables, trace.optimizer, phi.gradient(trace.points[0]))
    ctx = _Context(trace, phi, quadratic)
    for rule in (_provably_diverged, _growing, _provably_unbounded, _converged, _plateau,
                 _escaping):  # fmt: skip
        outcome = rule(ctx)
        if outcome is not None:
            return outcome
    return _running(ctx)


@dataclass(frozen=True)
class _Context:
    """A finished run with φ and the quadratic analysis (None when f is not quadratic)."""

    trace: Any
    phi: _Phi
    quadratic: Quadratic | None

    @property
    def steps(self) -> int:
        """Steps taken."""
        return len(self.trace.iterations)

    @property
    def final(self) -> Vector:
        """The last point."""
        return tuple(self.trace.final)

    def length(self) -> float:
        """The problem's length scale: the size of the start, the end and the path (1 if all 0)."""
        p0, p = self.trace.points[0], self.final
        scale = max(_norm(p0), _norm(p), _norm([a - b for a, b in zip(p, p0, strict=True)]))
        return scale if scale > 0 else 1.0

    def values(self) -> list[float]:
        """φ at every point of the run."""
        out = [self.phi.value(tuple(p)) for p in self.trace.points]
        return [v if v is not None else math.nan for v in out]

    def last_step(self) -> float:
        """How far the last update moved the point."""
        if self.steps == 0:
            return 0.0
        it = self.trace.iterations[-1]
        return _norm([a - b for a, b in zip(it.new_point, it.point, strict=True)])

    def next_step(self) -> float:
        """How far the optimizer's next update would move the point (inf if unknown)."""
        from calctutor.optimization.trace import next_move

        move = next_move(self.phi.obj, self.trace)
        if move is None:
            return math.inf
        return _norm([a - b for a, b in zip(move.new_point, self.final, strict=True)])

    def minimum_word(self) -> str:
        """'minimum' or 'maximum' of f, or of f with the weight-decay term the method adds."""
        word = "maximum" if self.phi.sign < 0 else "minimum"
        if self.phi.decay:
            sign = "-" if self.phi.sign < 0 else "+"
            return f"{word} of f {sign} {self.phi.decay / 2:g}·‖x‖² (weight decay adds this term)"
        return word


def _stopped(trace: Any, phi: _Phi) -> Outcome:
    """A run that ended early: a domain exit is a stop; an overflow is divergence, unless φ was
    falling all along (then f runs off to infinity in the direction the run wants)."""
    stop = trace.stop
    if stop.kind == "domain":
        return Outcome("stopped", f"Stopped: step {stop.step} left the domain of f, at "
                       f"{_fmt(stop.point)}; f is not defined there.", stop.step)  # fmt: skip
    values = [phi.value(tuple(p)) for p in trace.points[-WINDOW:]]
    falling = len(values) >= 3 and all(
        a is not None and b is not None and b < a for a, b in itertools.pairwise(values)
    )
    if falling:
        verb = "increases" if phi.sign < 0 else "decreases"
        return Outcome("unbounded", f"Unbounded: f {verb} without bound along the run; the "
                       f"numbers overflowed at step {stop.step}.", stop.step)  # fmt: skip
    return Outcome("diverged", f"Diverged: the numbers overflowed at step {stop.step}.",
                   stop.step)  # fmt: skip


def _provably_diverged(ctx: _Context) -> Outcome | None:
    """A quadratic whose SGD iteration has an excited growing mode of positive curvature."""
    q = ctx.quadratic
    if q is None or not q.unstable():
        return None
    mode = max(q.unstable(), key=lambda m: m.factor or 0.0)
    lr = ctx.trace.optimizer.lr
    limit = f" is above the stability limit {q.limit:.6g}" if q.limit is not None else ""
    return Outcome("diverged", (
        f"Diverged: on this quadratic lr = {lr:g}{limit}, so every step multiplies the error "
        f"along {_fmt(mode.direction)} (curvature {mode.curvature:.6g}) by {mode.factor:.6g} in "
        f"size; after {ctx.steps} steps the point is {_fmt(ctx.final)}."
        + (f" A learning rate below {q.limit:.6g} converges." if q.limit is not None else "")
    ))  # fmt: skip


def _growing(ctx: _Context) -> Outcome | None:
    """φ went up over the last steps while the gradient norm grew geometrically."""
    n = min(WINDOW, ctx.steps)
    if n < 4:
        return None
    values, norms = ctx.values(), ctx.trace.grad_norms
    first, last = norms[-1 - n], norms[-1]
    ratios = [norms[i] / norms[i - 1] for i in range(len(norms) - n, len(norms)) if norms[i - 1]]
    rising = sum(r > 1 for r in ratios) >= 0.8 * n
    if not (values[-1] > values[-1 - n] and first > 0 and last >= 4 * first and rising):
        return None
    factor = (last / first) ** (1 / n)
    return Outcome("diverged", (
        f"Diverged: over the last {n} steps the gradient norm grew ×{factor:.3g} a step (to "
        f"{last:.3g}) while f moved away from its {ctx.minimum_word()}; a smaller lr helps."
    ))  # fmt: skip


def _provably_unbounded(ctx: _Context) -> Outcome | None:
    """A quadratic with an excited direction of no minimum, and a run going downhill."""
    q = ctx.quadratic
    values = ctx.values()
    if q is None or not q.unbounded() or not values[-1] < values[0]:
        return None
    mode = q.unbounded()[0]
    kind = "negative curvature" if mode.curvature < 0 else "a constant slope and no curvature"
    return Outcome("unbounded", (
        f"Unbounded: there is no {ctx.minimum_word()}. Along {_fmt(mode.direction)} it has {kind}, "
        f"so f {'increases' if ctx.phi.sign < 0 else 'decreases'} without bound; after "
        f"{ctx.steps} steps the point is {_fmt(ctx.final)} and f = {ctx.trace.values[-1]:.6g}."
    ))  # fmt: skip


def _directions(n: int, extra: Sequence[Vector]) -> list[Vector]:
    """Probe directions: the axes, the diagonals (up to 4 variables) and the given ones."""
    out: list[Vector] = []
    for i in range(n):
        axis = tuple(1.0 if j == i else 0.0 for j in range(n))
        out += [axis, tuple(-c for c in axis)]
    if 1 < n <= 4:
        for mask in range(2**n):
            signs = [(-1.0 if mask >> j & 1 else 1.0) / math.sqrt(n) for j in range(n)]
            out.append(tuple(signs))
    for v in extra:
        size = _norm(v)
        if size > 0 and math.isfinite(size):
            out += [tuple(c / size for c in v), tuple(-c / size for c in v)]
    return out


def _lowest(ctx: _Context, radius: float) -> tuple[float, Vector] | None:
    """The largest drop of φ among probes at this distance from the end, and where it is."""
    p = ctx.final
    here = ctx.phi.value(p)
    if here is None:
        return None
    away = tuple(a - b for a, b in zip(p, ctx.trace.points[0], strict=True))
    extra: list[Vector] = [ctx.phi.gradient(p), p, away]
    best: tuple[float, Vector] | None = None
    for u in _directions(len(p), extra):
        q = tuple(a + radius * b for a, b in zip(p, u, strict=True))
        value = ctx.phi.value(q)
        if value is not None and (best is None or here - value > best[0]):
            best = (here - value, q)
    return best


def _noise(ctx: _Context) -> float:
    """How much φ may differ between nearby points by rounding alone."""
    values = [abs(v) for v in ctx.values() if math.isfinite(v)]
    return 1e-12 * max(values, default=1.0)


def _newton_distance(ctx: _Context, hessian: list[tuple[float, Vector]], g: Vector) -> float:
    """‖H⁺g‖, with a flat direction that still has a slope counting as infinitely far."""
    biggest = max((abs(lam) for lam, _ in hessian), default=0.0)
    scale = max(ctx.trace.grad_norms)
    total = 0.0
    for lam, vec in hessian:
        along = sum(a * b for a, b in zip(vec, g, strict=True))
        if abs(lam) <= 1e-12 * biggest or lam == 0:
            if abs(along) > TOL * scale:
                return math.inf
            continue
        total += (along / lam) ** 2
    return math.sqrt(total)


def _converged(ctx: _Context) -> Outcome | None:
    """At a local minimum of φ: tiny last step and Newton distance, no descent anywhere near."""
    length, p = ctx.length(), ctx.final
    hessian = _hessian_at(ctx, p)
    if hessian is None or ctx.next_step() > TOL * length:
        return None
    g = ctx.phi.gradient(p)
    biggest = max((abs(lam) for lam, _ in hessian), default=0.0)
    if hessian[0][0] < -1e-9 * biggest or _newton_distance(ctx, hessian, g) > TOL * length:
        return None
    noise = _noise(ctx)
    for radius in (1e-3 * length, 1e-2 * length):
        drop = _lowest(ctx, radius)
        if drop is not None and drop[0] > noise:
            return None
    at = _settled_step(ctx, TOL * length)
    return Outcome("converged", (
        f"Converged to a local {ctx.minimum_word()} at step {at}: the point {_fmt(p)}, "
        f"f = {ctx.trace.values[-1]:.6g}, gradient norm {ctx.trace.grad_norms[-1]:.3g}."
    ), at)  # fmt: skip


def _settled_step(ctx: _Context, within: float) -> int:
    """The first step from which every point stays within ``within`` of the last one."""
    p, at = ctx.final, len(ctx.trace.points) - 1
    while at > 0:
        q = ctx.trace.points[at - 1]
        if _norm([a - b for a, b in zip(p, q, strict=True)]) > within:
            break
        at -= 1
    return at


def _plateau(ctx: _Context) -> Outcome | None:
    """A tiny gradient at a point that is not a minimum: φ is much lower a distance L away."""
    length, p = ctx.length(), ctx.final
    g = _norm(ctx.phi.gradient(p))
    drop = _lowest(ctx, length)
    if drop is None or drop[0] <= _noise(ctx) or g * length > PLATEAU * drop[0]:
        return None
    where = "the gradient is 0" if g == 0 else f"the gradient is tiny ({g:.3g})"
    return Outcome("plateau", (
        f"Plateau: {where} at {_fmt(p)}, but this is not a {ctx.minimum_word()}: f is "
        f"{drop[0]:.3g} {'higher' if ctx.phi.sign < 0 else 'lower'} at {_fmt(drop[1])}. "
        f"Steps here are too small to get anywhere."
    ))  # fmt: skip


def _escaping(ctx: _Context) -> Outcome | None:
    """φ fell over the last steps and keeps falling far along the direction of travel."""
    n = min(WINDOW, ctx.steps)
    values, points = ctx.values(), ctx.trace.points
    if n < 2 or not values[-1] < values[-1 - n]:
        return None
    p, before = ctx.final, tuple(points[-1 - n])
    heading = [a - b for a, b in zip(p, before, strict=True)]
    size = _norm(heading)
    if size == 0:
        return None
    u = tuple(c / size for c in heading)
    ray = _ray(ctx.phi.value, p, u, ctx.length())
    if ray is None:
        return None
    where = "without bound" if ray[1] else f"towards {ray[0]:.6g}, a value it never reaches"
    verb = "increases" if ctx.phi.sign < 0 else "decreases"
    return Outcome("unbounded", (
        f"Unbounded: there is no {ctx.minimum_word()} where the run is going: along "
        f"{_fmt(u)} it {verb} {where}, and the point ({_fmt(p)} after {ctx.steps} steps) "
        f"follows it off to infinity."
    ))  # fmt: skip


def _ray(
    value: Callable[[Vector], float | None], p: Vector, u: Vector, length: float
) -> tuple[float, bool] | None:
    """(the last φ, whether it falls without bound) when φ keeps falling along p + s·u."""
    here = value(p)
    if here is None:
        return None
    seen = [here]
    for k in range(60):
        v = value(tuple(a + length * 2.0**k * b for a, b in zip(p, u, strict=True)))
        if v is None:
            break
        if v == seen[-1] and len(seen) >= 6:
            break  # the values have reached the limit of floating point (exp(-x) underflows)
        if not v < seen[-1]:
            return None
        seen.append(v)
    if len(seen) < 6:
        return None
    drops = [a - b for a, b in itertools.pairwise(seen)]
    return seen[-1], drops[-1] >= 0.5 * drops[-2]


def _running(ctx: _Context) -> Outcome:
    """Still moving; on a quadratic with SGD, how fast it is closing in."""
    text = (f"Still running after {ctx.steps} steps: the last step moved the point by "
            f"{ctx.last_step():.3g} (it is now {_fmt(ctx.final)}) and the gradient norm is "
            f"{ctx.trace.grad_norms[-1]:.3g}.")  # fmt: skip
    q = ctx.quadratic
    rate = q.rate() if q is not None else None
    if ctx.trace.optimizer.lr == 0:
        text = "The learning rate is 0: the point never moves."
    elif rate is not None and rate < 1:
        text += (f" It is converging: on this quadratic every step shrinks the distance to the "
                 f"{ctx.minimum_word()} by a factor of about {rate:.4g}.")  # fmt: skip
    elif rate is not None:
        text += (" lr is exactly at the stability limit: the error oscillates without "
                 "shrinking or growing.")  # fmt: skip
    return Outcome("running", text)


def _hessian_at(ctx: _Context, p: Vector) -> list[tuple[float, Vector]] | None:
    """The eigenpairs of φ's Hessian at p (None when it cannot be evaluated there)."""
    from calctutor.expr.functions import elementary
    from calctutor.optimization.trace import FLOAT_MODULES

    obj = ctx.phi.obj
    real = tuple(sympy.Symbol(v.name, real=True) for v in obj.variables)
    f = obj.expr.xreplace(dict(zip(obj.variables, real, strict=True)))
    try:
        entries = [[elementary(e) for e in row] for row in sympy.hessian(f, real).tolist()]
        matrix = sympy.lambdify(real, entries, modules=FLOAT_MODULES)(*p)
        rows = [[ctx.phi.sign * float(matrix[i][j]) + (ctx.phi.decay if i == j else 0.0)
                 for j in range(len(p))] for i in range(len(p))]  # fmt: skip
    except (TypeError, ValueError, OverflowError, ZeroDivisionError, NameError):
        return None
    if not all(math.isfinite(c) for row in rows for c in row):
        return None
    return eigen(rows)
