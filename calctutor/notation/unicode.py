"""Inline mathematics in plain unicode, as a textbook prints it: 3x²/2 + C, ln|x − 1|, e²ˣ, √x.

Products juxtapose (``2x cos(x²)``, ``wx + b``) and put a dot only where letters would run into
each other (``lr·g``); functions of a single letter drop their brackets (``sin x``, ``arctan x``);
small exponents go up (``x²``, ``e⁻ˣ``) and larger ones stay on the line (``e^(−x²/2)``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy
from sympy.printing.precedence import precedence
from sympy.printing.str import StrPrinter

from calctutor.notation.forms import (
    POWERED_NAMES,
    float_text,
    function_name,
    with_log_bases,
)
from calctutor.notation.order import (
    CALL,
    GROUP,
    NUMBER,
    WORD,
    is_negative,
    is_undefined,
    kind_of,
    ordered_factors,
    ordered_terms,
)
from calctutor.notation.symbols import split_name, subscript, superscript

MINUS = "−"
# Functions always written with brackets, as the machine-learning literature does: σ(z), ReLU(z).
BRACKETED = frozenset({"σ", "ReLU", "softplus", "logsumexp", "sgn", "H"})
LONGEST_SUPERSCRIPT = 4


class UnicodePrinter(StrPrinter):  # type: ignore[misc]
    """SymPy's str printer taught textbook notation; ``inline(expr)`` is the entry point."""

    printmethod = "_calctutor_unicode"

    # -- atoms -----------------------------------------------------------------------------
    def _print_Symbol(self, expr: Any) -> str:
        return split_name(expr.name).unicode()

    _print_Dummy = _print_Symbol

    def _print_Integer(self, expr: Any) -> str:
        return f"{MINUS}{-int(expr)}" if expr < 0 else str(int(expr))

    def _print_Rational(self, expr: Any) -> str:
        sign = MINUS if expr < 0 else ""
        return f"{sign}{abs(expr.p)}/{expr.q}"

    def _print_Float(self, expr: Any) -> str:
        return float_text(expr).replace("-", MINUS)

    def _print_Pi(self, expr: Any) -> str:
        return "π"

    def _print_Exp1(self, expr: Any) -> str:
        return "e"

    def _print_ImaginaryUnit(self, expr: Any) -> str:
        return "i"

    def _print_Infinity(self, expr: Any) -> str:
        return "∞"

    def _print_NegativeInfinity(self, expr: Any) -> str:
        return f"{MINUS}∞"

    def _print_ComplexInfinity(self, expr: Any) -> str:
        return "complex ∞"

    def _print_NaN(self, expr: Any) -> str:
        return "undefined"

    def _print_EulerGamma(self, expr: Any) -> str:
        return "γ"

    def _print_GoldenRatio(self, expr: Any) -> str:
        return "φ"

    def _print_BooleanTrue(self, expr: Any) -> str:
        return "true"

    def _print_BooleanFalse(self, expr: Any) -> str:
        return "false"

    def _print_EmptySet(self, expr: Any) -> str:
        return "∅"

    # -- sums and products -----------------------------------------------------------------
    def _as_ordered_terms(self, expr: Any, order: Any = None) -> list[Any]:
        return ordered_terms(list(super()._as_ordered_terms(expr, order=order)))

    def _print_Add(self, expr: Any, order: str | None = None) -> str:
        out = ""
        for term in self._as_ordered_terms(expr, order=order):
            negative = is_negative(term)
            text = self._term(-term if negative else term)
            if not out:
                out = f"{MINUS}{text}" if negative else text
            else:
                out += f" {MINUS} {text}" if negative else f" + {text}"
        return out

    def _term(self, term: Any) -> str:
        """A term of a sum (already positive)."""
        text = str(self._print(term))
        return f"({text})" if isinstance(term, sympy.Add) else text

    def _print_Mul(self, expr: Any) -> str:
        if is_negative(expr):
            inner = self._print(sympy.Mul(-1, expr))
            return f"{MINUS}({inner})" if isinstance(-expr, sympy.Add) else MINUS + inner
        numer, denom = _fraction_parts(expr)
        top = self._product(numer, in_fraction=bool(denom))
        if not denom:
            return top
        bottom = self._product(denom, in_fraction=True)
        if _bracket_below(denom, bottom):
            bottom = f"({bottom})"
        return f"{top}/{bottom}"

    def _product(self, factors: list[Any], in_fraction: bool) -> str:
        """Factors juxtaposed textbook-style: 3x²y, 2x cos(x²), (x + 1)(x − 1), lr·g."""
        if not factors:
            return "1"
        out, previous = "", ""
        factors = ordered_factors(factors)
        kinds = [kind_of(f) for f in factors]
        for number, factor in enumerate(factors):
            last = number == len(factors) - 1
            bare = not in_fraction and (last or kinds[number + 1][0] == CALL)
            text = self._factor(factor, bare)
            start, end = kinds[number]
            if previous:
                out += _separator(previous, start, text)
            out += text
            previous = end
        return out

    def _factor(self, factor: Any, bare: bool) -> str:
        """One factor of a product: a sum in brackets; a function bare only at the end."""
        if isinstance(factor, sympy.Add):
            return f"({self._print(factor)})"
        return self._call(factor, bare)

    def _call(self, expr: Any, bare: bool) -> str:
        """Print with function brackets dropped only when bare is allowed."""
        saved = getattr(self, "_bare", True)
        self._bare = bare
        try:
            return str(self._print(expr))
        finally:
            self._bare = saved

    # -- powers and functions --------------------------------------------------------------
    def _print_Pow(self, expr: Any, rational: bool = False) -> str:
        base, exp = expr.base, expr.exp
        if exp.is_Rational and exp < 0:
            return self._print_Mul(expr)
        if exp == sympy.S.Half:
            return "√" + self._radicand(base)
        if exp == sympy.Rational(1, 3):
            return "∛" + self._radicand(base)
        if isinstance(base, sympy.Function) and function_name(base.func) in POWERED_NAMES:
            raised = self._raise(exp)
            if raised is not None and raised[0] != "^":
                name = function_name(base.func)
                return name + raised + self._argument(base.args[0], self._bare_ok()).lstrip()
        raised = self._raise(exp)
        if raised is None:
            raised = "^" + self._exponent_text(exp)
        return self._base(base) + raised

    def _print_exp(self, expr: Any) -> str:
        raised = self._raise(expr.args[0])
        return "e" + (raised if raised is not None else "^" + self._exponent_text(expr.args[0]))

    def _raise(self, exp: Any) -> str | None:
        """The exponent in superscript characters when it is short and has them."""
        text = str(self._print(exp))
        if len(text) > LONGEST_SUPERSCRIPT or "/" in text:
            return None
        return superscript(text)

    def _exponent_text(self, exp: Any) -> str:
        """An exponent left on the line: ^2.5, ^(3/2), ^(−x²)."""
        text = str(self._print(exp))
        simple = (exp.is_Symbol or (exp.is_Integer and exp >= 0) or exp.is_Float) and (
            MINUS not in text
        )
        return text if simple else f"({text})"

    def _base(self, base: Any) -> str:
        """The base of a power, bracketed unless it is a single symbol or a positive integer."""
        bracketed = is_undefined(base) or function_name(base.func) in BRACKETED
        text = self._call(base, bare=not bracketed)
        atomic = base.is_Symbol or (base.is_Integer and base >= 0) or base.is_NumberSymbol
        atomic = atomic or isinstance(base, sympy.Abs)
        if atomic or (isinstance(base, sympy.Function) and bracketed):
            return text
        return f"({text})"

    def _radicand(self, base: Any) -> str:
        """√x, √2, √(1 − x²)."""
        text = str(self._print(base))
        plain = base.is_Symbol or (base.is_Integer and base >= 0) or base.is_NumberSymbol
        return text if plain else f"({text})"

    def _bare_ok(self) -> bool:
        return bool(getattr(self, "_bare", True))

    def _argument(self, arg: Any, bare: bool) -> str:
        """A function's argument: 'x' after a space when bare, else in brackets."""
        text = self._call(arg, bare=True)
        if bare and (arg.is_Symbol or (arg.is_Number and arg >= 0) or arg.is_NumberSymbol):
            return " " + text
        return f"({text})"

    def _print_Function(self, expr: Any) -> str:
        name = function_name(expr.func)
        if is_undefined(expr) and name == str(expr.func):
            name = split_name(name).unicode()
            if len(name) == 1 and len(expr.args) == 1 and expr.args[0].is_Symbol:
                return name  # y for y(x), as an ODE is written
        args = ", ".join(self._call(a, True) for a in expr.args)
        if len(expr.args) == 1 and not is_undefined(expr) and name not in BRACKETED:
            return name + self._argument(expr.args[0], bare=self._bare_ok())
        return f"{name}({args})"

    def _print_log(self, expr: Any) -> str:
        arg = expr.args[0]
        if isinstance(arg, sympy.Abs):
            return f"ln|{self._print(arg.args[0])}|"
        return "ln" + self._argument(arg, bare=self._bare_ok())

    def _print_log_base(self, expr: Any) -> str:
        arg, base = expr.args
        small = subscript(self._print(base)) or f"_{self._print(base)}"
        if isinstance(arg, sympy.Abs):
            return f"log{small}|{self._print(arg.args[0])}|"
        return f"log{small}" + self._argument(arg, bare=self._bare_ok())

    def _print_Abs(self, expr: Any) -> str:
        return f"|{self._print(expr.args[0])}|"

    def _print_factorial(self, expr: Any) -> str:
        arg = expr.args[0]
        text = str(self._print(arg))
        return f"{text}!" if arg.is_Symbol or arg.is_Integer else f"({text})!"

    # -- calculus --------------------------------------------------------------------------
    def _print_Derivative(self, expr: Any) -> str:
        func, pairs = expr.expr, expr.variable_count
        if is_undefined(func) and len(func.args) == 1 and len(pairs) == 1:
            return str(self._print(func) + _primes(int(pairs[0][1])))
        partial = len(pairs) > 1 or len(func.free_symbols) > 1
        d = "∂" if partial else "d"
        order = sum(int(n) for _, n in pairs)
        top = d + (superscript(str(order)) or "") if order > 1 else d
        bottom = "".join(d + self._print(v) + (superscript(str(n)) or "") if n > 1
                         else d + self._print(v) for v, n in pairs)  # fmt: skip
        body = str(self._print(func))
        if isinstance(func, sympy.Add | sympy.Mul) or (_spaced(body) and kind_of(func)[0] != CALL):
            body = f"({body})"
        return f"{top}/{bottom} {body}"

    def _print_Integral(self, expr: Any) -> str:
        body = str(self._print(expr.function))
        if isinstance(expr.function, sympy.Add):
            body = f"({body})"
        out = body
        for limit in expr.limits:
            var = self._print(limit[0])
            sign = "∫"
            if len(limit) == 3:
                low, high = limit[1], limit[2]
                sign += self._bound(low, subscript, "_") + self._bound(high, superscript, "^")
            out = f"{sign} {out} d{var}"
        return out

    def _bound(self, value: Any, small: Callable[[str], str | None], mark: str) -> str:
        """A limit of integration set small (∫₀¹) when it can be, else _(…) / ^(…)."""
        text = str(self._print(value))
        short = small(text)
        if short is not None:
            return short
        return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"

    def _print_Limit(self, expr: Any) -> str:
        func, var, point, direction = expr.args
        side = {"+": "⁺", "-": "⁻"}.get(str(direction), "") if point.is_finite else ""
        body = str(self._print(func))
        if isinstance(func, sympy.Add | sympy.Mul) or " " in body:
            body = f"({body})"
        return f"lim_({self._print(var)}→{self._print(point)}{side}) {body}"

    def _print_Subs(self, expr: Any) -> str:
        func, names, values = expr.args
        pairs = zip(names, values, strict=True)
        at = ", ".join(f"{self._print(n)} = {self._print(v)}" for n, v in pairs)
        return f"[{self._print(func)}] at {at}"

    def _print_Order(self, expr: Any) -> str:
        return f"O({self._print(expr.expr)})"

    def _print_Sum(self, expr: Any) -> str:
        var, low, high = expr.limits[0]
        body = str(self._print(expr.function))
        return f"Σ_({self._print(var)}={self._print(low)})^{self._print(high)} ({body})"

    # -- relations and collections ---------------------------------------------------------
    def _relation(self, expr: Any, symbol: str) -> str:
        return f"{self._print(expr.lhs)} {symbol} {self._print(expr.rhs)}"

    def _print_Equality(self, expr: Any) -> str:
        return self._relation(expr, "=")

    def _print_Unequality(self, expr: Any) -> str:
        return self._relation(expr, "≠")

    def _print_StrictLessThan(self, expr: Any) -> str:
        return self._relation(expr, "<")

    def _print_LessThan(self, expr: Any) -> str:
        return self._relation(expr, "≤")

    def _print_StrictGreaterThan(self, expr: Any) -> str:
        return self._relation(expr, ">")

    def _print_GreaterThan(self, expr: Any) -> str:
        return self._relation(expr, "≥")

    def _print_And(self, expr: Any) -> str:
        return " and ".join(self._print(a) for a in expr.args)

    def _print_Or(self, expr: Any) -> str:
        return " or ".join(self._print(a) for a in expr.args)

    def _print_Not(self, expr: Any) -> str:
        return f"not ({self._print(expr.args[0])})"

    def _print_tuple(self, expr: Any) -> str:
        return "(" + ", ".join(self._print(v) for v in expr) + ")"

    _print_Tuple = _print_tuple

    def _print_list(self, expr: Any) -> str:
        return "[" + ", ".join(self._print(v) for v in expr) + "]"

    def _print_FiniteSet(self, expr: Any) -> str:
        return "{" + ", ".join(self._print(v) for v in expr.args) + "}"

    def _print_Interval(self, expr: Any) -> str:
        left = "(" if expr.left_open else "["
        right = ")" if expr.right_open else "]"
        return f"{left}{self._print(expr.start)}, {self._print(expr.end)}{right}"

    def _print_MatrixBase(self, expr: Any) -> str:
        if expr.cols == 1 or expr.rows == 1:
            return "(" + ", ".join(self._print(v) for v in expr) + ")"
        rows = "; ".join(", ".join(self._print(v) for v in expr.row(i)) for i in range(expr.rows))
        return f"[{rows}]"

    _print_ImmutableDenseMatrix = _print_MatrixBase
    _print_MutableDenseMatrix = _print_MatrixBase
    _print_ImmutableMatrix = _print_MatrixBase
    _print_Matrix = _print_MatrixBase

    def _print_Piecewise(self, expr: Any) -> str:
        pieces = []
        for value, cond in expr.args:
            when = "otherwise" if cond is sympy.true else f"if {self._print(cond)}"
            pieces.append(f"{self._print(value)} {when}")
        return "; ".join(pieces)

    def _print_str(self, expr: Any) -> str:
        return str(expr)

    def emptyPrinter(self, expr: Any) -> str:
        if isinstance(expr, bool):
            return "true" if expr else "false"
        if isinstance(expr, int | float):
            return str(self._print(sympy.sympify(expr, strict=True)))
        return str(expr)

    def parenthesize(self, item: Any, level: int, strict: bool = False) -> str:
        text = str(self._print(item))
        if precedence(item) < level or (strict and precedence(item) == level):
            return f"({text})"
        return text


