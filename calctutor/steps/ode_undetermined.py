"""Undetermined coefficients: y_p for polynomial, exponential and sine/cosine forcing."""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy.simplify.fu import TR8

from calctutor.notation.unicode import inline
from calctutor.steps.model import Step
from calctutor.steps.ode_form import Ode

_NAMES = ("A", "B", "D", "F", "G", "H", "K", "L", "M", "N", "P", "Q", "R", "S", "T", "U", "V", "W")
_YP = sympy.Symbol("y_p")


@dataclass(frozen=True)
class Family:
    """Forcing terms x^j e^(kx) cos(ωx) / sin(ωx) that share k and ω (ω = 0: no trig factor)."""

    rate: sympy.Expr
    freq: sympy.Expr
    degree: int
    terms: sympy.Expr

    @property
    def exponent(self) -> sympy.Expr:
        """The complex exponent k + iω whose root multiplicity decides resonance."""
        return self.rate + sympy.I * self.freq


@dataclass(frozen=True)
class Trial:
    """One family's guess x^s e^(kx) (P(x) cos ωx + Q(x) sin ωx) with unknown coefficients."""

    family: Family
    shift: int
    form: sympy.Expr
    unknowns: tuple[sympy.Symbol, ...]


def particular(
    ode: Ode, coeffs: tuple[sympy.Expr, ...], roots: dict[sympy.Expr, int], forcing: sympy.Expr
) -> tuple[Step, sympy.Expr] | None:
    """y_p for L[y] = g by undetermined coefficients with the x^s resonance fix; else None."""
    forcing, rewrite = _prepare(ode, forcing)
    fams = families(forcing, ode.var)
    if fams is None:
        return None
    trials = _trials(ode, fams, roots)
    unknowns = tuple(u for t in trials for u in t.unknowns)
    guess = sum((t.form for t in trials), sympy.S.Zero)
    applied = sympy.expand(sum(a * sympy.diff(guess, ode.var, k) for k, a in enumerate(coeffs)))
    equations = _coefficient_equations(applied - forcing, ode.var)
    if equations is None:
        return None
    solved = sympy.solve(equations, unknowns, dict=True)
    if len(solved) != 1:
        return None
    values = {u: solved[0].get(u, sympy.S.Zero) for u in unknowns}
    yp = sympy.expand(guess.xreplace(values))
    substeps = [*rewrite, *(_trial_step(ode, t) for t in trials)]
    substeps.append(_substitute_step(ode, applied, forcing))
    substeps += [_compare_step(equations), _solve_step(ode, values, yp)]
    text = (
        f"Find one particular solution y_p of the full equation: the forcing g(x) = "
        f"{ode.show(forcing)} suggests its form; y_p = {ode.show(yp)}"
    )
    return Step("undetermined coefficients", text, None, sympy.Eq(_YP, yp), tuple(substeps)), yp


def _prepare(ode: Ode, forcing: sympy.Expr) -> tuple[sympy.Expr, tuple[Step, ...]]:
    """sinh/cosh as exponentials and trig products/powers as sums, so each term has one shape."""
    plain = forcing.replace(sympy.sinh, lambda a: (sympy.exp(a) - sympy.exp(-a)) / 2)
    plain = plain.replace(sympy.cosh, lambda a: (sympy.exp(a) + sympy.exp(-a)) / 2)
    if families(plain, ode.var) is None and plain.has(sympy.sin, sympy.cos):
        plain = TR8(plain)
    plain = sympy.expand(plain)
    if plain == sympy.expand(forcing):
        return forcing, ()
    text = (
        f"Rewrite the forcing as a sum of terms x^j e^(kx) cos(ωx) or sin(ωx) "
        f"(exponentials for sinh/cosh, product-to-sum identities for trig): "
        f"{ode.show(forcing)} = {ode.show(plain)}"
    )
    return plain, (Step("rewrite the forcing", text, forcing, plain),)


def families(forcing: sympy.Expr, x: sympy.Symbol) -> list[Family] | None:
    """Group g's terms by (k, ω) with the highest power of x; None for other forcing."""
    found: dict[tuple[sympy.Expr, sympy.Expr], tuple[int, sympy.Expr]] = {}
    for term in sympy.Add.make_args(sympy.expand(forcing)):
        shape = _shape(term, x)
        if shape is None:
            return None
        rate, freq, degree = shape
        old_degree, old_terms = found.get((rate, freq), (0, sympy.S.Zero))
        found[(rate, freq)] = (max(degree, old_degree), old_terms + term)
    return [Family(k, w, d, t) for (k, w), (d, t) in found.items()]


