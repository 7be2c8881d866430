"""Mathematics and text in LaTeX that plain pdflatex compiles: ln, |u|, arctan, σ, escaped text."""

from __future__ import annotations

import unicodedata
from typing import Any

import sympy
from sympy.printing.latex import LatexPrinter

from calctutor.notation.forms import float_latex, function_name, with_log_bases
from calctutor.notation.order import is_undefined, ordered_factors, ordered_terms
from calctutor.notation.symbols import GREEK_LATEX, SUBSCRIPTS, SUPERSCRIPTS, split_name


class TextbookLatexPrinter(LatexPrinter):  # type: ignore[misc]
    """SymPy's LaTeX printer with textbook names: \\ln|x - 1|, \\arctan x, \\sigma(wx + b)."""

    printmethod = "_latex"  # SymPy objects that print themselves (π) keep doing so

    def __init__(self) -> None:
        super().__init__(
            {"ln_notation": True, "inv_trig_style": "full", "fold_func_brackets": True}
        )

    def _as_ordered_terms(self, expr: Any, order: Any = None) -> list[Any]:
        return ordered_terms(list(super()._as_ordered_terms(expr, order=order)))

    def _print_Mul(self, expr: Any) -> str:
        factors = list(expr.as_ordered_factors())
        ordered = ordered_factors(factors)
        plain = all(not (f.is_Pow and f.exp.is_negative) and not f.is_Rational for f in factors)
        if ordered == factors or not plain or expr.could_extract_minus_sign():
            return str(super()._print_Mul(expr))
        return " ".join(self._factor(f) for f in ordered)

    def _factor(self, factor: Any) -> str:
        """A factor of a product, a sum in brackets: e^{x} \\left(x^{2} + 1\\right)."""
        text = self._print(factor)
        return rf"\left({text}\right)" if isinstance(factor, sympy.Add) else str(text)

    def _print_Symbol(self, expr: Any, style: str = "plain") -> str:
        return split_name(expr.name).latex()

    _print_Dummy = _print_Symbol

    def _print_NumberSymbol(self, expr: Any) -> str:
        # π, e, γ print themselves through SymPy's own _latex, which printmethod bypasses
        return str(expr._latex(self))

    def _print_Float(self, expr: Any) -> str:
        return float_latex(expr)

    def _print_log(self, expr: Any, exp: Any = None) -> str:
        arg = expr.args[0]
        if isinstance(arg, sympy.Abs):
            text = rf"\ln\left|{self._print(arg.args[0])}\right|"
        elif arg.is_Symbol or (arg.is_Number and arg > 0):
            text = rf"\ln{{{self._print(arg)}}}"
        else:
            text = rf"\ln\left({self._print(arg)}\right)"
        return rf"\left({text}\right)^{{{exp}}}" if exp is not None else text

    def _print_log_base(self, expr: Any, exp: Any = None) -> str:
        arg, base = expr.args
        inner = self._print(arg.args[0] if isinstance(arg, sympy.Abs) else arg)
        if isinstance(arg, sympy.Abs):
            body = rf"\left|{inner}\right|"
        elif arg.is_Symbol:
            body = f"{{{inner}}}"
        else:
            body = rf"\left({inner}\right)"
        text = rf"\log_{{{self._print(base)}}}{body}"
        return rf"\left({text}\right)^{{{exp}}}" if exp is not None else text

    def _print_Function(self, expr: Any, exp: Any = None) -> str:
        name = function_name(expr.func)
        if name == "σ":
            text = rf"\sigma\left({self._print(expr.args[0])}\right)"
            return f"{text}^{{{exp}}}" if exp is not None else text
        if is_undefined(expr) and len(name) == 1 and len(expr.args) == 1 and expr.args[0].is_Symbol:
            return self._power(self._print_Symbol(sympy.Symbol(name)), exp)  # y for y(x)
        if not (type(expr).__module__ or "").startswith("sympy.") and len(name) > 1:
            args = ", ".join(self._print(a) for a in expr.args)
            text = rf"\operatorname{{{name}}}\left({args}\right)"
            return f"{text}^{{{exp}}}" if exp is not None else text
        return str(super()._print_Function(expr, exp))

    def _power(self, text: str, exp: Any) -> str:
        """text raised to exp when SymPy passes one (sin^2 style), else text."""
        return f"{text}^{{{exp}}}" if exp is not None else text

    def _print_Derivative(self, expr: Any) -> str:
        func, pairs = expr.expr, expr.variable_count
        if is_undefined(func) and len(func.args) == 1 and len(pairs) == 1:
            order = int(pairs[0][1])
            marks = "'" * order if order <= 3 else f"^{{({order})}}"
            return self._print_Symbol(sympy.Symbol(str(func.func))) + marks
        return str(super()._print_Derivative(expr))

    def _print_tuple(self, expr: Any) -> str:
        return r"\left(" + ", ".join(self._print(v) for v in expr) + r"\right)"

    _print_Tuple = _print_tuple


def latex_math(value: Any) -> str:
    """A SymPy object (or a number, or a tuple of them) as LaTeX math, without delimiters."""
    if isinstance(value, tuple | list):
        return r"\left(" + ", ".join(latex_math(v) for v in value) + r"\right)"
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = sympy.sympify(value, strict=True)
    return str(TextbookLatexPrinter().doprint(with_log_bases(value)))


SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "%": r"\%", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
}  # fmt: skip
# Characters outside what pdflatex's utf8 input and T1 fonts set, as the command that prints each.
SYMBOLS = {
    "∫": r"\int", "∬": r"\iint", "∮": r"\oint", "∑": r"\sum", "∏": r"\prod", "√": r"\surd",
    "∛": r"\sqrt[3]{\,}", "∞": r"\infty", "≈": r"\approx", "≃": r"\simeq", "≅": r"\cong",
    "≡": r"\equiv", "≠": r"\neq", "≤": r"\leq", "≥": r"\geq", "≪": r"\ll", "≫": r"\gg",
    "±": r"\pm", "∓": r"\mp", "×": r"\times", "·": r"\cdot", "÷": r"\div", "−": "-",
    "∘": r"\circ", "∙": r"\bullet", "→": r"\to", "←": r"\leftarrow", "↔": r"\leftrightarrow",
    "⇒": r"\Rightarrow", "⇐": r"\Leftarrow", "⇔": r"\Leftrightarrow", "↦": r"\mapsto",
    "↑": r"\uparrow", "↓": r"\downarrow", "∂": r"\partial", "∇": r"\nabla", "∆": r"\Delta",
    "∈": r"\in", "∉": r"\notin", "∋": r"\ni", "⊂": r"\subset", "⊃": r"\supset",
    "⊆": r"\subseteq", "⊇": r"\supseteq", "∪": r"\cup", "∩": r"\cap", "∅": r"\emptyset",
    "∀": r"\forall", "∃": r"\exists", "∄": r"\nexists", "¬": r"\neg", "∧": r"\wedge",
    "∨": r"\vee", "⊕": r"\oplus", "⊗": r"\otimes", "⊥": r"\perp", "∥": r"\parallel",
    "‖": r"\|", "∠": r"\angle", "∝": r"\propto", "∼": r"\sim", "′": r"\prime",
    "″": r"\prime\prime", "‴": r"\prime\prime\prime", "⟨": r"\langle", "⟩": r"\rangle",
    "⌊": r"\lfloor", "⌋": r"\rfloor", "⌈": r"\lceil", "⌉": r"\rceil", "ℝ": r"\mathbb{R}",
    "ℕ": r"\mathbb{N}", "ℤ": r"\mathbb{Z}", "ℚ": r"\mathbb{Q}", "ℂ": r"\mathbb{C}",
    "ℓ": r"\ell", "ℏ": r"\hbar", "∗": r"\ast", "⋅": r"\cdot", "…": r"\ldots", "⋯": r"\cdots",
    "∣": r"\mid", "∤": r"\nmid", "□": r"\square", "∎": r"\blacksquare", "★": r"\star",
    "ϵ": r"\epsilon", "ϑ": r"\vartheta", "ϕ": r"\phi", "ς": r"\varsigma", "ϱ": r"\varrho",
    "✓": r"\checkmark", "✗": r"\times", "°": r"^{\circ}",
}  # fmt: skip
TEXT = {
    "–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "„": ",,", "€": r"\texteuro{}",
    "•": r"\textbullet{}", "†": r"\dag{}", "‡": r"\ddag{}", "§": r"\S{}", "¶": r"\P{}",
    "©": r"\copyright{}", "™": r"\texttrademark{}", "®": r"\textregistered{}", "\u00a0": "~",
    "\u2009": r"\,", "\u202f": r"\,", "…": r"\ldots{}", "«": r"\guillemotleft{}",
    "»": r"\guillemotright{}", "‹": r"\guilsinglleft{}", "›": r"\guilsinglright{}",
    "£": r"\pounds{}", "¢": r"\textcent{}", "¥": r"\textyen{}", "µ": r"\ensuremath{\mu}",
}  # fmt: skip
# pdflatex with utf8 input and T1 fonts sets Latin-1 letters and Latin Extended-A directly.
DIRECT = range(0x00C0, 0x0180)


def escape_text(text: str) -> str:
    """Text made safe for LaTeX text mode, every character one plain pdflatex can set."""
    return "".join(_text_char(ch) for ch in text)


def _text_char(ch: str) -> str:
    """One character of text as LaTeX."""
    if ch in SPECIAL:
        return SPECIAL[ch]
    if ch.isascii() or ord(ch) in DIRECT:
        return ch
    if ch in TEXT:
        return TEXT[ch]
    command = SYMBOLS.get(ch) or GREEK_LATEX.get(ch)
    if command is not None:
        return rf"\ensuremath{{{command}}}"
    if ch in SUPERSCRIPT_OF:
        return rf"\textsuperscript{{{escape_text(SUPERSCRIPT_OF[ch])}}}"
    if ch in SUBSCRIPT_OF:
        return rf"\textsubscript{{{escape_text(SUBSCRIPT_OF[ch])}}}"
    return _fallback(ch)


SUPERSCRIPT_OF = {v: k for k, v in SUPERSCRIPTS.items() if k != "−"}
SUBSCRIPT_OF = {v: k for k, v in SUBSCRIPTS.items() if k != "−"}


def _fallback(ch: str) -> str:
    """A character no table knows: its accent-free form, or its name (never a pdflatex error)."""
    plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
    if plain:
        return escape_text(plain)
    if unicodedata.category(ch).startswith(("Z", "C")):
        return " "
    name = unicodedata.name(ch, f"U+{ord(ch):04X}").lower()
    return rf"\textit{{[{escape_text(name)}]}}"
