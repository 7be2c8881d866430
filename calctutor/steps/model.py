"""The solution model: a result and a tree of textbook steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from calctutor.notation import Prose, to_latex, to_unicode
from calctutor.notation.prose import without_title

if TYPE_CHECKING:
    from sympy import Basic


@dataclass(frozen=True)
class Step:
    """One rule applied: its textbook name, a sentence, the expression before and after.

    ``text`` is Prose (text and math parts); plain str is still accepted while the step engines
    move to Prose, and is shown as it is.
    """

    rule: str
    text: Prose | str
    before: Basic | None = None
    after: Basic | None = None
    substeps: tuple[Step, ...] = ()

    def __post_init__(self) -> None:
        # the renderers show the rule as the step's title; the sentence need not repeat it
        object.__setattr__(self, "text", without_title(self.text, self.rule))

    def to_json(self) -> dict[str, Any]:
        """The JSON contract: rule, text (unicode), text_latex, before, after, substeps."""
        return {
            "rule": self.rule,
            "text": to_unicode(self.text),
            "text_latex": to_latex(self.text),
            "before": None if self.before is None else str(self.before),
            "after": None if self.after is None else str(self.after),
            "substeps": [s.to_json() for s in self.substeps],
        }

    @property
    def sentence(self) -> str:
        """The sentence in plain unicode, as the terminal shows it."""
        return to_unicode(self.text)

    def count(self) -> int:
        """How many steps this tree shows, itself included."""
        return 1 + sum(s.count() for s in self.substeps)


@dataclass(frozen=True)
class Solution:
    """A worked solution: the question, the result, the steps, and whether the tree is complete."""

    kind: str
    question: Basic | None
    result: Any
    steps: tuple[Step, ...] = field(default_factory=tuple)
    complete: bool = True
    note: str = ""

    def step_count(self) -> int:
        """How many steps are displayed in total."""
        return sum(s.count() for s in self.steps)
