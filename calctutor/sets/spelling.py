"""Suggestions for a misspelt word: the closest of the words allowed."""

from __future__ import annotations

import difflib


def suggest(word: str, choices: tuple[str, ...] | frozenset[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or nothing."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
