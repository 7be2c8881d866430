"""Prose: what calctutor says to a person, as text parts and math parts holding SymPy objects.

The core builds Prose; only the writers (``calctutor.notation.writers``) turn it into unicode,
LaTeX, Markdown or HTML, so mathematics is never flattened into a string with ``str()``::

    prose("Let ", math(u), " = ", math(inner), ", so ", math(Derivative(f, x)), " = …")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Math:
    """A formula: a SymPy object (or a number, or a tuple of them) shown as mathematics."""

    value: Any
    display: bool = False

    def __post_init__(self) -> None:
        if self.value is None or isinstance(self.value, str | Prose):
            raise TypeError(f"math() takes a SymPy object, not {type(self.value).__name__}")


@dataclass(frozen=True)
class Sign:
    """A fixed piece of notation with no SymPy object behind it: d/dx, ∂/∂x, ⇒."""

    unicode: str
    latex: str


Part = str | Math | Sign


@dataclass(frozen=True)
class Prose:
    """A sentence (or several) of text and math parts; str() gives the terminal's unicode."""

    parts: tuple[Part, ...] = ()

    def __str__(self) -> str:
        from calctutor.notation.unicode import inline

        out = []
        for part in self.parts:
            if isinstance(part, Math):
                out.append(inline(part.value))
            else:
                out.append(part.unicode if isinstance(part, Sign) else part)
        return "".join(out)

    def __add__(self, other: Prose | str | Math | Sign) -> Prose:
        return prose(self, other)

    def __radd__(self, other: str) -> Prose:
        return prose(other, self)

    def __bool__(self) -> bool:
        return any(part != "" for part in self.parts)

    def map_math(self, change: Callable[[Any], Any]) -> Prose:
        """The same prose with every formula passed through change (how it is written)."""
        return Prose(tuple(Math(change(p.value), p.display) if isinstance(p, Math) else p
                           for p in self.parts))  # fmt: skip

    def maths(self) -> tuple[Math, ...]:
        """The math parts, in order."""
        return tuple(p for p in self.parts if isinstance(p, Math))

    def __contains__(self, text: str) -> bool:
        return text in str(self)

    def startswith(self, text: str) -> bool:
        """True when the prose begins with this text (as the terminal shows it)."""
        return str(self).startswith(text)


Writable = Prose | Part


def math(value: Any, display: bool = False) -> Math:
    """A math part; ``display=True`` sets it on a line of its own where the surface can."""
    return Math(value, display)


def sign(unicode: str, latex: str) -> Sign:
    """A fixed piece of notation given in both unicode and LaTeX."""
    return Sign(unicode, latex)


def prose(*parts: Writable) -> Prose:
    """Prose from text, math and other prose; neighbouring text parts are merged."""
    out: list[Part] = []
    for part in parts:
        for piece in part.parts if isinstance(part, Prose) else (part,):
            if not isinstance(piece, str | Math | Sign):
                raise TypeError(f"prose() takes text, math() or prose, not {type(piece).__name__}")
            if isinstance(piece, str) and out and isinstance(out[-1], str):
                out[-1] = out[-1] + piece
            elif piece != "":
                out.append(piece)
    return Prose(tuple(out))


def join(items: Iterable[Writable], separator: str = ", ") -> Prose:
    """Items with a separator between them: join([math(a), math(b)]) → 'a, b'."""
    out: list[Writable] = []
    for number, item in enumerate(items):
        if number:
            out.append(separator)
        out.append(item)
    return prose(*out)


def as_prose(value: Prose | str) -> Prose:
    """Plain text (the transition's old step sentences) as prose; prose unchanged."""
    return value if isinstance(value, Prose) else prose(value)


def without_title(text: Prose | str, title: str) -> Prose | str:
    """The sentence without a leading repeat of its title: 'Product rule: (f·g)′ …' → '(f·g)′ …'."""
    parts = text.parts if isinstance(text, Prose) else (text,)
    if not parts or not isinstance(parts[0], str) or not title:
        return text
    first, cut = parts[0], len(title)
    if len(first) <= cut + 1 or first[cut] not in ":." or first[:cut].lower() != title.lower():
        return text
    rest = first[cut + 1 :].lstrip()
    if isinstance(text, Prose):
        return prose(rest, *parts[1:])
    return rest
