"""A quiz as Moodle XML: STACK questions for symbolic answers, numerical ones for numbers.

The layout follows the files Moodle and STACK export themselves: a ``category`` question per
set, then its questions. A STACK question has the teacher's answer in Maxima syntax (``ta``), an
algebraic input, a one-node response tree with the answer test that fits the kind (``Diff`` for
derivatives, ``Int`` for antiderivatives, ``SubstEquiv`` for ODE solutions with arbitrary
constants, ``AlgEquiv`` otherwise) and a question test showing that ``ta`` scores full marks. A
single number becomes a ``numerical`` question with a tolerance; several numbers (an optimizer
step) a ``cloze`` question with one numerical blank each.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from calctutor.export.statement import Piece, statement
from calctutor.quiz.build import Quiz, QuizItem
from calctutor.sets.answers import float_text

STACK_VERSION = "2023121100"
REL_TOLERANCE = 1e-3
ABS_TOLERANCE = 1e-4
PRT = "prt1"
INPUT = "ans1"
DECIMAL_HINT = "Give your answer as a decimal (to at least 4 significant digits)."


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element with optional text."""
    child = ET.SubElement(parent, tag, attrs)
    if text is not None:
        child.text = text
    return child


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = None) -> ET.Element:
    """``<tag format="…"><text>…</text></tag>``, Moodle's wrapper for every text field."""
    element = _sub(parent, tag, **({"format": fmt} if fmt else {}))
    _sub(element, "text", text)
    return element


def _html(pieces: Iterable[Piece]) -> str:
    """Statement pieces as HTML with MathJax delimiters."""
    return "".join(rf"\({p.text}\)" if p.math else html.escape(p.text) for p in pieces)


def _feedback(item: QuizItem) -> str:
    """The worked solution as HTML: one paragraph per step, the answer last."""
    parts = []
    for line in item.key.steps:
        math = "" if line.math is None else rf" \({line.math}\)"
        parts.append(f"<p>{'&nbsp;' * 4 * line.depth}{html.escape(line.text)}{math}</p>")
    parts.append(rf"<p>Answer: \({item.key.latex}\)</p>")
    return "\n".join(parts)


def _name(item: QuizItem) -> str:
    """The question's name in the question bank."""
    variant = f" ({item.variant})" if item.variant else ""
    return f"{item.number:03d} {item.reference}{variant}"


def _common(question: ET.Element, item: QuizItem, body: str) -> None:
    """Name, text, general feedback, grade and penalty: the head of every question."""
    _text(question, "name", _name(item))
    _text(question, "questiontext", body, "html")
    _text(question, "generalfeedback", _feedback(item), "html")
    _sub(question, "defaultgrade", "1.0000000")
    _sub(question, "penalty", "0.1000000")
    _sub(question, "hidden", "0")
    _sub(question, "idnumber", f"{item.reference}#{item.number}")


def _tolerance(value: float) -> str:
    """An absolute tolerance of 0.1% of the value, at least 0.0001."""
    return float_text(max(abs(value) * REL_TOLERANCE, ABS_TOLERANCE))


def _numerical(root: ET.Element, item: QuizItem, value: float) -> None:
    """A numerical question: one answer with its tolerance."""
    question = _sub(root, "question", type="numerical")
    body = f"<p>{_html(statement(item.problem))}</p>\n<p>{DECIMAL_HINT}</p>"
    _common(question, item, body)
    answer = _sub(question, "answer", fraction="100", format="moodle_auto_format")
    _sub(answer, "text", float_text(value))
    _text(answer, "feedback", "", "html")
    _sub(answer, "tolerance", _tolerance(value))
    for tag, text in (("unitgradingtype", "0"), ("unitpenalty", "0.1000000"),
                      ("showunits", "3"), ("unitsleft", "0")):  # fmt: skip
        _sub(question, tag, text)


def _cloze(root: ET.Element, item: QuizItem, values: tuple[float, ...]) -> None:
    """A cloze question: one numerical blank per coordinate."""
    blanks = ", ".join(f"{{1:NUMERICAL:={float_text(v)}:{_tolerance(v)}}}" for v in values)
    body = f"<p>{_html(statement(item.problem))}</p>\n<p>{DECIMAL_HINT}</p>\n<p>({blanks})</p>"
    question = _sub(root, "question", type="cloze")
    _text(question, "name", _name(item))
    _text(question, "questiontext", body, "html")
    _text(question, "generalfeedback", _feedback(item), "html")
    _sub(question, "penalty", "0.1000000")
    _sub(question, "hidden", "0")
    _sub(question, "idnumber", f"{item.reference}#{item.number}")


def answer_test(item: QuizItem) -> tuple[str, str]:
    """The STACK answer test that fits the kind, and its option (the variable)."""
    kind = item.problem.kind
    if kind == "derivative":
        return "Diff", item.problem.var or "x"
    if kind == "integral":
        return "Int", item.problem.var or "x"
    if kind == "ode" and item.key.constants:
        return "SubstEquiv", ""
    return "AlgEquiv", ""


def _teacher_input(item: QuizItem) -> str:
    """What the question test types: the teacher's answer, plus c for an antiderivative."""
    return "ta+c" if item.problem.kind == "integral" else "ta"


