"""What a differentiation rule needs besides the expression: the variable, notation, fresh names."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count
from typing import Any

import sympy

# Names a chain rule may call its inner function, outermost first; numbered u's follow.
SUBSTITUTION_NAMES = ("u", "v", "w", "s", "t", "z")


def show(expr: Any) -> str:
    """An expression as a textbook prints it inline (x², ln|x|): for sentences not yet Prose."""
    from calctutor.notation.unicode import inline

    return inline(expr)


def bracket(expr: Any) -> str:
    """expr as an operand of d/dx: bracketed when it is a sum or product, d/dx (x² + 1)."""
    text = show(expr)
    return f"({text})" if isinstance(expr, sympy.Add | sympy.Mul) else text


def _names() -> Any:
    """Every substitution name in order: u, v, w, s, t, z, then u1, u2, ..."""
    yield from SUBSTITUTION_NAMES
    for k in count(1):
        yield f"u{k}"


@dataclass(frozen=True)
class DiffContext:
    """The variable differentiated by, whether it is a partial derivative, and names in use."""

    var: sympy.Symbol
    partial: bool = False
    taken: frozenset[str] = frozenset()
    depth: int = 0

    @classmethod
    def for_problem(cls, f: sympy.Expr, var: sympy.Symbol) -> DiffContext:
        """The context for d/dvar f: partial when f has symbols other than var."""
        names = frozenset(str(s) for s in f.free_symbols | {var})
        return cls(var=var, partial=bool(f.free_symbols - {var}), taken=names)

    def d(self) -> str:
        """The derivative operator as a sentence writes it: d/dx, or ∂/∂x for a partial."""
        var = show(self.var)
        return f"∂/∂{var}" if self.partial else f"d/d{var}"

    def differential(self, name: sympy.Symbol) -> str:
        """The derivative of name with respect to var as written: du/dx or ∂u/∂x."""
        name_text, var = show(name), show(self.var)
        return f"∂{name_text}/∂{var}" if self.partial else f"d{name_text}/d{var}"

    def substitution(self) -> sympy.Symbol:
        """A fresh symbol for the inner function of a chain rule at this depth."""
        free = (n for n in _names() if n not in self.taken)
        for _ in range(self.depth):
            next(free)
        return sympy.Symbol(next(free))

    def deeper(self) -> DiffContext:
        """The context one chain-rule level further in, so nested chains use new names."""
        return DiffContext(self.var, self.partial, self.taken, self.depth + 1)

    def outer(self, name: sympy.Symbol) -> DiffContext:
        """The context for the outer derivative d/du of a chain rule."""
        return DiffContext(name, False, self.taken | {str(name)}, self.depth + 1)
