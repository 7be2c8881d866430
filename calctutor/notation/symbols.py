"""How names are written: Greek letters, subscripts (w1 → w₁, C1 → C₁) and superscripts (x²)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "lamda": "λ", "mu": "μ",
    "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "upsilon": "υ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Lamda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip
# The LaTeX command of each Greek letter (capitals without a command of their own are Latin).
GREEK_LATEX = {letter: "\\" + ("lambda" if name == "lamda" else name) for name, letter in
               GREEK.items() if name not in ("omicron", "Lamda")}  # fmt: skip
GREEK_LATEX.update({"ο": "o", "Λ": r"\Lambda", "ϵ": r"\epsilon", "ϑ": r"\vartheta",
                    "ϕ": r"\phi", "ς": r"\varsigma"})  # fmt: skip

SUPERSCRIPTS = dict(zip("0123456789+-−=()abcdefghijklmnoprstuvwxyzθ",
                        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᶿ", strict=True))  # fmt: skip
SUBSCRIPTS = dict(zip("0123456789+-−=()aehijklmnoprstuvx",
                      "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))  # fmt: skip
FROM_SUBSCRIPT = {v: k for k, v in SUBSCRIPTS.items() if k != "−"}

PRIMES = ("", "′", "″", "‴")
_NAME = re.compile(r"^(?P<base>[^\W\d_]+?)_?(?P<sub>\d+|[a-z])?$")


def superscript(text: str) -> str | None:
    """text in superscript characters, or None when one of them has no superscript form."""
    if not text or any(ch not in SUPERSCRIPTS for ch in text):
        return None
    return "".join(SUPERSCRIPTS[ch] for ch in text)


def subscript(text: str) -> str | None:
    """text in subscript characters, or None when one of them has no subscript form."""
    if not text or any(ch not in SUBSCRIPTS for ch in text):
        return None
    return "".join(SUBSCRIPTS[ch] for ch in text)


@dataclass(frozen=True)
class Name:
    """A symbol's name split the way a textbook sets it: a letter (or word) and a subscript."""

    base: str
    sub: str = ""
    primes: int = 0

    @property
    def letter(self) -> bool:
        """True when the base is one letter, so 'wx' can be written without a dot."""
        return len(self.base) == 1

    def unicode(self) -> str:
        """w₁, θ, C₂, y″; a subscript without a unicode form is written w_ij."""
        marks = PRIMES[self.primes] if self.primes < len(PRIMES) else "′" * self.primes
        if not self.sub:
            return self.base + marks
        small = subscript(self.sub)
        return (self.base + small if small is not None else f"{self.base}_{self.sub}") + marks

    def latex(self) -> str:
        """w_{1}, \\theta, \\mathrm{lr} for a word."""
        base = GREEK_LATEX.get(self.base)
        if base is None:
            base = self.base if self.letter else rf"\mathrm{{{self.base}}}"
        sub = "".join(GREEK_LATEX.get(ch, ch) for ch in self.sub)
        return (f"{base}_{{{sub}}}" if sub else base) + "'" * self.primes


def split_name(name: str) -> Name:
    """A SymPy symbol name as a textbook writes it: 'theta' → θ, 'w1' and 'w_1' → w₁, "y''" → y″."""
    stripped = name.rstrip("'′″")
    if stripped != name and stripped:
        primes = sum(1 if ch in "'′" else 2 for ch in name[len(stripped) :])
        return replace(split_name(stripped), primes=primes)
    name = name.lstrip("_") or name
    plain = "".join(FROM_SUBSCRIPT.get(ch, ch) for ch in name)
    tail = len(name) - len(name.rstrip("".join(FROM_SUBSCRIPT)))
    if tail:
        return Name(_greek(name[:-tail]), plain[-tail:])
    match = _NAME.match(name)
    if match is None:
        return Name(_greek(name))
    base, sub = match.group("base"), match.group("sub") or ""
    if sub.isalpha() and "_" not in name:
        return Name(_greek(name))
    return Name(_greek(base), sub)


def _greek(word: str) -> str:
    """The Greek letter a word names, or the word itself."""
    return GREEK.get(word, word)