def _stack_options(question: ET.Element) -> None:
    """STACK's question-wide options, at their defaults."""
    for tag, text in (
        ("questionsimplify", "1"), ("assumepositive", "0"), ("assumereal", "0"),
        ("decimals", "."), ("scientificnotation", "*10"), ("multiplicationsign", "dot"),
        ("sqrtsign", "1"), ("complexno", "i"), ("inversetrig", "cos-1"),
        ("logicsymbol", "lang"), ("matrixparens", "["), ("variantsselectionseed", ""),
    ):  # fmt: skip
        _sub(question, tag, text)


def _stack_input(question: ET.Element, item: QuizItem) -> None:
    """The algebraic input box."""
    element = _sub(question, "input")
    forbid = {"derivative": "diff", "integral": "int", "gradient": "diff"}.get(
        item.problem.kind, ""
    )
    floats = "0" if item.key.numbers is not None else "1"
    for tag, text in (
        ("name", INPUT), ("type", "algebraic"), ("tans", _teacher_input(item)),
        ("boxsize", "30"), ("strictsyntax", "1"), ("insertstars", "0"), ("syntaxhint", ""),
        ("syntaxattribute", "0"), ("forbidwords", forbid), ("allowwords", ""),
        ("forbidfloat", floats), ("requirelowestterms", "0"), ("checkanswertype", "0"),
        ("mustverify", "1"), ("showvalidation", "1"), ("options", ""),
    ):  # fmt: skip
        _sub(element, tag, text)


def _stack_prt(question: ET.Element, item: QuizItem) -> None:
    """The potential response tree: one node, full marks when the answer test passes."""
    prt = _sub(question, "prt")
    for tag, text in (("name", PRT), ("value", "1.0000000"), ("autosimplify", "1"),
                      ("feedbackstyle", "1")):  # fmt: skip
        _sub(prt, tag, text)
    _text(prt, "feedbackvariables", "")
    node = _sub(prt, "node")
    test, option = answer_test(item)
    for tag, text in (
        ("name", "0"), ("description", ""), ("answertest", test), ("sans", INPUT),
        ("tans", "ta"), ("testoptions", option), ("quiet", "0"),
    ):  # fmt: skip
        _sub(node, tag, text)
    for branch, score, note in (("true", "1.0000000", "T"), ("false", "0.0000000", "F")):
        _sub(node, f"{branch}scoremode", "=")
        _sub(node, f"{branch}score", score)
        _sub(node, f"{branch}penalty", "")
        _sub(node, f"{branch}nextnode", "-1")
        _sub(node, f"{branch}answernote", f"{PRT}-1-{note}")
        _text(node, f"{branch}feedback", "", "html")


def _stack_test(question: ET.Element, item: QuizItem) -> None:
    """A question test: the teacher's answer scores full marks."""
    qtest = _sub(question, "qtest")
    _sub(qtest, "testcase", "1")
    _sub(qtest, "description", "The teacher's answer scores full marks.")
    given = _sub(qtest, "testinput")
    _sub(given, "name", INPUT)
    _sub(given, "value", _teacher_input(item))
    expected = _sub(qtest, "expected")
    for tag, text in (
        ("name", PRT), ("expectedscore", "1.0000000"), ("expectedpenalty", "0.0000000"),
        ("expectedanswernote", f"{PRT}-1-T"),
    ):  # fmt: skip
        _sub(expected, tag, text)


def _stack(root: ET.Element, item: QuizItem) -> None:
    """A STACK question for a symbolic answer."""
    question = _sub(root, "question", type="stack")
    body = (
        f"<p>{_html(statement(item.problem))}</p>\n<p>[[input:{INPUT}]] [[validation:{INPUT}]]</p>"
    )
    _common(question, item, body)
    _text(question, "stackversion", STACK_VERSION)
    _text(question, "questionvariables", f"ta: {item.key.maxima};")
    _text(question, "specificfeedback", f"[[feedback:{PRT}]]", "html")
    _text(question, "questionnote", "{@ta@}", "moodle_auto_format")
    _stack_options(question)
    _stack_input(question, item)
    _stack_prt(question, item)
    _stack_test(question, item)


def _category(root: ET.Element, quiz: Quiz, set_name: str) -> None:
    """The category question that files the following questions under the set's name."""
    question = _sub(root, "question", type="category")
    # a slash would open a sub-category
    path = "/".join(part.replace("/", "-") for part in (quiz.title, set_name))
    _text(question, "category", f"$course$/top/{path}")
    _text(question, "info", f"Questions from the calctutor set {set_name}.", "html")


def _question(root: ET.Element, item: QuizItem) -> None:
    """The question of the right type for the item's answer."""
    numbers = item.key.numbers
    if numbers is not None and len(numbers) == 1:
        _numerical(root, item, numbers[0])
    elif numbers is not None:
        _cloze(root, item, numbers)
    else:
        _stack(root, item)


def render(quiz: Quiz) -> str:
    """The quiz as Moodle XML text, one category per set."""
    root = ET.Element("quiz")
    for set_name in dict.fromkeys(item.set_name for item in quiz.items):
        _category(root, quiz, set_name)
        for item in quiz.items:
            if item.set_name == set_name:
                _question(root, item)
    ET.indent(root, "  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
