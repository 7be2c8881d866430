"""The Moodle XML export: well-formed, and shaped like the files Moodle and STACK export."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from export_sample import sample_quiz

from calctutor.export import moodle

# The child order of a STACK question in STACK's own sample files (CR-Diff-01-basic-1-b).
STACK_ORDER = [
    "name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden", "idnumber",
    "stackversion", "questionvariables", "specificfeedback", "questionnote", "questionsimplify",
    "assumepositive", "assumereal", "decimals", "scientificnotation", "multiplicationsign",
    "sqrtsign", "complexno", "inversetrig", "logicsymbol", "matrixparens",
    "variantsselectionseed", "input", "prt", "qtest",
]  # fmt: skip
INPUT_FIELDS = ["name", "type", "tans", "boxsize", "strictsyntax", "insertstars", "syntaxhint",
                "syntaxattribute", "forbidwords", "allowwords", "forbidfloat",
                "requirelowestterms", "checkanswertype", "mustverify", "showvalidation",
                "options"]  # fmt: skip
NODE_FIELDS = ["name", "description", "answertest", "sans", "tans", "testoptions", "quiet",
               "truescoremode", "truescore", "truepenalty", "truenextnode", "trueanswernote",
               "truefeedback", "falsescoremode", "falsescore", "falsepenalty", "falsenextnode",
               "falseanswernote", "falsefeedback"]  # fmt: skip


def parsed() -> ET.Element:
    """The export of the sample quiz, parsed."""
    text = moodle.render(sample_quiz())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    return ET.fromstring(text)


def questions(root: ET.Element, kind: str) -> list[ET.Element]:
    """The questions of one type."""
    return [q for q in root if q.get("type") == kind]


def test_one_category_per_set_before_its_questions() -> None:
    root = parsed()
    assert root.tag == "quiz"
    types = [q.get("type") for q in root]
    assert types.count("category") == 2 and types[0] == "category"
    categories = [q.findtext("category/text") for q in questions(root, "category")]
    assert categories == ["$course$/top/Sample quiz/calculus", "$course$/top/Sample quiz/several"]
    assert len(root) == 11


def test_stack_questions_follow_stacks_own_layout() -> None:
    stack = questions(parsed(), "stack")
    assert len(stack) == 7
    for question in stack:
        children = [c.tag for c in question]
        assert [t for t in children if t in STACK_ORDER] == STACK_ORDER
        assert [c.tag for c in question.find("input")] == INPUT_FIELDS  # type: ignore[union-attr]
        node = question.find("prt/node")
        assert node is not None and [c.tag for c in node] == NODE_FIELDS
        assert question.findtext("questionvariables/text", "").startswith("ta: ")
        assert "[[input:ans1]]" in question.findtext("questiontext/text", "")
        assert question.find("questiontext").get("format") == "html"  # type: ignore[union-attr]
        # the question test types the input's teacher answer and expects the true branch
        assert question.findtext("qtest/testinput/value") == question.findtext("input/tans")
        assert question.findtext("qtest/expected/expectedscore") == "1.0000000"
        note = question.findtext("qtest/expected/expectedanswernote")
        assert note == node.findtext("trueanswernote") == "prt1-1-T"


def test_answer_tests_fit_the_kind() -> None:
    tests = {}
    for question in questions(parsed(), "stack"):
        ident = question.findtext("idnumber", "").split("/")[1].split("#")[0]
        node = ("prt/node/answertest", "prt/node/testoptions", "input/tans")
        tests[ident] = tuple(question.findtext(path) for path in node)
    assert tests["d1"] == ("Diff", "x", "ta")
    assert tests["i1"] == ("Int", "x", "ta+c")
    assert tests["o1"][0] == "SubstEquiv"
    assert tests["g1"] == ("AlgEquiv", "", "ta")


def test_teacher_answers_are_maxima() -> None:
    variables = [q.findtext("questionvariables/text", "") for q in questions(parsed(), "stack")]
    assert "ta: x^3*cos(x) + 3*x^2*sin(x);" in variables
    assert "ta: matrix([2*y, 2*x],[2*x, 0]);" in variables
    assert all("**" not in v for v in variables)


def test_numbers_become_numerical_and_cloze_questions() -> None:
    root = parsed()
    [numerical] = questions(root, "numerical")
    answer = numerical.find("answer")
    assert answer is not None and answer.get("fraction") == "100"
    assert float(answer.findtext("text", "")) == 9.0
    assert 0 < float(answer.findtext("tolerance", "")) <= 0.01
    [cloze] = questions(root, "cloze")
    blanks = re.findall(
        r"\{1:NUMERICAL:=([-\d.]+):([\d.]+)\}", cloze.findtext("questiontext/text", "")
    )
    assert [float(v) for v, _ in blanks] == [0.8, 1.6]


def test_author_text_is_escaped_and_math_uses_mathjax() -> None:
    text = moodle.render(sample_quiz())
    assert "Cost &amp;amp; profit" in text
    assert r"\(\frac{d}{dx}" in text
