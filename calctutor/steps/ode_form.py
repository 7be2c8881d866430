"""An ODE in normal form F(x, y, y', ..., y^(n)) = 0, and what an ODE rule hands back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from calctutor.steps.model import Step


@dataclass(frozen=True)
class Ode:
    """F(x, y, y', ..., y^(n)) = 0, where ys[k] is a placeholder symbol for the k-th derivative."""

    equation: Any
    func: Any
    var: sympy.Symbol
    expr: sympy.Expr
    ys: tuple[sympy.Symbol, ...]

    @property
    def order(self) -> int:
        """The order n: the highest derivative that occurs."""
        return len(self.ys) - 1

    def derivative(self, k: int) -> sympy.Expr:
        """The k-th derivative of y(x) as a SymPy object (y(x) itself for k = 0)."""
        return self.func if k == 0 else sympy.Derivative(self.func, (self.var, k))

    def to_func(self, expr: sympy.Expr) -> sympy.Expr:
        """Put y(x), y'(x) ... back in place of the placeholders."""
        return expr.xreplace({s: self.derivative(k) for k, s in enumerate(self.ys)})

    def show(self, expr: Any) -> str:
        """Plain text of an expression, writing y, y', y'' for the unknown and its derivatives."""
        names = {s: sympy.Symbol(str(s.name)) for s in self.ys}
        plain = sympy.sympify(expr, strict=True).xreplace(names)
        dmap = {self.derivative(k): names[s] for k, s in enumerate(self.ys)}
        from calctutor.notation.unicode import inline

        return inline(plain.xreplace(dmap))

    def show_eq(self, lhs: Any, rhs: Any) -> str:
        """Plain text of lhs = rhs."""
        return f"{self.show(lhs)} = {self.show(rhs)}"


@dataclass(frozen=True)
class Worked:
    """A rule's answer: steps, y = result with C1..Cn, other branches, constant solutions."""

    steps: tuple[Step, ...]
    result: sympy.Expr
    constants: tuple[sympy.Symbol, ...]
    branches: tuple[sympy.Expr, ...] = ()
    equilibria: tuple[sympy.Expr, ...] = ()
    note: str = ""


def prime_name(k: int) -> str:
    """The textbook name of the k-th derivative: y, y', y'', y'''."""
    return "y" + "'" * k


def constants(n: int) -> tuple[sympy.Symbol, ...]:
    """The arbitrary constants C1, ..., Cn of a general solution."""
    return tuple(sympy.Symbol(f"C{i}") for i in range(1, n + 1))


def normal_form(equation: Any, func: Any, var: sympy.Symbol) -> Ode:
    """Bring lhs = rhs to F = 0 with placeholders; ValueError when it is not an ODE in func."""
    expr = equation.lhs - equation.rhs if isinstance(equation, sympy.Eq) else equation
    expr = sympy.sympify(expr, strict=True)
    order = _order(expr, func, var)
    ys = tuple(sympy.Dummy(prime_name(k)) for k in range(order + 1))
    swap: dict[Any, Any] = {sympy.Derivative(func, (var, k)): ys[k] for k in range(1, order + 1)}
    swap[func] = ys[0]
    flat = expr.xreplace(swap)
    if any(f.func == func.func for f in flat.atoms(AppliedUndef)):
        raise ValueError(f"{func.func} occurs at another argument than {var}")
    return Ode(equation, func, var, flat, ys)


def _order(expr: sympy.Expr, func: Any, var: sympy.Symbol) -> int:
    """The highest derivative of func in expr; ValueError for other derivatives or none."""
    order = 0
    for d in expr.atoms(sympy.Derivative):
        if d.expr != func or any(v != var for v in d.variables):
            raise ValueError(f"unsupported derivative {d} (expected derivatives of {func})")
        order = max(order, len(d.variables))
    if order == 0:
        raise ValueError(f"no derivative of {func} in the equation")
    return order


def absorb_constant(expr: sympy.Expr, c: sympy.Symbol, c1: sympy.Symbol) -> sympy.Expr:
    """Rename c to c1, absorbing e^(c + u) -> c1 e^u, c^k -> c1, k c -> c1 when c occurs once."""
    if expr.count(c) != 1:
        return expr.xreplace({c: c1})
    expr = expr.replace(
        lambda e: isinstance(e, sympy.exp) and _numeric_multiple(e.args[0], c),
        lambda e: c1 * sympy.exp(e.args[0].as_independent(c, as_Add=True)[0]),
    )
    expr = expr.replace(lambda e: e.is_Pow and e.base == c and e.exp.is_number, lambda e: c)
    expr = expr.replace(lambda e: e.is_Mul and _numeric_multiple(e, c), lambda e: c1)
    return expr.xreplace({c: c1})


def _numeric_multiple(expr: sympy.Expr, c: sympy.Symbol) -> bool:
    """True when expr is u + k c (an Add) or k c (a Mul) with k a nonzero number free of c."""
    if not expr.has(c):
        return False
    part = expr.as_independent(c, as_Add=True)[1] if expr.is_Add else expr
    coeff, rest = part.as_independent(c, as_Add=False)
    return bool(rest == c and coeff.is_number and coeff != 0)