def _shape(term: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr, int] | None:
    """(k, ω, j) when term is c x^j e^(kx) cos or sin(ωx); None otherwise."""
    rate, freq, degree, trig = sympy.S.Zero, sympy.S.Zero, 0, False
    for factor in sympy.Mul.make_args(term):
        if not factor.has(x):
            continue
        base, power = factor.as_base_exp()
        k = _rate(factor.args[0], x) if factor.args else None
        if base == x and power.is_Integer and power > 0:
            degree += int(power)
        elif isinstance(factor, sympy.exp) and k is not None:
            rate += k
        elif isinstance(factor, (sympy.sin, sympy.cos)) and not trig and k is not None:
            freq, trig = k, True
        else:
            return None
    return rate, freq, degree


def _rate(arg: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """k when arg is k x with k free of x and nonzero; None otherwise."""
    k = sympy.cancel(arg / x)
    return None if k.has(x) or k == 0 else k


def _trials(ode: Ode, fams: list[Family], roots: dict[sympy.Expr, int]) -> list[Trial]:
    """One guess per family, multiplied by x^s where k + iω is a root of multiplicity s."""
    taken = {str(s) for s in ode.equation.free_symbols}
    names = iter([n for n in _NAMES if n not in taken] + [f"A{i}" for i in range(1, 100)])
    x, trials = ode.var, []
    for fam in fams:
        shift = sum(m for r, m in roots.items() if sympy.expand(r - fam.exponent) == 0)
        count = (fam.degree + 1) * (1 if fam.freq == 0 else 2)
        unknowns = tuple(sympy.Symbol(next(names)) for _ in range(count))
        poly = [
            sum(u * x**j for j, u in enumerate(unknowns[i : i + fam.degree + 1]))
            for i in (0, fam.degree + 1)
        ]
        wave = (
            poly[0]
            if fam.freq == 0
            else poly[0] * sympy.cos(fam.freq * x) + poly[1] * sympy.sin(fam.freq * x)
        )
        form = x**shift * sympy.exp(fam.rate * x) * wave
        trials.append(Trial(fam, shift, form, unknowns))
    return trials


def _coefficient_equations(residual: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr] | None:
    """Coefficients of each x^j e^(kx) cos/sin(ωx) in the residual, all of which must vanish."""
    atoms = [a for a in residual.atoms(sympy.exp, sympy.sin, sympy.cos) if a.has(x)]
    marks = {a: sympy.Dummy() for a in atoms}
    try:
        poly = sympy.Poly(residual.xreplace(marks), x, *marks.values())
    except sympy.PolynomialError:
        return None
    return [c for c in poly.coeffs() if c != 0]


def _trial_step(ode: Ode, trial: Trial) -> Step:
    """The guess for one family, with the resonance correction when it applies."""
    fam = trial.family
    plain = trial.form / ode.var**trial.shift
    text = f"For the forcing terms {ode.show(fam.terms)} try y_p = {ode.show(trial.form)}"
    subs: tuple[Step, ...] = ()
    if trial.shift:
        why = (
            f"k + iω = {ode.show(fam.exponent)} is a root of the characteristic equation of "
            f"multiplicity {trial.shift}, so {ode.show(plain)} already solves the homogeneous "
            f"equation; multiply it by x^{trial.shift}"
        )
        subs = (Step("resonance", why, plain, trial.form),)
    return Step("trial solution", text, None, sympy.Eq(_YP, trial.form), subs)


def _substitute_step(ode: Ode, applied: sympy.Expr, forcing: sympy.Expr) -> Step:
    """The guess put into the left side of the equation."""
    text = f"Substitute y_p into the left side: {ode.show(applied)} = {ode.show(forcing)}"
    return Step("substitute", text, None, sympy.Eq(applied, forcing))


def _compare_step(equations: list[sympy.Expr]) -> Step:
    """Like terms on both sides must have equal coefficients."""
    shown = ", ".join(f"{inline(e)} = 0" for e in equations)
    text = f"Compare the coefficients of matching terms on both sides: {shown}"
    return Step("compare coefficients", text)


def _solve_step(ode: Ode, values: dict[sympy.Symbol, sympy.Expr], yp: sympy.Expr) -> Step:
    """The coefficients found and the particular solution they give."""
    shown = ", ".join(f"{u} = {inline(v)}" for u, v in values.items())
    return Step("solve", f"{shown}, so y_p = {ode.show(yp)}", None, sympy.Eq(_YP, yp))
