"""The answer box: every accepted form, every refusal, and properties over random input."""

from __future__ import annotations

import contextlib
import re
import string
from pathlib import Path

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from calctutor.expr import ParseContext, ParseError, decimal_literals, parse_answer, parse_expr

x, y, w, b, C = sympy.symbols("x y w b C")
XY = ParseContext(variables=("x", "y"))


def same(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Structural equality after expansion (the parser builds exact SymPy objects)."""
    return sympy.simplify(sympy.expand(a - b)) == 0


ACCEPTED = [
    ("3x^2", 3 * x**2),
    ("3*x**2", 3 * x**2),
    ("3 x²", 3 * x**2),
    ("2x cos(x^2)", 2 * x * sympy.cos(x**2)),
    ("2(x+1)", 2 * x + 2),
    ("(x-1)(x+1)", (x - 1) * (x + 1)),
    ("x(2sin(x) + x cos(x))", x * (2 * sympy.sin(x) + x * sympy.cos(x))),
    ("3 · x × 2", 6 * x),
    ("3 − x", 3 - x),
    ("6 ÷ 2x", 3 * x),
    ("e^(2x)", sympy.exp(2 * x)),
    ("e^x", sympy.exp(x)),
    ("exp(x)", sympy.exp(x)),
    ("E", sympy.E),
    ("pi", sympy.pi),
    ("π x", sympy.pi * x),
    ("ln(x)", sympy.log(x)),
    ("log(x)", sympy.log(x)),
    ("log(x, 2)", sympy.log(x) / sympy.log(2)),
    ("sqrt(x)", sympy.sqrt(x)),
    ("√x", sympy.sqrt(x)),
    ("√(x+1)", sympy.sqrt(x + 1)),
    ("|x|", sympy.Abs(x)),
    ("abs(x)", sympy.Abs(x)),
    ("Abs(x)", sympy.Abs(x)),
    ("| |x| - 1 |", sympy.Abs(sympy.Abs(x) - 1)),
    ("sin^2(x)", sympy.sin(x) ** 2),
    ("sin²x", sympy.sin(x) ** 2),
    ("sin^-1(x)", sympy.asin(x)),
    ("asin(x)", sympy.asin(x)),
    ("arcsin(x)", sympy.asin(x)),
    ("arctan(x)", sympy.atan(x)),
    ("atan(x)", sympy.atan(x)),
    ("sec(x) + csc(x) + cot(x)", sympy.sec(x) + sympy.csc(x) + sympy.cot(x)),
    ("sinh(x) + cosh(x) + tanh(x)", sympy.sinh(x) + sympy.cosh(x) + sympy.tanh(x)),
    ("acoth(x) + csch(x)", sympy.acoth(x) + sympy.csch(x)),
    ("5!", sympy.Integer(120)),
    ("x!", sympy.factorial(x)),
    ("0.5x", x / 2),
    ("1e-8", sympy.Rational(1, 10**8)),
    ("xsin(x)", x * sympy.sin(x)),
    ("sinx", sympy.sin(x)),
    ("sin x cos x", sympy.sin(x) * sympy.cos(x)),
    ("sin 2x", sympy.sin(2 * x)),
    ("1/2x", x / 2),
    ("-x^2", -(x**2)),
    ("2^-1", sympy.Rational(1, 2)),
    ("x⁻¹", 1 / x),
    ("xe^x", x * sympy.exp(x)),
    ("ln|x|", sympy.log(sympy.Abs(x))),
    ("\\frac{1}{2}x", x / 2),
    ("\\sqrt{x}", sympy.sqrt(x)),
    ("\\sqrt[3]{x}", x ** sympy.Rational(1, 3)),
    ("\\sin x", sympy.sin(x)),
    ("\\ln x", sympy.log(x)),
    ("2 \\cdot x \\times 3", 6 * x),
    ("x^{2}", x**2),
    ("e^{2x}", sympy.exp(2 * x)),
    ("\\left( x+1 \\right)^2", (x + 1) ** 2),
    ("\\pi", sympy.pi),
    ("\\frac{\\sin x}{x}", sympy.sin(x) / x),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepted_forms(text: str, expected: sympy.Expr) -> None:
    assert same(parse_expr(text), expected), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("xy", x * y), ("2xy", 2 * x * y), ("x^2y", x**2 * y), ("ysin(x)", y * sympy.sin(x))],
)
def test_letters_split_only_into_variables(text: str, expected: sympy.Expr) -> None:
    assert same(parse_expr(text, XY), expected)


def test_xy_is_refused_when_y_is_not_a_variable() -> None:
    message = r"xy is not a variable: did you mean x·y\? \(variable: x\)"
    with pytest.raises(ParseError, match=message):
        parse_expr("xy")


@pytest.mark.parametrize("name", ["S", "N", "Q", "O", "I", "beta", "gamma", "lambda"])
def test_sympy_names_are_never_sympy_objects(name: str) -> None:
    with pytest.raises(ParseError):
        parse_expr(name)
    value = parse_expr(name, ParseContext(variables=(name,)))
    assert value == sympy.Symbol(name)


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("2x cos(x^2", "missing ')'", 6),
        ("x)", "unexpected ')'", 1),
        ("t + x", "t is not a variable in this problem (variable: x)", 0),
        ("diff(x^2, x)", "not a command", 0),
        ("integrate(x)", "not a command", 0),
        ("x # comment", "not a command", 2),
        ("9^9^9", "too large", None),
        ("10^10!", "too large", None),
        ("1e999999999", "too large", 0),
        ("2^100000", "too large", None),
        ("1000!", "", None),
        ("", "empty", None),
        ("x +", "ends too early", None),
        ("sin", "needs an argument", None),
        ("x^^2", "cannot come here", 2),
        ("(x, y)", "list", None),
        ("x = 1", "not an equation", 2),
        ("__import__('os')", "unexpected character", 0),
        ('"x"', "unexpected character", 0),
        ("lambda: 1", "not a command", 0),
        ("1/0", "division by zero", 1),
        ("x" * 1001, "too long", None),
        ("(" * 100 + "x" + ")" * 100, "nested too deeply", None),
        ("f(x)", "f is not a known function", 0),
        ("\\int x dx", "not supported", 0),
    ],
)
def test_refusals(text: str, message: str, position: int | None) -> None:
    with pytest.raises(ParseError) as caught:
        parse_expr(text, ParseContext(variables=("x",)))
    assert message in caught.value.message
    if position is not None:
        assert caught.value.position == position


def test_caret_points_at_the_unclosed_bracket() -> None:
    with pytest.raises(ParseError) as caught:
        parse_expr("2x cos(x^2")
    lines = caught.value.display().splitlines()
    assert lines[1].strip() == "2x cos(x^2"
    assert lines[2].index("^") == lines[1].index("(")


def test_integration_constant_only_when_allowed() -> None:
    with pytest.raises(ParseError, match="C is not a variable"):
        parse_expr("x + C")
    assert parse_expr("x + C", ParseContext(constants="integration")) == x + C
    assert parse_expr("x + c", ParseContext(constants="integration")) == x + sympy.Symbol("c")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(1, 2)", (1, 2)),
        ("[x, y]", (x, y)),
        ("<2x, 3>", (2 * x, 3)),
        ("⟨1, 2⟩", (1, 2)),
        ("1, 2", (1, 2)),
        ("(x+1)*2, 3", (2 * x + 2, 3)),
    ],
)
def test_vectors(text: str, expected: tuple[object, ...]) -> None:
    assert parse_answer(text, ParseContext(variables=("x", "y"), expect="vector")) == expected


def test_matrix_points_and_equations() -> None:
    matrix = parse_answer("[[1, 2], [3, x]]", ParseContext(expect="matrix"))
    assert matrix == sympy.ImmutableMatrix([[1, 2], [3, x]])
    points = parse_answer("(0, 0), (1, 1)", ParseContext(variables=("x", "y"), expect="points"))
    assert points == ((0, 0), (1, 1))
    assert parse_answer("-1, 1", ParseContext(expect="points")) == ((-1,), (1,))
    with pytest.raises(ParseError, match="same number of entries"):
        parse_answer("[[1, 2], [3]]", ParseContext(expect="matrix"))


def test_ode_forms() -> None:
    context = ParseContext(functions=("y",), constants="arbitrary", expect="any")
    f = sympy.Function("y")(x)
    equation = parse_answer("y'' + y = 0", context)
    assert equation == sympy.Eq(sympy.Derivative(f, (x, 2)) + f, 0)
    answer = parse_answer("y = C1 cos(x) + C2 sin(x)", context)
    c1, c2 = sympy.symbols("C1 C2")
    assert answer == sympy.Eq(f, c1 * sympy.cos(x) + c2 * sympy.sin(x))
    a, b_ = sympy.symbols("A B")
    assert parse_answer("A e^(2x) + B", context) == a * sympy.exp(2 * x) + b_
    assert parse_expr("y'(0)", context) == sympy.Subs(sympy.Derivative(f, x), x, 0)


def test_declared_constants_read_as_symbols() -> None:
    context = ParseContext(variables=("w",), parameters=("b", "x", "y", "x1"))
    assert parse_expr("w*x + b - y", context) == w * x + b - y
    assert parse_expr("x_1 + x1", context) == 2 * sympy.Symbol("x1")
    assert parse_expr("xsin(x)", context) == x * sympy.sin(x)


def test_decimal_literals_are_reported() -> None:
    assert decimal_literals("0.785398 + 2") == ("0.785398",)
    assert decimal_literals("2x") == ()


# -- properties ----------------------------------------------------------------------------

LEAVES = st.sampled_from([x, y, sympy.Integer(2), sympy.Integer(3), sympy.Rational(1, 2)])


def trees(depth: int = 3) -> st.SearchStrategy[sympy.Expr]:
    """Random expression trees over x, y, small numbers and elementary functions."""
    unary = [sympy.sin, sympy.cos, sympy.exp, sympy.log, sympy.sqrt, sympy.atan, sympy.tanh]
    return st.recursive(
        LEAVES,
        lambda inner: st.one_of(
            st.tuples(inner, inner).map(lambda p: p[0] + p[1]),
            st.tuples(inner, inner).map(lambda p: p[0] * p[1]),
            st.tuples(inner, inner).map(lambda p: p[0] - p[1]),
            st.tuples(inner, st.integers(1, 4)).map(lambda p: p[0] ** p[1]),
            st.tuples(st.sampled_from(unary), inner).map(lambda p: p[0](p[1])),
        ),
        max_leaves=6,
    )


SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def printed(expr: sympy.Expr, style: str) -> str:
    """The expression as a student might type it in one of several styles."""
    text = sympy.sstr(expr)
    if style == "caret":
        return text.replace("**", "^")
    if style == "implicit":
        return text.replace("**", "^").replace("*", " ")
    if style == "latex":
        return str(sympy.latex(expr))
    if style == "unicode":
        caret = re.sub(r"\*\*(\d+)", lambda m: m.group(1).translate(SUPERSCRIPT), text)
        return caret.replace("**", "^").replace("*", "·").replace("-", "−")
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees(), st.sampled_from(["plain", "caret", "implicit", "unicode", "latex"]))
def test_printed_trees_parse_back(expr: sympy.Expr, style: str) -> None:
    assume(not expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo, sympy.I))
    text = printed(expr, style)
    back = parse_expr(text, XY)
    # simplify() can run for minutes on a random tree: compare exactly, else by value
    assert back == expr or same_values(back, expr), (text, back)


def same_values(a: sympy.Expr, b: sympy.Expr) -> bool:
    """True when a and b agree at a few points (30 digits), as they must if equal."""
    for point in ({x: sympy.Rational(7, 10), y: sympy.Rational(13, 10)}, {x: 3, y: -2}):
        left, right = a.evalf(30, subs=point), b.evalf(30, subs=point)
        if not (left.is_number and right.is_number):
            return False
        if left.has(sympy.zoo, sympy.nan) or right.has(sympy.zoo, sympy.nan):
            continue
        if abs(complex(left) - complex(right)) > 1e-12 * max(1.0, abs(complex(left))):
            return False
    return True


ALPHABET = string.printable + "²³⁻·×−÷√π∞⟨⟩αβ"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_random_strings_raise_only_parse_errors(text: str) -> None:
    for expect in ("expression", "vector", "points", "any"):
        with contextlib.suppress(ParseError):
            parse_answer(text, ParseContext(variables=("x", "y"), expect=expect))  # type: ignore[arg-type]


INJECTIONS = [
    "__import__('pathlib').Path('{canary}').touch()",
    "open('{canary}', 'w')",
    "eval(\"open('{canary}','w')\")",
    "exec('open(\\'{canary}\\',\\'w\\')')",
    "lambda: open('{canary}','w')",
    "x.__class__.__base__",
    "getattr(x, 'evalf')",
    "(lambda q: q)(1)",
    "Symbol('x').subs",
    "\\input{{{canary}}}",
]


@pytest.mark.parametrize("template", INJECTIONS)
def test_injection_never_executes(template: str, tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    for expect in ("expression", "any"):
        with pytest.raises(ParseError):
            parse_answer(template.format(canary=canary), ParseContext(expect=expect))  # type: ignore[arg-type]
    assert not canary.exists()
