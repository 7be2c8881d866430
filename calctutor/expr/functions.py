"""The functions of machine learning as SymPy functions: σ, softplus, ReLU and log-sum-exp.

Each keeps its name through differentiation and printing (a result says σ(wx + b), not
1/(1 + e^(-wx - b))), knows its derivative (σ' = σ(1 − σ), softplus' = σ, ReLU' = the unit step,
∂/∂aᵢ logsumexp = softmaxᵢ) and evaluates numerically through ``elementary``.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.core.function import ArgumentIndexError


class sigmoid(sympy.Function):  # type: ignore[misc]  # SymPy is untyped
    """σ(z) = 1/(1 + e^(−z)), the logistic function; σ'(z) = σ(z)(1 − σ(z))."""

    nargs = 1

    @classmethod
    def eval(cls, z: Any) -> Any:
        """Exact values at 0 and ±∞; anything else stays σ(z)."""
        if z.is_zero:
            return sympy.S.Half
        if z is sympy.oo:
            return sympy.S.One
        if z is sympy.S.NegativeInfinity:
            return sympy.S.Zero
        return None

    def fdiff(self, argindex: int = 1) -> Any:
        """σ' = σ(1 − σ)."""
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return self * (1 - self)

    def _eval_rewrite_as_exp(self, z: Any, **hints: Any) -> Any:
        """1/(1 + e^(−z))."""
        return 1 / (1 + sympy.exp(-z))

    def _eval_evalf(self, prec: int) -> Any:
        """The numeric value through the exponential form."""
        return self._eval_rewrite_as_exp(self.args[0])._eval_evalf(prec)

    def _eval_is_real(self) -> Any:
        return self.args[0].is_real

    def _eval_is_positive(self) -> Any:
        return self.args[0].is_real

    def _latex(self, printer: Any) -> str:
        """σ in LaTeX."""
        return rf"\sigma\left({printer._print(self.args[0])}\right)"

    def _pretty(self, printer: Any) -> Any:
        """σ in SymPy's pretty printer."""
        return printer._print_Function(self, func_name="σ")


class softplus(sympy.Function):  # type: ignore[misc]  # SymPy is untyped
    """softplus(z) = ln(1 + e^z), a smooth ReLU; its derivative is σ(z)."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> Any:
        """softplus' = σ."""
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return sigmoid(self.args[0])

    def _eval_rewrite_as_exp(self, z: Any, **hints: Any) -> Any:
        """ln(1 + e^z)."""
        return sympy.log(1 + sympy.exp(z))

    def _eval_evalf(self, prec: int) -> Any:
        """The numeric value through the logarithmic form."""
        return self._eval_rewrite_as_exp(self.args[0])._eval_evalf(prec)

    def _eval_is_real(self) -> Any:
        return self.args[0].is_real

    def _latex(self, printer: Any) -> str:
        """softplus in LaTeX."""
        return rf"\operatorname{{softplus}}\left({printer._print(self.args[0])}\right)"


class relu(sympy.Function):  # type: ignore[misc]  # SymPy is untyped
    """ReLU(z) = max(0, z); its derivative is the unit step H(z), undefined at z = 0."""

    nargs = 1

    @classmethod
    def eval(cls, z: Any) -> Any:
        """Numbers give numbers; a symbol known to be positive or negative simplifies."""
        if z.is_nonnegative:
            return z
        if z.is_nonpositive:
            return sympy.S.Zero
        return None

    def fdiff(self, argindex: int = 1) -> Any:
        """ReLU' = H, the unit step (SymPy's Heaviside; undefined at 0 in calctutor's checks)."""
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return sympy.Heaviside(self.args[0])

    def _eval_rewrite_as_Max(self, z: Any, **hints: Any) -> Any:
        """max(0, z)."""
        return sympy.Max(0, z)

    def _eval_evalf(self, prec: int) -> Any:
        """The numeric value of max(0, z)."""
        return sympy.Max(0, self.args[0])._eval_evalf(prec)

    def _eval_is_real(self) -> Any:
        return self.args[0].is_real

    def _pretty(self, printer: Any) -> Any:
        """ReLU in SymPy's pretty printer."""
        return printer._print_Function(self, func_name="ReLU")

    def _latex(self, printer: Any) -> str:
        """ReLU in LaTeX."""
        return rf"\operatorname{{ReLU}}\left({printer._print(self.args[0])}\right)"


class logsumexp(sympy.Function):  # type: ignore[misc]  # SymPy is untyped
    """logsumexp(a₁, …, aₙ) = ln(e^a₁ + … + e^aₙ); ∂/∂aᵢ is softmaxᵢ = e^aᵢ/(e^a₁ + … + e^aₙ)."""

    @classmethod
    def eval(cls, *args: Any) -> Any:
        """One argument is itself; otherwise it stays unevaluated."""
        if len(args) == 1:
            return args[0]
        return None

    def fdiff(self, argindex: int = 1) -> Any:
        """The softmax of the arguments at position argindex."""
        if not 1 <= argindex <= len(self.args):
            raise ArgumentIndexError(self, argindex)
        return softmax(self.args, argindex - 1)

    def _eval_rewrite_as_exp(self, *args: Any, **hints: Any) -> Any:
        """ln(e^a₁ + … + e^aₙ)."""
        return sympy.log(sympy.Add(*[sympy.exp(a) for a in args]))

    def _eval_evalf(self, prec: int) -> Any:
        """The numeric value through the logarithmic form."""
        return self._eval_rewrite_as_exp(*self.args)._eval_evalf(prec)

    def _eval_is_real(self) -> Any:
        return all(a.is_real for a in self.args) or None

    def _latex(self, printer: Any) -> str:
        """logsumexp in LaTeX."""
        inner = ", ".join(printer._print(a) for a in self.args)
        return rf"\operatorname{{logsumexp}}\left({inner}\right)"


def softmax(arguments: Any, index: int) -> Any:
    """softmaxᵢ(a) = e^aᵢ/(e^a₁ + … + e^aₙ), written out as the textbook does."""
    return sympy.exp(arguments[index]) / sympy.Add(*[sympy.exp(a) for a in arguments])


ML_CLASSES = (sigmoid, softplus, relu, logsumexp)
ML_FUNCTIONS: dict[str, Any] = {
    "sigmoid": sigmoid,
    "softplus": softplus,
    "relu": relu,
    "logsumexp": logsumexp,
}


def elementary(expr: Any) -> Any:
    """expr with every machine-learning function written in exp, ln and max (for evaluation)."""
    if not isinstance(expr, sympy.Basic) or not expr.has(*ML_CLASSES):
        return expr
    return expr.replace(lambda e: isinstance(e, relu), lambda e: sympy.Max(0, e.args[0])).rewrite(
        sympy.exp
    )
