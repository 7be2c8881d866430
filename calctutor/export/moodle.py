"""A quiz as Moodle XML: STACK questions for symbolic answers, numerical ones for numbers.

The layout follows the files Moodle and STACK export themselves: a ``category`` question per
set, then its questions, each worth 1 mark (``defaultgrade``) with its ``idnumber``. A STACK
question grades as calctutor grades (``stack_kinds``: response trees per kind, question tests
for the key and common wrong answers). A single number becomes a ``numerical`` question with
calctutor's tolerance; several numbers (an optimizer step) a STACK question with a tolerance
per coordinate — not a cloze question, whose ``defaultgrade`` Moodle's import ignores (a cloze
question is worth as many marks as it has blanks).
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from calctutor.export.statement import Piece, statement
from calctutor.quiz.build import Quiz, QuizItem
from calctutor.sets.answers import float_text

STACK_VERSION = "2023121100"
PRT_TEXTS = (
    ("prtcorrect", '<span style="color: green;">✔</span> Correct answer, well done.'),
    ("prtpartiallycorrect", '<span style="color: orange;">◐</span> Your answer is partially '
     "correct."),
    ("prtincorrect", '<span style="color: red;">✘</span> Incorrect answer.'),
)  # fmt: skip
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


# STACK reads {@…@}, {#…#} and [[…]] in any text as its own; MathJax reads \( in prose.
INERT = (("{@", "{&#64;"), ("{#", "{&#35;"), ("[[", "[&#91;"))


def inert(text: str) -> str:
    """HTML that STACK's CAS text leaves as it is (the entities look the same on the page)."""
    for found, entity in INERT:
        text = text.replace(found, entity)
    return text


def _prose(text: str) -> str:
    """Plain text as HTML that neither STACK nor MathJax reads as markup."""
    return inert(html.escape(text).replace("\\", "&#92;"))


def _math(latex: str) -> str:
    """LaTeX between MathJax delimiters, HTML-escaped."""
    return inert(rf"\({html.escape(latex, quote=False)}\)")


def _html(pieces: Iterable[Piece]) -> str:
    """Statement pieces as HTML with MathJax delimiters."""
    return "".join(_math(p.text) if p.math else _prose(p.text) for p in pieces)


def _feedback(item: QuizItem) -> str:
    """The worked solution as HTML: one paragraph per step, the answer last."""
    from calctutor.notation import to_html

    parts = []
    for line in item.key.steps:
        math = "" if line.math is None else " " + _math(line.math)
        parts.append(f"<p>{'&nbsp;' * 4 * line.depth}{inert(to_html(line.text))}{math}</p>")
    parts.append(f"<p>Answer: {_math(item.key.latex)}</p>")
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


def _tolerance(item: QuizItem, value: float) -> str:
    """calctutor's allowance for a typed number, as Moodle's absolute tolerance."""
    from calctutor.export.stack_kinds import allowance

    return float_text(allowance(item.problem, value))


def _numerical(root: ET.Element, item: QuizItem, value: float) -> None:
    """A numerical question: one answer with its tolerance."""
    question = _sub(root, "question", type="numerical")
    body = f"<p>{_html(statement(item.problem))}</p>\n<p>{DECIMAL_HINT}</p>"
    _common(question, item, body)
    answer = _sub(question, "answer", fraction="100", format="moodle_auto_format")
    _sub(answer, "text", float_text(value))
    _text(answer, "feedback", "", "html")
    _sub(answer, "tolerance", _tolerance(item, value))
    for tag, text in (("unitgradingtype", "0"), ("unitpenalty", "0.1000000"),
                      ("showunits", "3"), ("unitsleft", "0")):  # fmt: skip
        _sub(question, tag, text)


def _stack_options(question: ET.Element) -> None:
    """STACK's question-wide options: the feedback texts, then the defaults."""
    for tag, text in (("questionsimplify", "1"), ("assumepositive", "0"), ("assumereal", "0")):
        _sub(question, tag, text)
    for tag, text in PRT_TEXTS:
        _text(question, tag, text, "html")
    for tag, text in (
        ("decimals", "."), ("scientificnotation", "*10"), ("multiplicationsign", "dot"),
        ("sqrtsign", "1"), ("complexno", "i"), ("inversetrig", "cos-1"),
        ("logicsymbol", "lang"), ("matrixparens", "["), ("variantsselectionseed", ""),
    ):  # fmt: skip
        _sub(question, tag, text)


def _stack(root: ET.Element, item: QuizItem) -> None:
    """A STACK question graded as calctutor grades it (a symbolic answer, or several numbers)."""
    from calctutor.export import stack
    from calctutor.export.stack_grading import grading

    graded = grading(item, item.key.numbers)
    how = f"\n<p>{_prose(graded.instructions)}</p>" if graded.instructions else ""
    body = (
        f"<p>{_html(statement(item.problem))}</p>{how}\n"
        f"<p>[[input:{stack.INPUT}]] [[validation:{stack.INPUT}]]</p>"
    )
    question = _sub(root, "question", type="stack")
    _common(question, item, body)
    _text(question, "stackversion", STACK_VERSION)
    stack.write_variables(question, graded)
    _text(question, "specificfeedback", f"[[feedback:{stack.PRT}]]", "html")
    _text(question, "questionnote", "{@ta@}", "moodle_auto_format")
    _stack_options(question)
    stack.write_input(question, graded)
    stack.write_prt(question, graded)
    stack.write_tests(question, graded)


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
