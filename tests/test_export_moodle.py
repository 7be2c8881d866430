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
    "assumepositive", "assumereal", "prtcorrect", "prtpartiallycorrect", "prtincorrect",
    "decimals", "scientificnotation", "multiplicationsign",
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


def by_id(root: ET.Element) -> dict[str, ET.Element]:
    """Questions by problem id."""
    return {q.findtext("idnumber", "").split("/")[1].split("#")[0]: q for q in root
            if q.get("type") != "category"}  # fmt: skip


def test_stack_questions_follow_stacks_own_layout() -> None:
    stack = questions(parsed(), "stack")
    assert len(stack) == 8
    for question in stack:
        children = [c.tag for c in question]
        assert list(dict.fromkeys(t for t in children if t in STACK_ORDER)) == STACK_ORDER
        assert [c.tag for c in question.find("input")] == INPUT_FIELDS  # type: ignore[union-attr]
        for node in question.findall("prt/node"):
            assert [c.tag for c in node] == NODE_FIELDS
        assert question.findtext("questionvariables/text", "").startswith("ta: ")
        assert "[[input:ans1]]" in question.findtext("questiontext/text", "")
        assert question.find("questiontext").get("format") == "html"  # type: ignore[union-attr]
        # the first question test types the teacher's answer and expects full marks
        assert question.findtext("qtest/testinput/value") == question.findtext("input/tans")
        assert question.findtext("qtest/expected/expectedscore") == "1.0000000"
        for tag in ("prtcorrect", "prtpartiallycorrect", "prtincorrect"):
            assert question.findtext(f"{tag}/text")


def test_every_question_is_worth_one_mark_and_keeps_its_id() -> None:
    root = parsed()
    graded = [q for q in root if q.get("type") != "category"]
    assert {q.get("type") for q in graded} == {"stack", "numerical"}  # no cloze: Moodle
    # ignores a cloze question's defaultgrade and makes it worth its number of blanks
    for question in graded:
        assert question.findtext("defaultgrade") == "1.0000000"
        assert re.fullmatch(r"[a-z]+/[a-z0-9]+#\d+", question.findtext("idnumber", ""))


def test_the_deciding_test_fits_the_kind() -> None:
    tests = {}
    for ident, question in by_id(parsed()).items():
        if question.get("type") != "stack":
            continue
        node = question.find("prt/node")
        assert node is not None
        paths = ("answertest", "testoptions")
        tests[ident] = (*(node.findtext(p) for p in paths), question.findtext("input/tans"))
    assert tests["d1"] == ("Diff", "x", "ta")
    assert tests["i1"] == ("Int", "[x, NOCONST]", "ta+c")
    assert tests["g1"] == ("AlgEquiv", "", "ta")
    assert tests["c1"][0] == "Sets"


def test_teacher_answers_are_maxima() -> None:
    variables = [q.findtext("questionvariables/text", "").splitlines()[0]
                 for q in questions(parsed(), "stack")]  # fmt: skip
    assert "ta: x^3*cos(x) + 3*x^2*sin(x);" in variables
    assert "ta: matrix([2*y, 2*x],[2*x, 0]);" in variables
    assert all("**" not in v for v in variables)


def test_numbers_become_numerical_and_stack_questions() -> None:
    root = parsed()
    [numerical] = questions(root, "numerical")
    answer = numerical.find("answer")
    assert answer is not None and answer.get("fraction") == "100"
    assert float(answer.findtext("text", "")) == 9.0
    assert 0 < float(answer.findtext("tolerance", "")) <= 0.01
    step = by_id(root)["s1"]
    assert step.get("type") == "stack"
    assert step.findtext("questionvariables/text", "").startswith("ta: [0.8, 1.6];")
    assert step.findtext("input/forbidfloat") == "0"
    assert step.findtext("input/syntaxhint") == "[?, ?]"


def test_author_text_is_escaped_and_math_uses_mathjax() -> None:
    text = moodle.render(sample_quiz())
    assert "Cost &amp;amp; profit" in text
    assert r"\(\frac{d}{dx}" in text
