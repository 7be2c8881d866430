"""The names a student may type: functions, constants, Greek letters, refused commands."""

from __future__ import annotations

import re

FUNCTIONS: dict[str, str] = {
    "sin": "sin", "cos": "cos", "tan": "tan", "sec": "sec", "csc": "csc", "cot": "cot",
    "cosec": "csc", "cotan": "cot",
    "asin": "asin", "acos": "acos", "atan": "atan", "asec": "asec", "acsc": "acsc",
    "acot": "acot", "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arcsec": "asec",
    "arccsc": "acsc", "arccot": "acot",
    "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "sech": "sech", "csch": "csch",
    "coth": "coth", "asinh": "asinh", "acosh": "acosh", "atanh": "atanh", "asech": "asech",
    "acsch": "acsch", "acoth": "acoth", "arsinh": "asinh", "arcosh": "acosh", "artanh": "atanh",
    "arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh", "arccoth": "acoth",
    "exp": "exp", "log": "log", "ln": "log", "sqrt": "sqrt", "cbrt": "cbrt",
    "abs": "Abs", "Abs": "Abs", "sign": "sign", "sgn": "sign",
    "sigmoid": "sigmoid", "sigma": "sigmoid", "logistic": "sigmoid", "softplus": "softplus",
    "relu": "relu", "ReLU": "relu", "logsumexp": "logsumexp", "LSE": "logsumexp",
    "step": "Heaviside", "heaviside": "Heaviside", "Heaviside": "Heaviside",
}  # fmt: skip
# Functions of several arguments (every other function takes exactly one).
VARIADIC = frozenset({"logsumexp"})
INVERSES = {
    "sin": "asin", "cos": "acos", "tan": "atan", "sec": "asec", "csc": "acsc", "cot": "acot",
    "sinh": "asinh", "cosh": "acosh", "tanh": "atanh", "coth": "acoth", "sech": "asech",
    "csch": "acsch",
}  # fmt: skip
CONSTANTS = {"e": "E", "E": "E", "pi": "pi", "oo": "oo", "inf": "oo", "infinity": "oo"}
COMMANDS = frozenset(
    [
        "diff",
        "integrate",
        "int",
        "Integral",
        "Derivative",
        "limit",
        "Limit",
        "solve",
        "dsolve",
        "simplify",
        "expand",
        "factor",
        "subs",
        "evalf",
        "eval",
        "exec",
        "lambda",
        "import",
        "open",
        "print",
        "compile",
        "getattr",
        "setattr",
        "globals",
        "locals",
        "vars",
        "sympify",
        "Symbol",
        "Function",
        "summation",
        "Sum",
        "product",
        "series",
        "apart",
        "together",
        "lambdify",
        "os",
        "sys",
        "input",
        "help",
        "dir",
        "type",
        "object",
        "class",
        "def",
        "return",
    ]
)
INTEGRATION_CONSTANT = re.compile(r"^[Cc]$")
ARBITRARY_CONSTANT = re.compile(r"^([Cc]\d*|[Kk]\d*|A|B)$")
# Greek letters by their spelled names (the answer box reads the glyph or the name).
GREEK_LETTERS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "chi": "χ",
    "psi": "ψ", "omega": "ω",
}  # fmt: skip
SUBSCRIPT_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SUBSCRIPT_LETTERS = dict(zip("aehijklmnoprstuvx", "ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))
INDEXED = re.compile(r"^(?P<letters>[A-Za-z]+?)(?:(?P<digits>\d+)|_(?P<letter>[A-Za-z]))?$")


def display_name(name: str) -> str:
    """A symbol's name as a reader sees it: theta0 is θ₀, w1 is w₁, x_i is xᵢ."""
    match = INDEXED.match(name)
    if match is None:
        return name
    letters = GREEK_LETTERS.get(match.group("letters"), match.group("letters"))
    if match.group("digits"):
        return letters + match.group("digits").translate(SUBSCRIPT_DIGITS)
    if match.group("letter"):
        letter = match.group("letter")
        return letters + SUBSCRIPT_LETTERS.get(letter, "_" + letter)
    return letters


def display_names(names: tuple[str, ...] | list[str]) -> str:
    """Several names for a message: x, y, θ₀."""
    return ", ".join(display_name(n) for n in names)