def _bracket_below(denom: list[Any], bottom: str) -> bool:
    """True when a denominator needs brackets: 1/(2√x), x/(x² + 1), 1/(ln x); not 1/√x or 1/x²."""
    if len(denom) > 1 or isinstance(denom[0], sympy.Mul) or _spaced(bottom):
        return True
    return kind_of(denom[0])[0] == CALL and not bottom.endswith(")")


def _spaced(text: str) -> bool:
    """True when text has a space outside brackets, so it needs brackets below a fraction bar."""
    depth = 0
    for ch in text:
        depth += (ch in "([{") - (ch in ")]}")
        if ch == " " and depth == 0:
            return True
    return False


def _fraction_parts(expr: Any) -> tuple[list[Any], list[Any]]:
    """A product's factors above and below the fraction bar: 3x²/2 → ([3, x²], [2])."""
    numer: list[Any] = []
    denom: list[Any] = []
    for factor in expr.as_ordered_factors():
        if factor.is_Rational and not factor.is_Integer:
            if factor.p != 1:
                numer.append(sympy.Integer(factor.p))
            denom.append(sympy.Integer(factor.q))
        elif factor.is_Pow and factor.exp.is_Rational and factor.exp < 0:
            denom.append(sympy.Pow(factor.base, -factor.exp))
        elif isinstance(factor, sympy.exp) and is_negative(factor.args[0]) and numer_ok(factor):
            denom.append(sympy.exp(-factor.args[0]))
        else:
            numer.append(factor)
    return numer, denom


def numer_ok(factor: Any) -> bool:
    """e⁻ˣ stays up in a product (x e⁻ˣ); only SymPy's 1/eˣ forms would move down: never."""
    return False


def _separator(previous: str, start: str, text: str) -> str:
    """What goes between two factors: nothing (3x, xy), a space (2x cos x) or a dot (lr·g)."""
    if previous == CALL:
        return " " if start == CALL else "·"
    if start == CALL:
        return " "
    if previous == NUMBER and (start == NUMBER or text[:1].isdigit()):
        return "·"
    if WORD in (previous, start):
        return "·" if start != GROUP else ""
    return ""


def _primes(order: int) -> str:
    """y′, y″, y‴, then y⁽⁴⁾."""
    if order <= 3:
        return "′″‴"[order - 1]
    return f"⁽{superscript(str(order))}⁾"


def inline(value: Any) -> str:
    """A SymPy object (or number, tuple of them) as one line of textbook unicode."""
    if isinstance(value, tuple | list):
        return "(" + ", ".join(inline(v) for v in value) + ")"
    return str(UnicodePrinter().doprint(with_log_bases(value)))
