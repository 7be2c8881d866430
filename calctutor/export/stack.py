"""A STACK question: its grading as data (inputs, response tree, question tests) and its XML.

A question is graded by a potential response tree (PRT): a chain of nodes, each an answer test
(``AlgEquiv``, ``Diff``, ``Int``, ``Sets`` …) on Maxima values; a false branch names the mistake
it found and ends with score 0, the last true branch scores 1. This is calctutor's own policy
(right or wrong, never half marks) written in Maxima. The per-kind trees are built in
``stack_kinds``, ``stack_ode`` and ``stack_points``; this module only writes them out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

PRT = "prt1"
INPUT = "ans1"
PENALTY = "0.1000000"
# Every command that would do the student's work for them (STACK lets students call several).
FORBIDDEN = (
    "diff", "int", "integrate", "defint", "risch", "antidiff", "changevar", "hessian",
    "jacobian", "gradef", "taylor", "powerseries", "pade", "ode2", "desolve", "contrib_ode",
    "ic1", "ic2", "bc2", "limit", "tlimit", "solve", "linsolve", "algsys", "to_poly_solve",
    "find_root", "realroots", "allroots", "laplace", "ilt", "sum", "lsum", "nusum", "product",
    "residue", "romberg", "quad_qags", "quad_qag", "quad_qagi", "subst", "at", "ev",
)  # fmt: skip


@dataclass(frozen=True)
class Branch:
    """Where a node's answer test leads: a score (``None``: keep going), a note, feedback."""

    note: str
    feedback: str = ""
    score: float | None = None  # None: add nothing and go on to the next node

    @property
    def final(self) -> bool:
        """True when the tree ends here."""
        return self.score is not None


@dataclass(frozen=True)
class Node:
    """One answer test and its two branches; ``quiet`` hides the test's own feedback."""

    description: str
    test: str
    sans: str
    tans: str
    options: str
    true: Branch
    false: Branch
    quiet: bool = True


@dataclass(frozen=True)
class Case:
    """A question test: what is typed, the score and the answer note expected."""

    description: str
    answer: str
    score: float
    note: str


@dataclass(frozen=True)
class Grading:
    """Everything STACK needs to grade one question."""

    variables: tuple[tuple[str, str], ...]  # question variables, ``ta`` first
    nodes: tuple[Node, ...]
    cases: tuple[Case, ...]
    feedback_variables: tuple[tuple[str, str], ...] = ()
    input_type: str = "algebraic"
    teacher_input: str = "ta"
    syntax_hint: str = ""
    check_type: bool = True
    instructions: str = ""  # how to type the answer, shown under the question (HTML)
    floats: bool = False


def maxima(value: Any) -> str:
    """A SymPy value in Maxima syntax: lists for tuples, ``matrix(…)`` for matrices."""
    import sympy

    from calctutor.sets.answers import expr_maxima

    if isinstance(value, sympy.MatrixBase):
        rows = ("[" + ", ".join(maxima(v) for v in row) + "]" for row in value.tolist())
        return "matrix(" + ", ".join(rows) + ")"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(maxima(v) for v in value) + "]"
    if isinstance(value, sympy.Eq):
        return f"{maxima(value.lhs)} = {maxima(value.rhs)}"
    return expr_maxima(value).replace("+ -", "- ")


def note(number: int, passed: bool) -> str:
    """STACK's own answer-note convention: ``prt1-2-F`` for node 2's false branch."""
    return f"{PRT}-{number}-{'T' if passed else 'F'}"


def final_note(nodes: Sequence[Node]) -> str:
    """The note of the branch that gives full marks."""
    return next(b.note for n in nodes for b in (n.true, n.false) if b.score == 1.0)


