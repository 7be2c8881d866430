"""Pieces every kind of check shares: reading the answer, showing it, pointing at a difference."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy

from calctutor.check.numeric import Undefined, Unsupported, evaluate, mp_context
from calctutor.check.verdict import Verdict
from calctutor.expr import ParseContext, ParseError, parse_answer
from calctutor.sets.model import Problem
from calctutor.sets.reading import answer_context

NICE_VALUES = (1, 2, -1, 3, sympy.Rational(1, 2), -2, 0, 4, -3)


@dataclass(frozen=True)
class Diagnosis:
    """A recognised mistake: a machine-readable note and a sentence for the student."""

    note: str
    message: str


def show(value: Any) -> str:
    """An expression, vector or equation as a textbook prints it inline: 5(2x + 1)⁴, (0, 0)."""
    from calctutor.notation.unicode import inline

    return inline(value)


def read_answer(
    problem: Problem, text: str, context: ParseContext | None = None, *, infinite: bool = False
) -> Any:
    """The student's answer, read strictly in the problem's context (ParseError otherwise).

    An infinite or undefined value (oo, 1/0 folded to zoo, log 0) is refused unless
    ``infinite`` allows it (the value of a divergent integral).
    """
    answer = parse_answer(text, context or answer_context(problem))
    parts = answer if isinstance(answer, tuple) else (answer,)
    for part in parts:
        if _infinite(part) and not (infinite and part in (sympy.oo, -sympy.oo)):
            raise ParseError("the answer is infinite or undefined", None, text)
    return answer


def read_vector(problem: Problem, text: str, size: int) -> Any:
    """A vector answer: (a, b), [a, b], a row [[a, b]] or a column [[a], [b]] alike.

    A matrix of another shape is refused with a message naming the shape expected.
    """
    from dataclasses import replace

    context = answer_context(problem)
    try:
        return read_answer(problem, text, context)
    except ParseError as error:
        try:
            matrix = read_answer(problem, text, replace(context, expect="matrix"))
        except ParseError:
            raise error from None
    rows, cols = matrix.shape
    if 1 in (rows, cols):
        return tuple(matrix)
    raise ParseError(
        f"expected a vector of {size} components such as (a, b) (a row [[a, b]] or a column "
        f"[[a], [b]] is read as one), not a {rows}×{cols} matrix",
        None,
        text,
    )


def _infinite(part: Any) -> bool:
    """True when a parsed part contains oo, zoo or nan."""
    if isinstance(part, tuple):
        return any(_infinite(p) for p in part)
    if not isinstance(part, sympy.Basic):
        return False
    return bool(part.has(sympy.oo, -sympy.oo, sympy.zoo, sympy.nan))


def invalid(error: ParseError) -> Verdict:
    """The verdict for an answer that could not be read."""
    return Verdict(
        "invalid",
        f"Your answer could not be read: {error.message}.",
        notes=("unreadable",),
        position=error.position,
    )


def undecided(read_as: str, reason: str = "") -> Verdict:
    """The verdict when equivalence could not be decided (``reason`` is Equivalence.how)."""
    why = {
        "unsupported": "it contains something that cannot be evaluated",
        "undefined": "no point was found where both are defined",
    }.get(reason, reason)
    extra = f" ({why})" if why else ""
    return Verdict(
        "unknown",
        f"Your answer could not be compared with the expected one{extra}; ask your teacher to "
        "look at it.",
        notes=("undecided",),
        read_as=read_as,
    )


def number_text(value: Any, digits: int = 6) -> str:
    """A computed value as short text: whole numbers exactly, others to ``digits`` digits."""
    real, imag = mpmath.re(value), mpmath.im(value)
    if abs(imag) > 1e-25 * max(1, abs(real)):
        return str(mpmath.nstr(value, digits))
    nearest = mpmath.nint(real)
    if abs(real - nearest) < 1e-25 * max(1, abs(real)) and abs(nearest) < 1e15:
        return str(int(nearest))
    for shown in range(digits, 16):  # a short decimal such as 2.000001 is shown in full
        text = str(mpmath.nstr(real, shown))
        if abs(mp_context(30).mpf(text) - real) < 1e-25 * abs(real):
            return text
    return str(mpmath.nstr(real, digits))


def _distinct_texts(mine: Any, right: Any) -> tuple[str, str]:
    """Both values as text, with enough digits that the two texts differ."""
    for digits in (6, 10, 15, 20, 25):
        texts = number_text(mine, digits), number_text(right, digits)
        if texts[0] != texts[1]:
            break
    return texts


def point_text(point: Mapping[Any, Any]) -> str:
    """x = 1, y = 2."""
    return ", ".join(f"{name} = {show(value)}" for name, value in point.items())


def difference(
    answer: Any,
    target: Any,
    symbols: Sequence[Any],
    label: str,
    opening: str = "your answer gives",
) -> str:
    """'At x = 1 your answer gives 3, the derivative is 2.' at a simple point, or ''.

    ``label`` introduces the right value ("the derivative is"), ``opening`` the answer's.
    """
    found = _first_difference(answer, target, symbols)
    if found is None:
        return ""
    point, mine, right = found
    where = f"at {point_text(dict(point))} " if symbols else ""
    mine_text, right_text = _distinct_texts(mine.value, right.value)
    sentence = f"{where}{opening} {mine_text}, {label} {right_text}."
    return sentence[0].upper() + sentence[1:]


def how_off(answer: Any, target: Any, symbols: Sequence[Any]) -> str:
    """'At x = 1 your answer gives 3, which is too big.' — the student's value, never the target's.

    For a constant: 'Your value is too big.' ('' when no simple point shows a difference).
    """
    found = _first_difference(answer, target, symbols)
    if found is None:
        return ""
    point, mine, right = found
    ctx = mp_context(60)
    way = "too big" if ctx.re(mine.value) > ctx.re(right.value) else "too small"
    if ctx.re(mine.value) * ctx.re(right.value) < 0:
        way = "of the wrong sign"
    if not symbols:
        return f"Your value is {way}."
    return f"At {point_text(dict(point))} your answer gives {number_text(mine.value, 10)}, {way}."


def _first_difference(
    answer: Any, target: Any, symbols: Sequence[Any]
) -> tuple[Any, Any, Any] | None:
    """(point, the answer's value, the target's) where they first plainly differ, or None."""
    ctx = mp_context(60)
    for point in _nice_points(symbols):
        try:
            mine, right = _stable(answer, point), _stable(target, point)
        except (Undefined, Unsupported):
            continue
        if _plainly_real_and_different(mine.value, right.value, ctx):
            return point, mine, right
    return None


def _stable(expr: Any, point: tuple[tuple[Any, Any], ...]) -> Any:
    """The value at an exact point at 60 digits, confirmed at 90 (Undefined when they differ).

    Cancellation can eat the digits of a low precision; a value shown must be true.
    """
    results = []
    for digits in (60, 90):
        ctx = mp_context(digits)
        values = {s: ctx.mpc(sympy.Rational(v).p) / int(sympy.Rational(v).q) for s, v in point}
        results.append(evaluate(expr, values, ctx))
    low, high = results
    if abs(low.value - high.value) > mpmath.mpf(10) ** -40 * max(1, abs(high.value)):
        raise Undefined("the value depends on the precision")
    return low


def _plainly_real_and_different(mine: Any, right: Any, ctx: Any) -> bool:
    """Both values real, and different well beyond rounding."""
    scale = max(abs(mine), abs(right), 1)
    if abs(ctx.im(mine)) > 1e-20 * scale or abs(ctx.im(right)) > 1e-20 * scale:
        return False
    return bool(abs(mine - right) > 1e-9 * scale)


def _nice_points(symbols: Sequence[Any]) -> Iterator[tuple[tuple[Any, Any], ...]]:
    """Simple points to show a difference at: x = 1, 2, -1 ... (a few mixes for several)."""
    if not symbols:
        yield ()
        return
    if len(symbols) == 1:
        for v in NICE_VALUES:
            yield ((symbols[0], v),)
        return
    combos = itertools.product(NICE_VALUES[:4], repeat=min(len(symbols), 3))
    for combo in itertools.islice(combos, 40):
        values = list(combo) + [1] * (len(symbols) - len(combo))
        yield tuple(zip(symbols, values, strict=True))


def symbols_of(names: Sequence[str]) -> tuple[Any, ...]:
    """Plain SymPy symbols for these names."""
    return tuple(sympy.Symbol(n) for n in names)


def real_diff(expr: Any, x: Any) -> Any:
    """d/dx for real x: |u|' = sign(u)·u' and sign(u)' = 0, where SymPy would bring in re/im.

    Each |u| becomes u·s with s a placeholder for sign(u), locally constant, so that
    (ln|u|)' = u'/u exactly as on paper; the placeholders are put back after differentiating.
    """
    signs: dict[Any, Any] = {}

    def swap_abs(u: Any) -> Any:
        """|u| as u times a placeholder for its sign."""
        s = sympy.Dummy("s")
        signs[s] = sympy.sign(u)
        return u * s

    def swap_sign(u: Any) -> Any:
        """sign(u) as a placeholder."""
        s = sympy.Dummy("s")
        signs[s] = sympy.sign(u)
        return s

    if not expr.has(sympy.Abs, sympy.sign):
        return sympy.diff(expr, x)
    swapped = expr.replace(sympy.sign, swap_sign).replace(sympy.Abs, swap_abs)
    result = sympy.diff(swapped, x)
    for _ in range(len(signs) + 1):
        if not result.has(*signs):
            break
        result = result.xreplace(signs)
    return result


def words_list(items: Sequence[str]) -> str:
    """Items in plain English: 'x', 'x and y', 'x, y and z'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
