"""Notation: prose of text and math parts, written as a textbook writes it on every surface."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import sympy

from calctutor.notation import Sign, join, math, prose, to_html, to_latex, to_markdown, to_unicode
from calctutor.notation.latex import escape_text, latex_math
from calctutor.notation.unicode import inline

x, y, w, b, u, theta = sympy.symbols("x y w b u theta")
C, C1, C2 = sympy.symbols("C C1 C2")
sigmoid = sympy.Function("sigmoid")
yf = sympy.Function("y")(x)


@pytest.mark.parametrize(
    ("expr", "text"),
    [
        (3 * x**2 / 2 + C, "3x²/2 + C"),
        (sympy.log(sympy.Abs(x - 1)), "ln|x − 1|"),
        (sympy.atan(x), "arctan x"),
        (sympy.asin(2 * x), "arcsin(2x)"),
        (sympy.exp(2 * x), "e²ˣ"),
        (sympy.exp(-(x**2) / 2), "e^(−x²/2)"),
        (sympy.sqrt(1 - x**2), "√(1 − x²)"),
        (sympy.oo, "∞"),
        (-sympy.oo, "−∞"),
        (sympy.pi * x, "πx"),
        (1 + sympy.I, "1 + i"),
        (sigmoid(w * x + b), "σ(wx + b)"),
        (sigmoid(w * x + b) - y, "σ(wx + b) − y"),
        (sympy.Symbol("w1") * x, "w₁x"),
        (C1 * sympy.cos(x) + C2 * sympy.sin(x), "C₁ cos x + C₂ sin x"),
        (2 * x * sympy.cos(x**2), "2x cos(x²)"),
        (5 * (2 * x + 1) ** 4, "5(2x + 1)⁴"),
        (-2 / (C1 + x**2), "−2/(x² + C₁)"),
        (sympy.exp(x) * (x**2 - 2 * x + 2), "eˣ(x² − 2x + 2)"),
        (sympy.sin(x) ** 2, "sin²x"),
        (sympy.sin(x) * sympy.cos(x), "sin x cos x"),
        (sympy.log(x) ** 2, "(ln x)²"),
        (sympy.log(x) / sympy.log(2), "log₂ x"),
        (sympy.Rational(11, 3) * sympy.log(x - 2), "11 ln(x − 2)/3"),
        (-x / 2, "−x/2"),
        (1 / (2 * sympy.sqrt(x)), "1/(2√x)"),
        (sympy.sin(x) / x, "sin(x)/x"),
        (x / (x**2 + 1), "x/(x² + 1)"),
        ((x + 1) / (x - 1), "(x + 1)/(x − 1)"),
        (sympy.Float(4.9) * theta**2, "4.9θ²"),
        (sympy.Integral(x**2, (x, 0, 1)), "∫₀¹ x² dx"),
        (sympy.Integral(sympy.exp(-x), (x, 0, sympy.oo)), "∫₀^∞ e⁻ˣ dx"),
        (sympy.Derivative(sympy.sin(x**2), x), "d/dx sin(x²)"),
        (sympy.Eq(yf.diff(x, 2) + yf, 0), "y″ + y = 0"),
        (sympy.Matrix([[6 * x, -3], [-3, 6 * y]]), "[6x, −3; −3, 6y]"),
        (sympy.Matrix([2 * x, 3 * y**2]), "(2x, 3y²)"),
        ((sympy.Integer(0), sympy.Integer(0)), "(0, 0)"),
        ((sympy.Integer(2),), "(2)"),
        (1 - x, "1 − x"),
        (x**2 - 2 * x + 1, "x² − 2x + 1"),
        (-(x**2) + 4 * x - 3, "−x² + 4x − 3"),
        (sympy.Symbol("lr") * sympy.Symbol("g"), "g·lr"),
        (x * sympy.exp(-x), "xe⁻ˣ"),
        (sympy.Function("relu")(x), "ReLU(x)"),
        (sympy.Float(2.5e-8), "2.5 × 10⁻⁸"),
    ],
)
def test_unicode_is_what_a_textbook_prints(expr: object, text: str) -> None:
    assert inline(expr) == text


@pytest.mark.parametrize(
    ("expr", "fragment"),
    [
        (sympy.log(sympy.Abs(x - 1)) + C, r"\ln\left|x - 1\right| + C"),
        (sympy.atan(x), r"\arctan"),
        (sigmoid(w * x + b) - y, r"\sigma\left(w x + b\right) - y"),
        (sympy.Symbol("w1"), "w_{1}"),
        (sympy.Symbol("w₁"), "w_{1}"),
        (sympy.Symbol("θ"), r"\theta"),
        (sympy.pi * x, r"\pi x"),
        (sympy.Float(4.9), "4.9"),
        (sympy.exp(x) * (x**2 + 1), r"e^{x} \left(x^{2} + 1\right)"),
        (yf.diff(x, 2) + yf, "y'' + y"),
        (sympy.log(x) / sympy.log(2), r"\log_{2}"),
    ],
)
def test_latex_uses_textbook_names(expr: object, fragment: str) -> None:
    assert fragment in latex_math(expr)


def test_prose_merges_text_and_refuses_strings_as_math() -> None:
    sentence = prose("Let ", math(u), " = ", math(x**2 + 1), "", ".")
    assert str(sentence) == "Let u = x² + 1."
    assert len(sentence.parts) == 5
    assert "u = x²" in sentence
    with pytest.raises(TypeError):
        math("x**2")
    with pytest.raises(TypeError):
        math(None)
    assert str(join([math(x), math(y)], " and ")) == "x and y"
    assert str(prose("a") + math(x) + "b") == "axb"


def test_each_surface_escapes_text_and_delimits_math() -> None:
    sentence = prose("50% & #1 $ a_b *x* <b> ", math(x**2), " ≈ θ")
    assert to_latex(sentence) == (
        r"50\% \& \#1 \$ a\_b *x* \textless{}b\textgreater{} \( x^{2} \) "
        r"\ensuremath{\approx} \ensuremath{\theta}"
    )
    assert to_markdown(sentence) == r"50% \& \#1 \$ a\_b \*x\* \<b\> $x^{2}$ ≈ θ"
    assert to_html(sentence) == r"50% &amp; #1 $ a_b *x* &lt;b&gt; \( x^{2} \) ≈ θ"
    assert to_unicode(prose(Sign("d/dx", r"\frac{d}{dx}"))) == "d/dx"
    assert to_latex(prose(math(x, display=True))) == r"\[ x \]"


def test_markdown_escapes_list_markers_only_at_line_starts() -> None:
    assert to_markdown("- not a list") == r"\- not a list"
    assert to_markdown("1. not a list") == r"1\. not a list"
    assert to_markdown(prose(math(x), " - 1. fine")) == "$x$ - 1. fine"


def test_plain_text_is_accepted_during_the_move_to_prose() -> None:
    assert to_unicode("x^2 & y") == "x^2 & y"
    assert to_latex("x^2 & y") == r"x\textasciicircum{}2 \& y"


TEACHER_TEXT = (
    "σ μ ≈ θ % & # $ _ ∫ √ ∞ π ∂ ∇ ≤ ≥ ≠ → ⇒ × · − ± ÷ ² ³ ⁿ ₁ ₂ ‖ ⟨ ⟩ ℝ ∈ ∑ ∏ ° é ü ß – — “q” "
    "‘q’ … € ∘ Ω Δ λ η α β ε φ ψ ω ∅ ∀ ∃ ☃ 中 \\ { } ^ ~ < > |"
)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_pdflatex_sets_every_character_a_teacher_may_type(tmp_path: Path) -> None:
    body = to_latex(prose(TEACHER_TEXT, " ", math(sigmoid(w * x + b) - y), " ",
                          math(sympy.log(sympy.Abs(x - 1)) + C)))  # fmt: skip
    document = "\n".join([
        r"\documentclass{article}", r"\usepackage[utf8]{inputenc}", r"\usepackage[T1]{fontenc}",
        r"\usepackage{lmodern}", r"\usepackage{amsmath,amssymb}", r"\begin{document}", body,
        r"\end{document}",
    ])  # fmt: skip
    (tmp_path / "t.tex").write_text(document, encoding="utf-8")
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "t.tex"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:]
    assert "Missing character" not in (tmp_path / "t.log").read_text(errors="replace")


def test_escape_text_never_leaves_a_character_pdflatex_cannot_set() -> None:
    for ch in TEACHER_TEXT:
        out = escape_text(ch)
        assert all(c.isascii() or 0xC0 <= ord(c) < 0x180 for c in out), (ch, out)


def test_a_step_never_repeats_its_title() -> None:
    from calctutor.steps.model import Step

    step = Step("product rule", "Product rule: (f·g)′ = f′g + fg′.")
    assert step.sentence == "(f·g)′ = f′g + fg′."
    assert Step("check", prose("Check: ", math(x), ".")).sentence == "x."
    assert Step("check", "Check.").sentence == "Check."
    assert Step("log rule", "Log rule: ln x.").sentence == "ln x."


def test_mistake_codes_are_words() -> None:
    from calctutor.render.drill import mistake_label

    assert mistake_label("wrong_component:1") == "wrong first component"
    assert mistake_label("chain_rule_factor") == "missing chain-rule factor"
    assert ":" not in mistake_label("something_new:3") and "_" not in mistake_label("a_b")
