"""ParseContext: what the parser is told about the problem an answer belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from calctutor.expr.names import ARBITRARY_CONSTANT, INTEGRATION_CONSTANT, display_names

Expect = Literal["expression", "vector", "matrix", "points", "equation", "any"]
Constants = Literal["none", "integration", "arbitrary"]
INTEGRATION_NAMES = ("C", "c")
NUMBERED = tuple(f"{p}{i}" for p in ("C", "c", "K") for i in range(10))
ARBITRARY_NAMES = ("C", "c", "A", "B", "K", "k", *NUMBERED)


@dataclass(frozen=True)
class ParseContext:
    """Which names exist, which constants are allowed and what shape of answer is expected.

    ``variables`` and ``parameters`` (template parameters and declared constants such as the
    data x, y of a loss) are the names that read as symbols; every name is canonical (``w1``,
    ``theta0``). ``constants`` says which constants of integration or of an ODE are allowed.
    """

    variables: tuple[str, ...] = ("x",)
    constants: Constants = "none"
    functions: tuple[str, ...] = ()
    expect: Expect = "expression"
    parameters: tuple[str, ...] = ()

    def symbol_names(self) -> frozenset[str]:
        """Every name that reads as a plain symbol in this context."""
        names = set(self.variables) | set(self.parameters)
        if self.constants == "integration":
            names.update(INTEGRATION_NAMES)
        elif self.constants == "arbitrary":
            names.update(n for n in ARBITRARY_NAMES if n not in self.functions)
        return frozenset(names)

    def is_constant_name(self, name: str) -> bool:
        """True when ``name`` is an arbitrary or integration constant here, not a variable."""
        if name in self.variables:
            return False
        if self.constants == "integration":
            return INTEGRATION_CONSTANT.match(name) is not None
        return self.constants == "arbitrary" and ARBITRARY_CONSTANT.match(name) is not None

    def describe(self) -> str:
        """The variables in a student's words, for messages."""
        if not self.variables and not self.parameters:
            return "it has no variables"
        label = "variable" if len(self.variables) == 1 else "variables"
        said = [f"{label}: {display_names(self.variables)}"] if self.variables else []
        if self.parameters:
            said.append(f"constants: {display_names(self.parameters)}")
        return "; ".join(said)
