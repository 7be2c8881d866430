"""Why a line is not equal to the line before: the final-answer checker's diagnosis, per step.

When one form was carried out wrongly, what the student claims that form is worth is isolated
(the line before is linear in it) and handed to ``calctutor.check.mistakes``: a missing chain
factor, a sign, a power rule off by one, a lost 1/k. Other checks are specific to the working:
the sign of ∫ v du in integration by parts, limits not changed in a substitution, F(a) − F(b).
Otherwise the sign or a constant factor between the sides is named, and where it is cheap a
point where the two sides differ is shown.
"""

from __future__ import annotations

from typing import Any

import sympy

from calctutor.check.common import difference, show
from calctutor.check.mistakes import (
    constant_ratio,
    diagnose_antiderivative,
    diagnose_derivative,
)
from calctutor.working.reading import Between
from calctutor.working.rules import outermost
from calctutor.working.values import (
    Comparison,
    Frame,
    Undecided,
    compare,
    definite,
    has_indefinite,
    materialize,
    slope,
    symbols_for,
)


def diagnose(prev: Any, new: Any, frame: Frame, found: Comparison) -> str:
    """A sentence saying what went wrong between ``prev`` and ``new``."""
    for finder in (_derivative_step, _integral_step, _parts_sign, _limits_kept, _reversed_ends):
        try:
            message = finder(prev, new, frame, found)
        except (Undecided, ValueError, TypeError, ArithmeticError, NotImplementedError):
            message = ""
        if message:
            return message
    return _generic(found, frame)


def _isolated(prev: Any, new: Any, form: Any, frame: Frame, keep: bool) -> Any:
    """What the line claims ``form`` is worth, when the line before is linear in it."""
    z = sympy.Dummy("z")
    before = prev.xreplace({form: z})
    if keep and has_indefinite(before) != has_indefinite(new):
        return None
    before = materialize(before, frame, keep_indefinite=keep)
    k = sympy.diff(before, z)
    if k == 0 or k.has(z) or k.free_symbols & {frame.base}:
        return None
    claimed = (materialize(new, frame, keep_indefinite=keep) - before.subs(z, 0)) / k
    return None if has_indefinite(claimed) else sympy.expand(claimed)


def _derivative_step(prev: Any, new: Any, frame: Frame, found: Comparison) -> str:
    """The derivative mistake behind a derivative carried out wrongly."""
    forms = [
        f for f in outermost(prev) if isinstance(f, sympy.Derivative) and f not in outermost(new)
    ]
    for form in forms:
        claimed = _isolated(prev, new, form, frame, keep=False)
        if claimed is None:
            continue
        g, x = materialize(form.expr, frame), form.variables[0]
        found_mistake = diagnose_derivative(
            g, x, claimed, symbols_for(frame, g, claimed), frame.rng
        )
        if found_mistake is not None:
            return f"In d/d{x} ({show(g)}): {found_mistake.message}"
    return ""


def _integral_step(prev: Any, new: Any, frame: Frame, found: Comparison) -> str:
    """The antiderivative mistake behind an integral carried out wrongly."""
    forms = [
        f
        for f in outermost(prev)
        if isinstance(f, sympy.Integral) and not definite(f) and f not in outermost(new)
    ]
    for form in forms:
        x = form.limits[0][0]
        if x != frame.parameter:
            continue
        claimed = _isolated(prev, new, form, frame, keep=True)
        if claimed is None:
            continue
        f = materialize(form.function, frame)
        constants = sorted(claimed.free_symbols - {x} - set(frame.symbols), key=str)
        symbols = symbols_for(frame, f, claimed)
        mistake = diagnose_antiderivative(
            f, x, claimed, slope(claimed, frame), constants, symbols, frame.rng
        )
        if mistake is not None:
            return f"In ∫ {show(f)} d{x}: {mistake.message}"
    return ""


def _parts_sign(prev: Any, new: Any, frame: Frame, found: Comparison) -> str:
    """uv + ∫ v du instead of uv − ∫ v du."""
    integrals = [f for f in outermost(new) if isinstance(f, sympy.Integral) and not definite(f)]
    if not integrals or not isinstance(new, sympy.Add):
        return ""
    flipped = new.xreplace({i: -i for i in integrals})
    if compare(prev, flipped, frame, True).same:
        return (
            "Sign error: integration by parts gives ∫ u dv = uv − ∫ v du (a minus before ∫ v du)."
        )
    return ""


def _limits_kept(prev: Any, new: Any, frame: Frame, found: Comparison) -> str:
    """A substitution in a definite integral that kept the old limits."""
    old = [f for f in outermost(prev) if isinstance(f, sympy.Integral) and definite(f)]
    fresh = [f for f in outermost(new) if isinstance(f, sympy.Integral) and definite(f)]
    for before in old:
        for after in fresh:
            var = after.limits[0][0]
            kept = after.limits[0][1:] == before.limits[0][1:]
            if var != before.limits[0][0] and var in frame.forward and kept:
                phi = frame.forward[var]
                x = before.limits[0][0]
                lo, hi = (phi.subs(x, end) for end in before.limits[0][1:])
                return (
                    f"The limits must change with the variable: with {var} = {show(phi)}, "
                    f"{x} from {show(before.limits[0][1])} to {show(before.limits[0][2])} "
                    f"means {var} from {show(lo)} to {show(hi)}."
                )
    return ""


def _reversed_ends(prev: Any, new: Any, frame: Frame, found: Comparison) -> str:
    """F(a) − F(b) instead of F(b) − F(a)."""
    if not any(getattr(f, "func", None) == Between for f in outermost(prev)):
        return ""
    if found.mode == "value" and compare(prev, -new, frame, False).same:
        return "Sign error: [F]_a^b is F(b) − F(a), the upper limit first."
    return ""


def _generic(found: Comparison, frame: Frame) -> str:
    """A sign or constant factor between the sides, and a point where they differ."""
    if found.left is None or found.right is None:
        return "This line is not equal to the line before."
    symbols = symbols_for(frame, found.left, found.right)
    what = "the derivative of" if found.mode == "slope" else ""
    lead = "This line is not equal to the line before"
    if found.mode == "slope":
        lead += " (not even up to a constant)"
    try:
        ratio = constant_ratio(found.right, found.left, symbols, frame.rng)
    except (ValueError, TypeError, ArithmeticError):
        ratio = None
    if ratio == -1:
        lead += ": a sign error, it is minus the line before"
    elif ratio is not None:
        lead += f": a constant factor is off, it is {show(ratio)} times the line before"
    opening = f"{what} this line gives".strip()
    label = f"{what} the line before gives".strip()
    hint = difference(found.right, found.left, symbols, label, opening)
    return f"{lead}. {hint}".strip()