# --- XML ------------------------------------------------------------------------------------


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element with optional text."""
    child = ET.SubElement(parent, tag, attrs)
    if text is not None:
        child.text = text
    return child


def text_field(parent: ET.Element, tag: str, text: str, fmt: str | None = None) -> ET.Element:
    """``<tag format="…"><text>…</text></tag>``, Moodle's wrapper for every text field."""
    element = sub(parent, tag, **({"format": fmt} if fmt else {}))
    sub(element, "text", text)
    return element


def _score(value: float) -> str:
    """A score as Moodle writes it."""
    return f"{value:.7f}"


def _keyval(pairs: Sequence[tuple[str, str]]) -> str:
    """Maxima assignments, one a line."""
    return "\n".join(f"{name}: {value};" for name, value in pairs)


def write_variables(question: ET.Element, grading: Grading) -> None:
    """The question variables."""
    text_field(question, "questionvariables", _keyval(grading.variables))


def write_input(question: ET.Element, grading: Grading) -> None:
    """The answer box: its type, syntax hint, forbidden words and type check."""
    element = sub(question, "input")
    for tag, text in (
        ("name", INPUT), ("type", grading.input_type), ("tans", grading.teacher_input),
        ("boxsize", "40"), ("strictsyntax", "1"), ("insertstars", "0"),
        ("syntaxhint", grading.syntax_hint), ("syntaxattribute", "1" if grading.syntax_hint
                                                                  else "0"),
        ("forbidwords", ", ".join(FORBIDDEN)), ("allowwords", ""),
        ("forbidfloat", "0" if grading.floats else "1"), ("requirelowestterms", "0"),
        ("checkanswertype", "1" if grading.check_type else "0"), ("mustverify", "1"),
        ("showvalidation", "1"), ("options", ""),
    ):  # fmt: skip
        sub(element, tag, text)


def _branch(node_element: ET.Element, name: str, branch: Branch, next_node: int) -> None:
    """The fields of one branch."""
    sub(node_element, f"{name}scoremode", "=" if branch.final else "+")
    sub(node_element, f"{name}score", _score(branch.score or 0.0))
    sub(node_element, f"{name}penalty", "")
    sub(node_element, f"{name}nextnode", "-1" if branch.final else str(next_node))
    sub(node_element, f"{name}answernote", branch.note)
    text_field(node_element, f"{name}feedback", branch.feedback, "html")


def write_prt(question: ET.Element, grading: Grading) -> None:
    """The response tree: nodes numbered from 0, each leading to the next or ending."""
    prt = sub(question, "prt")
    for tag, text in (("name", PRT), ("value", "1.0000000"), ("autosimplify", "1"),
                      ("feedbackstyle", "1")):  # fmt: skip
        sub(prt, tag, text)
    text_field(prt, "feedbackvariables", _keyval(grading.feedback_variables))
    for number, node in enumerate(grading.nodes):
        element = sub(prt, "node")
        for tag, text in (
            ("name", str(number)), ("description", node.description),
            ("answertest", node.test), ("sans", node.sans), ("tans", node.tans),
            ("testoptions", node.options), ("quiet", "1" if node.quiet else "0"),
        ):  # fmt: skip
            sub(element, tag, text)
        _branch(element, "true", node.true, number + 1)
        _branch(element, "false", node.false, number + 1)


def write_tests(question: ET.Element, grading: Grading) -> None:
    """The question tests: the key and the common wrong answers, with what each must score."""
    for number, case in enumerate(grading.cases, 1):
        qtest = sub(question, "qtest")
        sub(qtest, "testcase", str(number))
        sub(qtest, "description", case.description)
        given = sub(qtest, "testinput")
        sub(given, "name", INPUT)
        sub(given, "value", case.answer)
        expected = sub(qtest, "expected")
        penalty = "0.0000000" if case.score >= 1 else PENALTY
        for tag, text in (
            ("name", PRT), ("expectedscore", _score(case.score)), ("expectedpenalty", penalty),
            ("expectedanswernote", case.note),
        ):  # fmt: skip
            sub(expected, tag, text)
