"""How a run of letters reads: a known name, an indexed name, or a product of declared names.

A run is what the tokenizer hands over as one name: Latin letters, Greek letters (spelled out),
and indices (``w1``, ``w_1``, ``w₁``, ``x_{12}`` and ``θ₀`` all arrive as ``w1``, ``x12``,
``theta0``). A digit after a letter is an index, never a factor: ``x2`` is x₂ and ``2x`` is 2·x.
A run that is not itself a known name is split into the fewest known pieces (``xy`` is x·y when x
and y are declared, ``xsin`` is x·sin); the index of a segment belongs to its last piece.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calctutor.expr.names import COMMANDS, CONSTANTS, FUNCTIONS, GREEK_LETTERS, display_name

SEGMENT = re.compile(r"([A-Za-z]+)(\d+|_[A-Za-z])?")
SINGLE_NAME = re.compile(r"^[A-Za-z]+(\d+|_[A-Za-z])?$")


@dataclass(frozen=True)
class Piece:
    """One meaningful piece of a run: a function, constant, symbol or number."""

    kind: str  # "function", "constant", "symbol", "number"
    name: str
    offset: int


def classify(word: str, symbols: frozenset[str]) -> str | None:
    """What a whole word means: "symbol", "function", "constant", or None when it is unknown."""
    if word in symbols:
        return "symbol"
    if word in FUNCTIONS:
        return "function"
    if word in CONSTANTS:
        return "constant"
    return None


def segments(run: str) -> list[tuple[str, str, int]]:
    """The run as (letters, index, offset) segments: ``w1x1`` is (w, 1), (x, 1)."""
    return [(m.group(1), m.group(2) or "", m.start()) for m in SEGMENT.finditer(run)]


def split_run(run: str, symbols: frozenset[str]) -> list[Piece] | None:
    """The pieces a run reads as, or None when some part of it is not a known name."""
    pieces: list[Piece] = []
    for letters, index, offset in segments(run):
        found = _segment(letters, index, offset, symbols)
        if found is None:
            return None
        pieces += found
    return pieces


def _segment(letters: str, index: str, offset: int, symbols: frozenset[str]) -> list[Piece] | None:
    """Letters split into pieces, the index joined to the last (in sin2x, 2 is a factor)."""
    if not index:
        return split_word(letters, offset, symbols)
    for start in range(len(letters)):
        name = letters[start:] + index
        if name in symbols:
            head = split_word(letters[:start], offset, symbols) if start else []
            if head is not None:
                return [*head, Piece("symbol", name, offset + start)]
    head = split_word(letters, offset, symbols)
    if head and head[-1].kind == "function" and index.isdigit():
        return [*head, Piece("number", index, offset + len(letters))]
    return None


def split_word(word: str, offset: int, symbols: frozenset[str]) -> list[Piece] | None:
    """Split letters into known pieces (``xsin`` is x·sin), or None if they cannot be.

    Longer pieces are preferred, so ``arcsin`` is one function and never a·r·c·s·i·n; among
    splits into the same number of pieces the earliest long match wins.
    """
    best: dict[int, list[Piece] | None] = {len(word): []}
    for start in range(len(word) - 1, -1, -1):
        best[start] = _best_from(word, start, offset, symbols, best)
    return best[0]


def _best_from(
    word: str,
    start: int,
    offset: int,
    symbols: frozenset[str],
    best: dict[int, list[Piece] | None],
) -> list[Piece] | None:
    """The split of word[start:] with the fewest pieces, given the splits of every suffix."""
    chosen: list[Piece] | None = None
    for end in range(len(word), start, -1):
        rest = best[end]
        kind = classify(word[start:end], symbols)
        if kind is None or rest is None:
            continue
        if chosen is None or len(rest) + 1 < len(chosen):
            chosen = [Piece(kind, word[start:end], offset + start), *rest]
    return chosen


def loose_symbols(run: str) -> frozenset[str]:
    """Every name a run could use if any letter were allowed: letters, Greek and indexed names."""
    names: set[str] = set()
    for letters, index, _ in segments(run):
        names.update(c for c in letters if c not in CONSTANTS)
        names.update(g for g in GREEK_LETTERS if g in letters and g not in FUNCTIONS)
        if index:
            names.update(letters[k:] + index for k in range(len(letters)))
    return frozenset(names)


def loose_split(run: str) -> list[Piece] | None:
    """The run split as if every letter were declared: ``xz`` is x·z, ``w1x1`` is w₁·x₁."""
    return split_run(run, loose_symbols(run))


def run_names(run: str, followed_by_call: bool) -> list[str]:
    """The symbol names a run uses when any letter may be a symbol (the command line's reading).

    A run followed by ``(`` that is not itself a known name is left out: ``f(x)`` names an
    unknown function, not f times x.
    """
    if run in COMMANDS or (followed_by_call and classify(run, frozenset()) is None):
        return []
    pieces = loose_split(run)
    return [p.name for p in pieces or () if p.kind == "symbol"]


def display_run(run: str) -> str:
    """A run as a message shows it, each index as a subscript: w1x is w₁x."""
    return "".join(display_name(letters + index) for letters, index, _ in segments(run))


def is_single_name(run: str) -> bool:
    """True when a run is one name with at most one index (x, theta, w1, x_i; not a product)."""
    return SINGLE_NAME.match(run) is not None
